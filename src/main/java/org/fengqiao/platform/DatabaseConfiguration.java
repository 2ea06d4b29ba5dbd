package org.fengqiao.platform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.StringUtils;

/**
 * One database, PostgreSQL. With a JDBC URL configured ({@code FENGQIAO_DB_URL}) the platform uses that server;
 * without one it starts an embedded PostgreSQL whose files live in {@code <data-dir>/pg} and survive restarts.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

    private static final Logger log = LoggerFactory.getLogger(DatabaseConfiguration.class);

    @Bean
    DataSource dataSource(DataSourceProperties properties, FengqiaoProperties fengqiao, DatabaseMode mode)
            throws IOException {
        HikariDataSource ds;
        if (mode.embedded()) {
            EmbeddedPostgres pg = mode.server();
            ds = new HikariDataSource();
            ds.setJdbcUrl(pg.getJdbcUrl("postgres", "postgres"));
            ds.setUsername("postgres");
        } else {
            ds = properties.initializeDataSourceBuilder().type(HikariDataSource.class).build();
        }
        ds.setMaximumPoolSize(16);
        ds.setPoolName("fengqiao");
        return ds;
    }

    @Bean(destroyMethod = "close")
    DatabaseMode databaseMode(DataSourceProperties properties, FengqiaoProperties fengqiao) throws IOException {
        if (StringUtils.hasText(properties.getUrl())) {
            return new DatabaseMode(null);
        }
        Path dir = fengqiao.dataDir().toAbsolutePath().normalize();
        Path pgDir = dir.resolve("pg");
        try {
            Files.createDirectories(pgDir);
        } catch (IOException e) {
            throw new StartupProblem("The data folder " + dir + " cannot be created or written: " + e.getMessage()
                    + ". Set FENGQIAO_DATA_DIR to a writable folder.");
        }
        if (!Files.isWritable(pgDir)) {
            throw new StartupProblem("The data folder " + pgDir + " is not writable."
                    + " Set FENGQIAO_DATA_DIR to a writable folder.");
        }
        log.info("Starting the embedded PostgreSQL with its data in {}", pgDir);
        try {
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .setDataDirectory(pgDir)
                    .setCleanDataDirectory(false)
                    .setPort(fengqiao.embeddedDbPort())
                    .setServerConfig("max_connections", "100")
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .start();
            return new DatabaseMode(pg);
        } catch (IOException | RuntimeException e) {
            throw new StartupProblem("The embedded PostgreSQL could not start in " + pgDir + ": " + e.getMessage()
                    + ". Is another Fengqiao using this data folder? Set FENGQIAO_DATA_DIR to another folder.");
        }
    }
}
