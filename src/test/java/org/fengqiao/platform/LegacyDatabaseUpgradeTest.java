package org.fengqiao.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import javax.sql.DataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.fengqiao.FengqiaoApplication;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Databases made by builds before the first release lack V302, V401, V402, V602, V701 and V902, which were added
 * below versions they had already applied: they upgrade, and anything else Flyway refuses stops the start in one
 * line, not a stack trace.
 */
@ExtendWith(OutputCaptureExtension.class)
class LegacyDatabaseUpgradeTest {

    static final Set<String> ADDED_BELOW = Set.of("302", "401", "402", "602", "701", "902");

    static EmbeddedPostgres pg;

    @BeforeAll
    static void start(@TempDir Path dir) throws IOException {
        pg = EmbeddedPostgres.builder().setDataDirectory(dir).start();
    }

    @AfterAll
    static void stop() throws IOException {
        pg.close();
    }

    @Test
    void aDatabaseOfAnEarlierBuildGetsTheMigrationsAddedBelowItsVersions(@TempDir Path earlier) throws IOException {
        DataSource ds = database("earlier_build");
        copyMigrations(earlier, name -> ADDED_BELOW.stream().noneMatch(v -> name.startsWith("V" + v + "__")));
        Flyway.configure().dataSource(ds).locations("filesystem:" + earlier).load().migrate();
        JdbcClient db = JdbcClient.create(ds);
        assertThat(versions(db)).doesNotContainAnyElementsOf(ADDED_BELOW).contains("952");
        // what today's build does at start
        Flyway today = Flyway.configure().dataSource(ds).locations("classpath:db/migration").load();
        assertThatThrownBy(today::validate).hasMessageContaining("not applied");

        new SchemaUpgrade().migrate(today);

        assertThat(versions(db)).containsAll(ADDED_BELOW);
        assertThat(db.sql("select count(*) from flyway_schema_history where not success").query(Long.class).single())
                .isZero();
        // what the six created is there
        assertThat(db.sql("select count(*) from information_schema.columns where table_name = 'account'"
                + " and column_name = 'totp_enabled'").query(Long.class).single()).isOne();
        assertThat(db.sql("select count(*) from audit_anchor").query(Long.class).single()).isZero();
        Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().validate();
    }

    @Test
    void aMigrationMissingAboveTheFirstReleaseIsRefusedInOneLine(@TempDir Path newer) throws IOException {
        DataSource ds = database("branch_build");
        copyMigrations(newer, name -> true);
        // a development build applied a dated migration above one that this build has and the database lacks
        Files.writeString(newer.resolve("V2999_12_31_2359__from_a_branch.sql"), "create table branch_only (id int);");
        Files.writeString(newer.resolve("V2000_01_01_0000__missing.sql"), "create table missing (id int);");
        Flyway.configure().dataSource(ds).locations("filesystem:" + newer).target("952").load().migrate();
        Files.delete(newer.resolve("V2000_01_01_0000__missing.sql"));
        Flyway.configure().dataSource(ds).locations("filesystem:" + newer).load().migrate();
        Files.writeString(newer.resolve("V2000_01_01_0000__missing.sql"), "create table missing (id int);");

        Flyway today = Flyway.configure().dataSource(ds).locations("filesystem:" + newer).load();
        assertThatThrownBy(() -> new SchemaUpgrade().migrate(today))
                .isInstanceOf(StartupProblem.class)
                .hasMessageContaining("V2000.01.01.0000")
                .hasMessageContaining("docs/OPERATIONS.md")
                .hasMessageNotContaining("\n");
    }

    @Test
    void aChangedMigrationStopsTheStartInOneLine(@TempDir Path dataDir, CapturedOutput output) {
        DataSource ds = database("changed_migration");
        Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
        JdbcClient.create(ds).sql("update flyway_schema_history set checksum = 42 where version = '601'").update();

        assertThatThrownBy(() -> new SpringApplication(FengqiaoApplication.class).run(
                "--spring.datasource.url=" + pg.getJdbcUrl("postgres", "changed_migration"),
                "--spring.datasource.username=postgres", "--spring.datasource.password=", "--server.port=0",
                "--fengqiao.data-dir=" + dataDir, "--fengqiao.demo.load=never")).isInstanceOf(Exception.class);
        assertThat(output.getErr()).containsPattern("Fengqiao cannot start: The database schema cannot be upgraded"
                + " to this build: .*checksum mismatch for migration version 601.* See \"Upgrades\" in"
                + " docs/OPERATIONS.md");
        assertThat(output.getAll()).doesNotContain("\tat ");
    }

    @Test
    void anUnreachableDatabaseStopsTheStartInOneLine(@TempDir Path dataDir, CapturedOutput output) {
        assertThatThrownBy(() -> new SpringApplication(FengqiaoApplication.class).run(
                "--spring.datasource.url=jdbc:postgresql://127.0.0.1:1/nowhere?connectTimeout=2",
                "--spring.datasource.username=postgres", "--spring.datasource.password=", "--server.port=0",
                "--spring.datasource.hikari.initialization-fail-timeout=1",
                "--fengqiao.data-dir=" + dataDir, "--fengqiao.demo.load=never")).isInstanceOf(Exception.class);
        assertThat(output.getErr()).containsPattern("Fengqiao cannot start: The database cannot be reached: .*"
                + "Check FENGQIAO_DB_URL");
        assertThat(output.getAll()).doesNotContain("\tat ");
    }

    private static DataSource database(String name) {
        JdbcClient.create(pg.getPostgresDatabase()).sql("create database " + name).update();
        return pg.getDatabase("postgres", name);
    }

    private static void copyMigrations(Path to, java.util.function.Predicate<String> keep) throws IOException {
        for (Resource r : new PathMatchingResourcePatternResolver().getResources("classpath*:db/migration/**/V*.sql")) {
            String name = r.getFilename();
            if (!name.matches("V\\d{3}__.*") || !keep.test(name)) {
                continue; // only the first release's hundreds
            }
            try (InputStream in = r.getInputStream()) {
                Files.copy(in, to.resolve(name));
            }
        }
    }

    private static List<String> versions(JdbcClient db) {
        return db.sql("select version from flyway_schema_history where success and version is not null")
                .query(String.class).list();
    }
}
