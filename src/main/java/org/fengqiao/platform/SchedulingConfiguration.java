package org.fengqiao.platform;

import java.util.Optional;

import javax.sql.DataSource;

import io.micrometer.core.instrument.MeterRegistry;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.SimpleLock;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;
import net.javacrumbs.shedlock.spring.annotation.EnableSchedulerLock;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Scheduled work runs once across every instance of the platform: each {@code @Scheduled} method also carries
 * {@code @SchedulerLock(name = "<module>.<Class>")}, and only the instance that takes the lock in the database
 * ({@code shedlock} table, the database's clock) runs it. {@code lockAtMostFor} bounds how long a crashed instance
 * keeps the lock; {@code lockAtLeastFor} close to the period keeps the other instances from running the same job
 * again within that period. Each run that took the lock counts in {@code fengqiao_scheduled_runs_total{job=...}}, so
 * an operator (and the several-instances test) can see which instance ran what.
 */
@Configuration(proxyBeanMethods = false)
@EnableSchedulerLock(defaultLockAtMostFor = "PT10M")
class SchedulingConfiguration {

    @Bean
    LockProvider lockProvider(DataSource dataSource, MeterRegistry meters) {
        LockProvider jdbc = new JdbcTemplateLockProvider(JdbcTemplateLockProvider.Configuration.builder()
                .withJdbcTemplate(new JdbcTemplate(dataSource))
                .withTableName("shedlock")
                .usingDbTime()
                .build());
        return new CountingLockProvider(jdbc, meters);
    }

    /** Counts the runs this instance made, per job; skips a run (one log line) while the database is down. */
    record CountingLockProvider(LockProvider delegate, MeterRegistry meters) implements LockProvider {
        @Override
        public Optional<SimpleLock> lock(LockConfiguration configuration) {
            Optional<SimpleLock> lock;
            try {
                lock = delegate.lock(configuration);
            } catch (RuntimeException e) {
                if (!DatabaseUnavailable.isCause(e)) {
                    throw e;
                }
                LoggerFactory.getLogger(SchedulingConfiguration.class).warn(
                        "Database unavailable: {} skipped this time", configuration.getName());
                return Optional.empty();
            }
            if (lock.isPresent()) {
                meters.counter("fengqiao.scheduled.runs", "job", configuration.getName()).increment();
            }
            return lock;
        }
    }
}
