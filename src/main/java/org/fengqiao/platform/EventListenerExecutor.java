package org.fengqiao.platform;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.web.servlet.config.annotation.AsyncSupportConfigurer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The threads that run the modules' event listeners ({@code @ApplicationModuleListener}) after a transaction
 * commits. A fixed number of them and a queue: every module now hears the case lifecycle, so one busy minute (the
 * demo history, a bulk import, a burst of reports) hands over thousands of deliveries at once. Unbounded, each took a
 * thread and asked for a database connection at the same moment, the pool ran dry and deliveries failed with
 * "connection is not available" (their publications then waited for {@link EventRedelivery}). Queued, they run a few
 * at a time and leave connections for the pages. Submitting never blocks, so a listener that publishes in its turn
 * cannot wait for itself. A delivery still queued when the process stops is not lost: its publication stays in the
 * registry and is delivered again at the next start.
 * <p>
 * These threads run listener deliveries only: what they commit does not wait for the disk
 * ({@link ListenerCommits}). Streamed downloads (Spring MVC's asynchronous requests, which by default take the
 * application task executor) get an executor of their own, so that an export's audit entry commits durably and a
 * download does not wait behind a queue of deliveries.
 */
@Configuration(proxyBeanMethods = false)
class EventListenerExecutor implements WebMvcConfigurer {

    /** A thread of the listener pool; {@link ListenerCommits} recognises it. */
    static final class ListenerThread extends Thread {
        ListenerThread(Runnable task, String name) {
            super(task, name);
        }
    }

    @Bean(name = {"applicationTaskExecutor", "taskExecutor"})
    ThreadPoolTaskExecutor applicationTaskExecutor(@Value("${fengqiao.events.listener-threads:6}") int threads) {
        ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
        executor.setCorePoolSize(threads);
        executor.setMaxPoolSize(threads);
        executor.setQueueCapacity(Integer.MAX_VALUE);
        AtomicInteger n = new AtomicInteger();
        ThreadFactory listenerThreads = task -> new ListenerThread(task, "event-" + n.incrementAndGet());
        executor.setThreadFactory(listenerThreads);
        executor.setWaitForTasksToCompleteOnShutdown(false);
        return executor;
    }

    /** Streamed responses ({@code StreamingResponseBody}) run here, each on a virtual thread of its own. */
    @Override
    public void configureAsyncSupport(AsyncSupportConfigurer configurer) {
        SimpleAsyncTaskExecutor streams = new SimpleAsyncTaskExecutor("mvc-async-");
        streams.setVirtualThreads(true);
        configurer.setTaskExecutor(streams);
    }
}
