package org.fengqiao.platform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;

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
        // while the database is down a request waits at most this long for a connection, then answers 503
        // (DatabaseUnavailable) instead of hanging for the pool's default 30 s; busy pools hand one out in milliseconds
        ds.setConnectionTimeout(3_000);
        ds.setPoolName("fengqiao");
        // the event listener threads' commits do not wait for the disk (see ListenerCommits)
        return new ListenerCommits(ds);
    }

    @Bean(destroyMethod = "close")
    DatabaseMode databaseMode(DataSourceProperties properties, FengqiaoProperties fengqiao,
                              @org.springframework.beans.factory.annotation.Value(
                                      "${fengqiao.embedded-db-preload:}") String preload) throws IOException {
        if (StringUtils.hasText(properties.getUrl())) {
            return new DatabaseMode(null, null);
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
        FileLock lock = lockDataFolder(dir);
        stopOrphanedServer(pgDir);
        log.info("Starting the embedded PostgreSQL with its data in {}", pgDir);
        try {
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .setDataDirectory(pgDir)
                    .setCleanDataDirectory(false)
                    // Spring stops the server after everything that uses it (DatabaseMode.close); a JVM hook of its
                    // own would race the context's shutdown and leave it waiting for connections
                    .setRegisterShutdownHook(false)
                    .setPort(fengqiao.embeddedDbPort())
                    // after an unclean stop a large database replays its write-ahead log first (a 12 GB scale-run
                    // folder took longer than the library's 10 s default, and the start was abandoned)
                    .setPGStartupWait(java.time.Duration.ofMinutes(10))
                    .setServerConfig("max_connections", "100")
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    // a large registry import is stored in parts on parallel connections with two-phase commit
                    // (registry.ImportParts): each part is a prepared transaction until all are decided
                    .setServerConfig("max_prepared_transactions", "16")
                    // one 100,000-row import writes ~180-230 MB of WAL: with the default 1 GB every fifth import or so
                    // had a checkpoint requested in its middle, after which every page it touched was logged whole
                    // (+8,000-13,000 full-page images, +45-90 MB, the slow run of a series; docs/OPERATIONS.md)
                    .setServerConfig("max_wal_size", "4GB")
                    // for profiling only, e.g. pg_stat_statements (docs/benchmarks.md, intake); empty by default
                    .setServerConfig("shared_preload_libraries", preload)
                    .start();
            return new DatabaseMode(pg, lock);
        } catch (IOException | RuntimeException e) {
            throw new StartupProblem("The embedded PostgreSQL could not start in " + pgDir + ": " + e.getMessage()
                    + ". Is another Fengqiao using this data folder? Set FENGQIAO_DATA_DIR to another folder.");
        }
    }

    /**
     * A lock held for the life of this process marks the data folder as in use, so a second Fengqiao on the same
     * folder stops with a clear message instead of corrupting the database.
     */
    private static FileLock lockDataFolder(Path dir) {
        try {
            FileChannel channel = FileChannel.open(dir.resolve("fengqiao.lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (java.nio.channels.OverlappingFileLockException sameProcess) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                throw new StartupProblem("The data folder " + dir + " is in use by another running Fengqiao."
                        + " Stop that one, or set FENGQIAO_DATA_DIR to another folder.");
            }
            return lock;
        } catch (IOException e) {
            throw new StartupProblem("The data folder " + dir + " cannot be locked: " + e.getMessage());
        }
    }

    /**
     * If a previous Fengqiao was killed (kill -9, power cut of the JVM only), its embedded PostgreSQL may still run
     * on our data folder. We hold the folder lock, so no Fengqiao owns it: shut it down cleanly (committed work is
     * already durable in its WAL) before starting our own.
     */
    private static void stopOrphanedServer(Path pgDir) {
        Path pidFile = pgDir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        try {
            long pid = Long.parseLong(Files.readAllLines(pidFile).getFirst().trim());
            ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .filter(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(false))
                    .ifPresent(orphan -> {
                        log.warn("Stopping the embedded PostgreSQL (pid {}) left running by a Fengqiao that ended"
                                + " abnormally", pid);
                        orphan.destroy();
                        try {
                            orphan.onExit().get(30, TimeUnit.SECONDS);
                        } catch (Exception e) {
                            orphan.destroyForcibly();
                            orphan.onExit().join();
                        }
                    });
        } catch (IOException | RuntimeException e) {
            log.warn("Could not read {}: {}", pidFile, e.getMessage());
        }
    }
}
