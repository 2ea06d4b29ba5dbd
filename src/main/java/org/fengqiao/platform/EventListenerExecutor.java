package org.fengqiao.platform;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * The threads that run the modules' event listeners ({@code @ApplicationModuleListener}) after a transaction
 * commits. A fixed number of them and a queue: every module now hears the case lifecycle, so one busy minute (the
 * demo history, a bulk import, a burst of reports) hands over thousands of deliveries at once. Unbounded, each took a
 * thread and asked for a database connection at the same moment, the pool ran dry and deliveries failed with
 * "connection is not available" (their publications then waited for {@link EventRedelivery}). Queued, they run a few
 * at a time and leave connections for the pages. Submitting never blocks, so a listener that publishes in its turn
 * cannot wait for itself. A delivery still queued when the process stops is not lost: its publication stays in the
 * registry and is delivered again at the next start.
 */
@Configuration(proxyBeanMethods = false)
class EventListenerExecutor {

    @Bean(name = {"applicationTaskExecutor", "taskExecutor"})
    ThreadPoolTaskExecutor applicationTaskExecutor(@Value("${fengqiao.events.listener-threads:6}") int threads) {
        ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
        executor.setCorePoolSize(threads);
        executor.setMaxPoolSize(threads);
        executor.setQueueCapacity(Integer.MAX_VALUE);
        executor.setThreadNamePrefix("event-");
        executor.setWaitForTasksToCompleteOnShutdown(false);
        return executor;
    }
}
