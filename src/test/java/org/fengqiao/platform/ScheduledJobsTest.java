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
        int scheduled = 0;
        for (var c : classes) {
            for (JavaMethod m : c.getMethods()) {
                if (!m.isAnnotatedWith(Scheduled.class)) {
                    continue;
                }
                scheduled++;
                if (!m.isAnnotatedWith(SchedulerLock.class)) {
                    unlocked.add(m.getFullName());
                } else if (!names.add(m.getAnnotationOfType(SchedulerLock.class).name())) {
                    duplicates.add(m.getFullName());
                }
            }
        }
        assertThat(scheduled).as("scheduled methods found (the scan works)").isGreaterThanOrEqualTo(3);
        assertThat(unlocked).as("@Scheduled without @SchedulerLock").isEmpty();
        assertThat(duplicates).as("@SchedulerLock names used twice").isEmpty();
    }
}
