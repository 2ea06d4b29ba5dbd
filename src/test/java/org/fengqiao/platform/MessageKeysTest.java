package org.fengqiao.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.fengqiao.platform.Role;
import org.junit.jupiter.api.Test;

/** Fails on a message key missing in either language, or used by a template but defined nowhere. */
class MessageKeysTest {

    private static final Path I18N = Path.of("src/main/resources/i18n");
    private static final Path TEMPLATES = Path.of("src/main/resources/templates");
    private static final Pattern LITERAL_KEY = Pattern.compile("#\\{([A-Za-z0-9_.\\-]+)[}(]");

    @Test
    void everyBundleHasTheSameKeysInEnglishAndChinese() throws IOException {
        try (Stream<Path> files = Files.list(I18N)) {
            for (Path english : files.filter(p -> !p.getFileName().toString().contains("_")).toList()) {
                String name = english.getFileName().toString().replace(".properties", "");
                Path chinese = I18N.resolve(name + "_zh_CN.properties");
                assertThat(chinese).as("Chinese bundle for " + name).exists();
                Set<String> en = load(english).stringPropertyNames();
                Set<String> zh = load(chinese).stringPropertyNames();
                assertThat(new TreeSet<>(zh)).as("keys of %s missing in Chinese", name).containsAll(en);
                assertThat(new TreeSet<>(en)).as("keys of %s missing in English", name).containsAll(zh);
            }
        }
    }

    @Test
    void everyKeyATemplateUsesIsDefined() throws IOException {
        Set<String> defined = allKeys();
        Set<String> missing = new TreeSet<>();
        try (Stream<Path> files = Files.walk(TEMPLATES)) {
            for (Path template : files.filter(p -> p.toString().endsWith(".html")).toList()) {
                Matcher m = LITERAL_KEY.matcher(Files.readString(template));
                while (m.find()) {
                    if (!defined.contains(m.group(1))) {
                        missing.add(m.group(1) + " (" + TEMPLATES.relativize(template) + ")");
                    }
                }
            }
        }
        assertThat(missing).as("message keys used in templates but not defined").isEmpty();
    }

    @Test
    void everyRoleHasALabel() throws IOException {
        Set<String> defined = allKeys();
        for (Role role : Role.values()) {
            assertThat(defined).contains("role." + role.name());
        }
    }

    private static Set<String> allKeys() throws IOException {
        Set<String> keys = new HashSet<>();
        try (Stream<Path> files = Files.list(I18N)) {
            for (Path english : files.filter(p -> !p.getFileName().toString().contains("_")).toList()) {
                keys.addAll(load(english).stringPropertyNames());
            }
        }
        return keys;
    }

    private static Properties load(Path file) throws IOException {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file);
             Reader reader = new java.io.InputStreamReader(in, StandardCharsets.UTF_8)) {
            p.load(reader);
        }
        return p;
    }
}
