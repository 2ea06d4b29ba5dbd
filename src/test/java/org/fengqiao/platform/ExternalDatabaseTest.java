package org.fengqiao.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.fengqiao.FengqiaoApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Given a JDBC URL the platform uses that PostgreSQL instead of its embedded one: it migrates the schema there and
 * loads no demo data unless asked.
 */
class ExternalDatabaseTest {

    @Test
    void usesTheConfiguredDatabaseAndLoadsNoDemoData(@TempDir Path dataDir, @TempDir Path pgDir) throws Exception {
        try (EmbeddedPostgres external = EmbeddedPostgres.builder().setDataDirectory(pgDir).start()) {
            JdbcClient db = JdbcClient.create(external.getPostgresDatabase());
            db.sql("create database fengqiao").update();
            String url = external.getJdbcUrl("postgres", "fengqiao");
            try (ConfigurableApplicationContext app = new SpringApplication(FengqiaoApplication.class).run(
                    "--spring.datasource.url=" + url, "--spring.datasource.username=postgres",
                    "--spring.datasource.password=", "--server.port=0", "--fengqiao.data-dir=" + dataDir)) {
                assertThat(app.getBean(DatabaseMode.class).embedded()).isFalse();
                JdbcClient appDb = JdbcClient.create(external.getDatabase("postgres", "fengqiao"));
                // every migration the application ships ran, and nothing else
                int shipped = new org.springframework.core.io.support.PathMatchingResourcePatternResolver()
                        .getResources("classpath*:db/migration/**/V*.sql").length;
                assertThat(shipped).as("migrations found on the class path").isPositive();
                assertThat(appDb.sql("select count(*) from flyway_schema_history where success and type = 'SQL'")
                        .query(Long.class).single()).isEqualTo(shipped);
                assertThat(appDb.sql("select count(*) from area").query(Long.class).single()).isZero();
                assertThat(appDb.sql("select count(*) from account").query(Long.class).single()).isZero();
            }
            // nothing was started in the data folder
            assertThat(dataDir.resolve("pg")).doesNotExist();
        }
    }
}
