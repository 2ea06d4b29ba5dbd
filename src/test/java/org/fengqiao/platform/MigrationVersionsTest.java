package org.fengqiao.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * Migrations can only grow: every migration added since the previous release is dated and numbered above every
 * version of that release, and the release's own migrations are all still there under the same names. The
 * previous release is the newest folder under {@code src/test/resources/releases/} (made by
 * {@code scripts/make-release-dump.sh}); its {@code migrations.tsv} lists what its databases have applied.
 */
class MigrationVersionsTest {

    private static final Pattern FILE = Pattern.compile("V([0-9_]+?)__.+\\.sql");
    private static final Pattern DATED = Pattern.compile("(20\\d\\d)_(0[1-9]|1[0-2])_(0[1-9]|[12]\\d|3[01])_([01]\\d|2[0-3])[0-5]\\d");

    @Test
    void everyMigrationSinceThePreviousReleaseIsDatedAndAboveEveryVersionOfThatRelease() throws IOException {
        Release previous = previousRelease();
        Map<MigrationVersion, String> current = currentMigrations();
        List<String> problems = new ArrayList<>();
        for (Map.Entry<MigrationVersion, String> m : current.entrySet()) {
            if (previous.migrations().containsKey(m.getKey())) {
                continue;
            }
            String name = m.getValue();
            if (m.getKey().compareTo(previous.highest()) <= 0) {
                problems.add(name + " is numbered at or below " + previous.highest() + ", the highest version of "
                        + previous.tag() + ": databases of that release would refuse it");
            }
            Matcher file = FILE.matcher(name.substring(name.lastIndexOf('/') + 1));
            if (!file.matches() || !DATED.matcher(file.group(1)).matches()) {
                problems.add(name + " is not named V<yyyy>_<MM>_<dd>_<HHmm>__<what>.sql");
            }
        }
        assertThat(problems).as("new migrations (docs/DEVELOPING.md, Conventions)").isEmpty();
    }

    @Test
    void everyMigrationOfThePreviousReleaseIsStillThereUnderItsName() throws IOException {
        Release previous = previousRelease();
        Map<MigrationVersion, String> current = currentMigrations();
        previous.migrations().forEach((version, script) -> assertThat(current.get(version))
                .as("migration V%s of %s", version, previous.tag())
                .isNotNull()
                .endsWith("/" + script.substring(script.lastIndexOf('/') + 1)));
    }

    @Test
    void theRuleCatchesAMigrationAddedBelowTheRelease() {
        // positive control for the comparison above: the legacy hundreds lose against the release, dated ones win
        MigrationVersion highest = MigrationVersion.fromVersion("952");
        assertThat(MigrationVersion.fromVersion("903").compareTo(highest)).isNegative();
        assertThat(MigrationVersion.fromVersion("2026.11.27.1530").compareTo(highest)).isPositive();
        assertThat(DATED.matcher("2026_11_27_1530").matches()).isTrue();
        assertThat(DATED.matcher("953").matches()).isFalse();
    }

    record Release(String tag, Map<MigrationVersion, String> migrations) {
        MigrationVersion highest() {
            return migrations.keySet().stream().max(Comparator.naturalOrder()).orElseThrow();
        }
    }

    /** The newest release under releases/, with the versions and scripts its databases applied. */
    static Release previousRelease() throws IOException {
        Resource[] lists = new PathMatchingResourcePatternResolver().getResources("classpath:releases/*/migrations.tsv");
        assertThat(lists).as("releases/<tag>/migrations.tsv (scripts/make-release-dump.sh)").isNotEmpty();
        Resource newest = null;
        MigrationVersion newestVersion = null;
        for (Resource list : lists) {
            String tag = tagOf(list);
            MigrationVersion v = MigrationVersion.fromVersion(tag.replaceFirst("^v", ""));
            if (newestVersion == null || v.compareTo(newestVersion) > 0) {
                newest = list;
                newestVersion = v;
            }
        }
        Map<MigrationVersion, String> applied = new TreeMap<>();
        try (InputStream in = newest.getInputStream()) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String[] cols = line.split("\t");
                if (cols.length == 3) {
                    applied.put(MigrationVersion.fromVersion(cols[0]), cols[2].trim());
                }
            }
        }
        assertThat(applied).isNotEmpty();
        return new Release(tagOf(newest), applied);
    }

    private static String tagOf(Resource list) throws IOException {
        String path = list.getURL().getPath();
        String folder = path.substring(0, path.lastIndexOf('/'));
        return folder.substring(folder.lastIndexOf('/') + 1);
    }

    /** Every migration on the classpath, by version, as module/file. */
    static Map<MigrationVersion, String> currentMigrations() throws IOException {
        Map<MigrationVersion, String> found = new TreeMap<>();
        for (Resource r : new PathMatchingResourcePatternResolver().getResources("classpath*:db/migration/**/*.sql")) {
            String path = r.getURL().getPath();
            String name = path.substring(path.indexOf("db/migration/") + "db/migration/".length());
            Matcher m = FILE.matcher(r.getFilename());
            assertThat(m.matches()).as("migration file name %s", name).isTrue();
            String previous = found.put(MigrationVersion.fromVersion(m.group(1).replace('_', '.')), name);
            assertThat(previous).as("two migrations with the version of %s", name).isNull();
        }
        assertThat(found).isNotEmpty();
        return found;
    }
}
