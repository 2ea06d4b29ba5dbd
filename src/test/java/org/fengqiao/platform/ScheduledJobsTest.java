package org.fengqiao.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.junit.jupiter.api.Test;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Several instances share one database, so scheduled work must run once across them: every {@code @Scheduled}
 * method also carries {@code @SchedulerLock} with its own name ({@code <module>.<Class>}), see docs/DEVELOPING.md.
 */
class ScheduledJobsTest {

    @Test
    void everyScheduledMethodRunsUnderItsOwnClusterWideLock() {
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.fengqiao");
        List<String> unlocked = new ArrayList<>();
        Set<String> names = new HashSet<>();
        List<String> duplicates = new ArrayList<>();
        List<String> badDurations = new ArrayList<>();
        int scheduled = 0;
        for (var c : classes) {
            for (JavaMethod m : c.getMethods()) {
                if (!m.isAnnotatedWith(Scheduled.class)) {
                    continue;
                }
                scheduled++;
                if (!m.isAnnotatedWith(SchedulerLock.class)) {
                    unlocked.add(m.getFullName());
                } else {
                    SchedulerLock lock = m.getAnnotationOfType(SchedulerLock.class);
                    if (!names.add(lock.name())) {
                        duplicates.add(m.getFullName());
                    }
                    // ShedLock refuses to run a job whose lockAtLeastFor exceeds lockAtMostFor (every time, at run
                    // time, in a log line nobody reads): the durations are checked here instead
                    java.time.Duration most = duration(lock.lockAtMostFor(), DEFAULT_LOCK_AT_MOST_FOR);
                    java.time.Duration least = duration(lock.lockAtLeastFor(), "PT0S");
                    if (least.compareTo(most) > 0) {
                        badDurations.add(lock.name() + ": lockAtLeastFor " + least + " > lockAtMostFor " + most);
                    }
                }
            }
        }
        assertThat(scheduled).as("scheduled methods found (the scan works)").isGreaterThanOrEqualTo(3);
        assertThat(unlocked).as("@Scheduled without @SchedulerLock").isEmpty();
        assertThat(duplicates).as("@SchedulerLock names used twice").isEmpty();
        assertThat(badDurations).as("locks held at least longer than at most").isEmpty();
        assertThat(duration("${x.y:PT50S}", "PT1M")).isEqualTo(java.time.Duration.ofSeconds(50));
    }

    /** SchedulingConfiguration's {@code @EnableSchedulerLock(defaultLockAtMostFor)}. */
    private static final String DEFAULT_LOCK_AT_MOST_FOR = "PT10M";

    /** An annotation's duration; a property placeholder counts with its default. */
    private static java.time.Duration duration(String value, String whenEmpty) {
        String v = value.isEmpty() ? whenEmpty : value;
        if (v.startsWith("${")) {
            v = v.substring(v.indexOf(':') + 1, v.length() - 1);
        }
        return java.time.Duration.parse(v);
    }
}
