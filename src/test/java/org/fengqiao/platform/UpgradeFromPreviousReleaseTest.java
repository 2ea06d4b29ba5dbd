package org.fengqiao.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import javax.sql.DataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.fengqiao.FengqiaoApplication;
import org.fengqiao.support.StaffClient;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A database of the previous release, full of that release's data, upgrades to this build: the release's schema and
 * data (the demo county with three months of reports and cases, written by the release's own code and dumped by
 * {@code scripts/make-release-dump.sh}) are loaded into a fresh PostgreSQL, migrated to HEAD, and every row of every
 * release table is compared, column by column, with what was there before; then the platform starts on it, decrypts
 * what the release encrypted, and serves a signed-in clerk.
 */
class UpgradeFromPreviousReleaseTest {

    /** The sample data's keys, as in scripts/make-release-dump.sh: they protect nothing but this test data. */
    static final String KEY = base64("fengqiao upgrade test data key!!", 16);
    static final String INDEX_KEY = base64("fengqiao upgrade test index key, 32 bytes", 32);

    @Test
    void theReleaseDatabaseMigratesToHeadWithEveryRowIntactAndThePlatformRunsOnIt(@TempDir Path pgDir,
                                                                                     @TempDir Path dataDir)
            throws Exception {
        MigrationVersionsTest.Release release = MigrationVersionsTest.previousRelease();
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setDataDirectory(pgDir).start()) {
            JdbcClient.create(pg.getPostgresDatabase()).sql("create database fengqiao").update();
            DataSource ds = pg.getDatabase("postgres", "fengqiao");
            load(ds, "releases/" + release.tag() + "/schema-and-data.sql.gz");
            JdbcClient db = JdbcClient.create(ds);
            assertThat(db.sql("select count(*) from flyway_schema_history where success").query(Long.class).single())
                    .isEqualTo(release.migrations().size());

            Map<String, List<String>> releaseTables = tablesAndColumns(db);
            Map<String, String> before = fingerprints(db, releaseTables);
            assertThat(before.get("report")).doesNotStartWith("0/");
            assertThat(before.get("case_file")).doesNotStartWith("0/");

            new SchemaUpgrade().migrate(Flyway.configure().dataSource(ds).locations("classpath:db/migration").load());

            assertThat(db.sql("select count(*) from flyway_schema_history where not success").query(Long.class)
                    .single()).isZero();
            assertThat(db.sql("select count(*) from flyway_schema_history where version is not null")
                    .query(Long.class).single()).isEqualTo(MigrationVersionsTest.currentMigrations().size());
            assertThat(fingerprints(db, releaseTables)).as("every release table, row by row").isEqualTo(before);

            String url = pg.getJdbcUrl("postgres", "fengqiao");
            try (ConfigurableApplicationContext app = new SpringApplication(FengqiaoApplication.class).run(
                    "--spring.datasource.url=" + url, "--spring.datasource.username=postgres",
                    "--spring.datasource.password=", "--server.port=0", "--fengqiao.data-dir=" + dataDir,
                    "--fengqiao.demo.load=never", "--fengqiao.crypto.key=" + KEY,
                    "--fengqiao.crypto.index-key=" + INDEX_KEY, "--logging.level.root=warn")) {
                // what the release encrypted decrypts, and its blind index still finds it
                FieldCipher cipher = app.getBean(FieldCipher.class);
                var person = db.sql("select id_number_enc, id_number_index from person"
                        + " where id_number_enc is not null order by id limit 1").query().singleRow();
                String idNumber = cipher.decrypt((byte[]) person.get("id_number_enc"));
                assertThat(idNumber).matches("\\d{17}[\\dX]");
                assertThat(cipher.blindIndex(idNumber)).isEqualTo((byte[]) person.get("id_number_index"));

                String base = "http://localhost:" + app.getEnvironment().getProperty("local.server.port");
                StaffClient clerk = new StaffClient().login(base, "county.intake", "Fengqiao@2026");
                HttpResponse<String> cases = clerk.getJson(base + "/api/cases?limit=5");
                assertThat(cases.statusCode()).isEqualTo(200);
                assertThat(cases.body()).contains("\"number\":\"440784-");
                assertThat(clerk.get(base + "/actuator/health").body()).contains("\"UP\"");
            }
        }
    }

    /** Runs a plain-SQL dump through JDBC (the PostgreSQL driver splits the statements, dollar quotes included). */
    static void load(DataSource ds, String resource) throws IOException, java.sql.SQLException {
        String sql;
        try (InputStream in = new GZIPInputStream(new ClassPathResource(resource).getInputStream())) {
            sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** Every table of the schema (but Flyway's own) with its columns, as the release left them. */
    static Map<String, List<String>> tablesAndColumns(JdbcClient db) {
        Map<String, List<String>> tables = new LinkedHashMap<>();
        for (String table : db.sql("select table_name from information_schema.tables where table_schema = 'public'"
                + " and table_type = 'BASE TABLE' and table_name <> 'flyway_schema_history' order by 1")
                .query(String.class).list()) {
            tables.put(table, db.sql("select column_name from information_schema.columns where table_schema ="
                    + " 'public' and table_name = ? order by ordinal_position").param(table).query(String.class).list());
        }
        return tables;
    }

    /** Per table: row count and a hash over every row's values in the given columns, order-independent. */
    static Map<String, String> fingerprints(JdbcClient db, Map<String, List<String>> tables) {
        Map<String, String> result = new LinkedHashMap<>();
        tables.forEach((table, columns) -> {
            String row = "row(" + String.join(", ", columns.stream().map(c -> '"' + c + '"').toList()) + ")::text";
            result.put(table, db.sql("select count(*) || '/' || coalesce(md5(string_agg(h, '' order by h)), '-')"
                    + " from (select md5(" + row + ") h from \"" + table + "\") x").query(String.class).single());
        });
        return result;
    }

    private static String base64(String text, int bytes) {
        byte[] all = text.getBytes(StandardCharsets.US_ASCII);
        return Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(all, bytes));
    }
}
