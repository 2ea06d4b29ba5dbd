package org.fengqiao.platform;

import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.MigrationVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.stereotype.Component;

/**
 * Brings the database schema up to this build at start, and says in one line why when it cannot.
 *
 * <p>The first release numbered migrations in per-module hundreds, so six of them (V302, V401, V402, V602, V701,
 * V902) were added below versions that databases made by earlier builds had already applied. Flyway refuses such a
 * database ("resolved migration not applied"). For exactly that case — every skipped migration belongs to the first
 * release — they are applied out of order, which is what the later builds' own databases got in commit order.
 * Any other skipped migration (a dated one below an applied dated one: a database touched by a development branch)
 * stops the start with one line instead. Migrations added since the first release are dated, so a new one is always
 * the highest ({@code MigrationVersionsTest}).
 */
@Component
class SchemaUpgrade implements FlywayMigrationStrategy {

    private static final Logger log = LoggerFactory.getLogger(SchemaUpgrade.class);

    /** The highest version of the first release (v0.1.0): below it, out-of-order migrations are expected. */
    static final MigrationVersion FIRST_RELEASE_LAST = MigrationVersion.fromVersion("952");

    static final String PROCEDURE = "See \"Upgrades\" in docs/OPERATIONS.md.";

    @Override
    public void migrate(Flyway flyway) {
        try {
            List<MigrationInfo> skipped = Arrays.stream(flyway.info().all())
                    .filter(m -> m.getState() == MigrationState.IGNORED).toList();
            if (skipped.isEmpty()) {
                flyway.migrate();
                return;
            }
            List<MigrationInfo> unexpected = skipped.stream()
                    .filter(m -> m.getVersion().isNewerThan(FIRST_RELEASE_LAST.getVersion())).toList();
            if (!unexpected.isEmpty()) {
                throw new StartupProblem("The database has migrations applied above " + versions(unexpected)
                        + ", which this build has but the database has not: it was upgraded by another (newer or"
                        + " development) build. Restore the backup taken before that upgrade, or run that build. "
                        + PROCEDURE);
            }
            log.warn("This database was made by an earlier build of the first release: applying migrations {}"
                    + " that were added below versions it already has", versions(skipped));
            Flyway.configure(flyway.getConfiguration().getClassLoader())
                    .configuration(flyway.getConfiguration())
                    .outOfOrder(true)
                    .load()
                    .migrate();
        } catch (StartupProblem e) {
            throw e;
        } catch (RuntimeException e) {
            throw new StartupProblem(describe(e));
        }
    }

    private static String versions(List<MigrationInfo> migrations) {
        return migrations.stream().map(m -> "V" + m.getVersion()).collect(Collectors.joining(", "));
    }

    /** Flyway's message, cut to what an operator needs, on one line. */
    static String describe(RuntimeException e) {
        SQLException sql = rootSql(e);
        if (sql != null && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
            return "The database cannot be reached: " + oneLine(sql.getMessage())
                    + ". Check FENGQIAO_DB_URL, FENGQIAO_DB_USER and FENGQIAO_DB_PASSWORD, and that PostgreSQL runs.";
        }
        String message = oneLine(e.getMessage())
                .replaceAll("\\s*Need more flexibility with validation rules\\?.*$", "")
                .replaceAll("\\s*To fix this error.*$", "");
        return "The database schema cannot be upgraded to this build: " + message + " " + PROCEDURE;
    }

    private static SQLException rootSql(Throwable e) {
        SQLException found = null;
        for (Throwable t = e; t != null && t != t.getCause(); t = t.getCause()) {
            if (t instanceof SQLException sql) {
                found = sql;
            }
        }
        return found;
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("\\s*\\R\\s*", " ").replaceAll("-{3,}", "").trim();
    }
}
