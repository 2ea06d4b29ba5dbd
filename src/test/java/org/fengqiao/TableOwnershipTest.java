package org.fengqiao;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One owner per table (ARCHITECTURE.md): a table belongs to the module whose migration folder
 * ({@code db/migration/<module>/}) creates it, and only that module's SQL names it. This test reads every string
 * literal and text block in each module's main sources, and every migration, finds the tables they read or write
 * ({@code from}, {@code join}, {@code into}, {@code update}, {@code alter table}, {@code references}), and fails on
 * a table another module owns, unless the {@link #ALLOWED} list below names that exact file and table with its
 * reason. An allowance that is no longer needed fails too, so the list only shrinks.
 */
class TableOwnershipTest {

    private static final Path JAVA = Path.of("src/main/java/org/fengqiao");
    private static final Path MIGRATIONS = Path.of("src/main/resources/db/migration");

    /** The demo module writes every module's tables on purpose: see docs/DEMO.md, "the bulk path". */
    private static final Set<String> EXEMPT_MODULES = Set.of("demo");

    /**
     * Files allowed to name another module's table, file (relative to the module folder or the migration folder) →
     * tables. Each entry says why; entries of work in progress name the issue that removes them.
     */
    private static final Map<String, Set<String>> ALLOWED = allowed(
            // Released migrations never change (they carried photos over into intake's report_photo when the public
            // channel and Open311 started submitting through intake); newer databases run them as they are.
            "publicchannel/V902__public_report_photo_unused.sql", "report_photo, photo, report",
            "open311/V952__open311_through_intake.sql", "report_photo, photo",
            // Fills the public channel's new read model once from the old tables on upgrade (events feed it after).
            "publicchannel/V2026_11_27_1510__publicchannel_progress.sql", "report_photo, report, case_file, case_event",
            // A released migration: an account belongs to a person (a foreign key into people's table).
            "access/V300__access.sql", "person",
            // Fills the workbench's new read models once from the tables as they stand on upgrade (events feed them
            // after): the events of the past were never heard by the workbench.
            "workbench/V2026_11_27_1705__workbench.sql",
            "case_file, case_event, report, mediation_dispute, mediation_session, mediation_warning, "
                    + "mediation_confirmation, mediation_agreement");

    private static Map<String, Set<String>> allowed(String... fileThenTables) {
        Map<String, Set<String>> m = new LinkedHashMap<>();
        for (int i = 0; i < fileThenTables.length; i += 2) {
            m.put(fileThenTables[i], new LinkedHashSet<>(List.of(fileThenTables[i + 1].split(",\\s*"))));
        }
        return m;
    }

    private static final Pattern CREATE_TABLE = Pattern.compile(
            "(?i)\\bcreate\\s+table\\s+(?:if\\s+not\\s+exists\\s+)?([a-z_][a-z0-9_]*)");
    private static final Pattern TABLE_USE = Pattern.compile(
            "(?i)\\b(?:from|join|into|update|alter\\s+table(?:\\s+if\\s+exists)?|references)\\s+(?:only\\s+)?"
                    + "([a-z_][a-z0-9_]*)");

    /** A table named where it should not be. */
    record Violation(String file, String module, String table, String owner) {
        @Override
        public String toString() {
            return file + " (" + module + ") names " + table + " of " + owner;
        }
    }

    @Test
    void everyModuleNamesOnlyItsOwnTables() {
        Map<String, String> owners = owners();
        assertThat(owners).as("tables found in the migrations").containsKeys("area", "person", "case_file");
        List<Violation> found = new ArrayList<>();
        found.addAll(scanSources(owners));
        found.addAll(scanMigrations(owners));
        List<Violation> unexplained = found.stream()
                .filter(v -> !ALLOWED.getOrDefault(v.file(), Set.of()).contains(v.table())).toList();
        assertThat(unexplained).as("SQL naming another module's table (go through its facade, its events or a read"
                + " model of your own)").isEmpty();
        List<String> stale = new ArrayList<>();
        ALLOWED.forEach((file, tables) -> tables.forEach(t -> {
            if (found.stream().noneMatch(v -> v.file().equals(file) && v.table().equals(t))) {
                stale.add(file + ": " + t);
            }
        }));
        assertThat(stale).as("allowances no longer needed: remove them from ALLOWED").isEmpty();
    }

    @Test
    void aPlantedViolationIsFound() {
        Map<String, String> owners = owners();
        String planted = """
                class Planted {
                    // select * from case_file  (a comment is not SQL)
                    String ok = "select id from notification where recipient = ?";
                    String bad = \"""
                            select p.name from person p
                            join role_assignment r on r.person_id = p.id\""";
                    String words = "Moved from the county to a town";
                }
                """;
        List<Violation> v = violations("notifications/Planted.java", "notifications", stringsOf(planted), owners);
        assertThat(v).extracting(Violation::table).containsExactlyInAnyOrder("person", "role_assignment");
        List<Violation> m = violations("cases/V2099__planted.sql", "cases",
                List.of("insert into report_photo (report_id) select id from report"), owners);
        assertThat(m).extracting(Violation::table).containsExactlyInAnyOrder("report_photo", "report");
    }

    /** Table → owning module, from {@code create table} in each module's migration folder. */
    static Map<String, String> owners() {
        Map<String, String> owners = new TreeMap<>();
        for (Path file : files(MIGRATIONS, ".sql")) {
            String module = MIGRATIONS.relativize(file).getName(0).toString();
            Matcher m = CREATE_TABLE.matcher(read(file));
            while (m.find()) {
                String previous = owners.put(m.group(1).toLowerCase(Locale.ROOT), module);
                assertThat(previous == null || previous.equals(module))
                        .as("table " + m.group(1) + " created by two modules").isTrue();
            }
        }
        return owners;
    }

    private static List<Violation> scanSources(Map<String, String> owners) {
        List<Violation> found = new ArrayList<>();
        for (Path file : files(JAVA, ".java")) {
            Path rel = JAVA.relativize(file);
            if (rel.getNameCount() < 2) {
                continue;
            }
            String module = rel.getName(0).toString();
            if (!EXEMPT_MODULES.contains(module)) {
                found.addAll(violations(module + "/" + rel.getFileName(), module, stringsOf(read(file)), owners));
            }
        }
        return found;
    }

    private static List<Violation> scanMigrations(Map<String, String> owners) {
        List<Violation> found = new ArrayList<>();
        for (Path file : files(MIGRATIONS, ".sql")) {
            String module = MIGRATIONS.relativize(file).getName(0).toString();
            String sql = read(file).replaceAll("--[^\n]*", " ");
            found.addAll(violations(module + "/" + file.getFileName(), module, List.of(sql), owners));
        }
        return found;
    }

    static List<Violation> violations(String file, String module, List<String> sqlTexts, Map<String, String> owners) {
        Set<Violation> found = new LinkedHashSet<>();
        for (String sql : sqlTexts) {
            Matcher m = TABLE_USE.matcher(sql);
            while (m.find()) {
                String table = m.group(1).toLowerCase(Locale.ROOT);
                String owner = owners.get(table);
                if (owner != null && !owner.equals(module)) {
                    found.add(new Violation(file, module, table, owner));
                }
            }
        }
        return new ArrayList<>(found);
    }

    /** The string literals and text blocks of a Java source, comments and char literals skipped. */
    static List<String> stringsOf(String src) {
        List<String> strings = new ArrayList<>();
        int i = 0;
        int n = src.length();
        while (i < n) {
            char c = src.charAt(i);
            if (c == '/' && i + 1 < n && src.charAt(i + 1) == '/') {
                i = src.indexOf('\n', i);
                i = i < 0 ? n : i;
            } else if (c == '/' && i + 1 < n && src.charAt(i + 1) == '*') {
                i = src.indexOf("*/", i + 2);
                i = i < 0 ? n : i + 2;
            } else if (c == '\'') {
                i++;
                while (i < n && src.charAt(i) != '\'') {
                    i += src.charAt(i) == '\\' ? 2 : 1;
                }
                i++;
            } else if (src.startsWith("\"\"\"", i)) {
                int end = i + 3;
                while (end < n && !src.startsWith("\"\"\"", end)) {
                    end += src.charAt(end) == '\\' ? 2 : 1;
                }
                strings.add(src.substring(i + 3, Math.min(end, n)));
                i = end + 3;
            } else if (c == '"') {
                StringBuilder s = new StringBuilder();
                i++;
                while (i < n && src.charAt(i) != '"') {
                    if (src.charAt(i) == '\\' && i + 1 < n) {
                        s.append(src.charAt(i + 1));
                        i += 2;
                    } else {
                        s.append(src.charAt(i++));
                    }
                }
                strings.add(s.toString());
                i++;
            } else {
                i++;
            }
        }
        // SQL is often concatenated ("select … " + SELECT + " where …"): scan neighbours together too
        List<String> joined = new ArrayList<>(strings);
        for (int k = 0; k + 1 < strings.size(); k++) {
            joined.add(strings.get(k) + " " + strings.get(k + 1));
        }
        return joined;
    }

    private static List<Path> files(Path root, String suffix) {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
