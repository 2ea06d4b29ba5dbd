package org.fengqiao;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.RestController;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * House rules (ARCHITECTURE.md) as tests that can fail: each rule is checked on the application and, as a positive
 * control, on {@code archfixture.PlantedController}, which breaks every one of them.
 */
class HouseRulesTest {

    private static final JavaClasses APP = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("org.fengqiao");
    private static final JavaClasses PLANTED = new ClassFileImporter()
            .importPackages("org.fengqiao.archfixture");

    private static final DescribedPredicate<JavaClass> WEB = DescribedPredicate.describe("controllers",
            c -> c.isAnnotatedWith(Controller.class) || c.isAnnotatedWith(RestController.class)
                    || c.isAnnotatedWith(ControllerAdvice.class));

    /** Controllers are package-private: a module's web layer is nobody else's API. */
    static final ArchRule CONTROLLERS_PACKAGE_PRIVATE = classes().that(WEB).should().notBePublic()
            .because("a module's public surface is its facade, ids, events and views, never its controllers");

    /** Controllers take data from facades, never from SQL. */
    static final ArchRule NO_SQL_IN_CONTROLLERS = noClasses().that(WEB).should().dependOnClassesThat()
            .areAssignableTo(JdbcClient.class)
            .because("permissions are checked in the facade and data scope in its queries");

    /** No class reaches into another module's internal package. */
    static final ArchRule NO_FOREIGN_INTERNALS = classes().should(new ArchCondition<>("use only its own module's"
            + " internal packages") {
        @Override
        public void check(JavaClass c, ConditionEvents events) {
            String own = module(c.getPackageName());
            c.getDirectDependenciesFromSelf().forEach(d -> {
                String target = d.getTargetClass().getPackageName();
                if (target.startsWith("org.fengqiao.") && target.contains(".internal")
                        && !module(target).equals(own)) {
                    events.add(SimpleConditionEvent.violated(d, d.getDescription()));
                }
            });
        }
    });

    /** Time comes from the injected Clock (tests run on a fixed one); the county's zone from configuration. */
    static final ArchRule TIME_FROM_THE_CLOCK = classes().that().resideOutsideOfPackage("org.fengqiao.platform")
            .should(new ArchCondition<>("neither read the system time nor name a time zone") {
                @Override
                public void check(JavaClass c, ConditionEvents events) {
                    for (JavaCall<?> call : c.getMethodCallsFromSelf()) {
                        var target = call.getTarget();
                        boolean systemNow = target.getName().equals("now") && target.getRawParameterTypes().isEmpty()
                                && isTimeType(target.getOwner().getName());
                        boolean zoneByName = target.getName().equals("of")
                                && target.getOwner().getName().equals(ZoneId.class.getName());
                        boolean millis = target.getName().equals("currentTimeMillis");
                        if (systemNow || zoneByName || millis) {
                            events.add(SimpleConditionEvent.violated(call, call.getDescription()));
                        }
                    }
                }
            });

    private static boolean isTimeType(String name) {
        return name.equals(Instant.class.getName()) || name.equals(LocalDate.class.getName())
                || name.equals(LocalDateTime.class.getName()) || name.equals(OffsetDateTime.class.getName())
                || name.equals(ZonedDateTime.class.getName()) || name.equals(Clock.class.getName());
    }

    static String module(String pkg) {
        String rest = pkg.startsWith("org.fengqiao.") ? pkg.substring("org.fengqiao.".length()) : pkg;
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }

    @Test
    void controllersArePackagePrivate() {
        CONTROLLERS_PACKAGE_PRIVATE.check(APP);
        assertThat(CONTROLLERS_PACKAGE_PRIVATE.evaluate(PLANTED).hasViolation()).isTrue();
    }

    @Test
    void controllersRunNoSql() {
        NO_SQL_IN_CONTROLLERS.check(APP);
        assertThat(NO_SQL_IN_CONTROLLERS.evaluate(PLANTED).hasViolation()).isTrue();
    }

    @Test
    void noModuleReachesIntoAnothersInternals() {
        NO_FOREIGN_INTERNALS.check(APP);
        assertThat(NO_FOREIGN_INTERNALS.evaluate(PLANTED).hasViolation()).isTrue();
    }

    @Test
    void timeComesFromTheClockAndTheZoneFromConfiguration() {
        TIME_FROM_THE_CLOCK.check(APP);
        assertThat(TIME_FROM_THE_CLOCK.evaluate(PLANTED).hasViolation()).isTrue();
    }
}
