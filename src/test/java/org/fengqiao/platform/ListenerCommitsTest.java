package org.fengqiao.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.fengqiao.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.test.util.ReflectionTestUtils;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;

/**
 * The event listener threads commit without waiting for the disk; every other thread (requests, scheduled work,
 * streamed downloads) commits durably.
 */
@IntegrationTest
class ListenerCommitsTest {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataSource dataSource;

    @Autowired
    @Qualifier("applicationTaskExecutor")
    ThreadPoolTaskExecutor listenerThreads;

    @Autowired
    RequestMappingHandlerAdapter mvc;

    @Test
    void listenerThreadsCommitAsynchronouslyAndOtherThreadsDurably() throws Exception {
        assertThat(listenerThreads.submit(() -> setting(jdbc)).get(30, TimeUnit.SECONDS)).isEqualTo("off");
        assertThat(setting(jdbc)).isEqualTo("on");
        // and inside a transaction too (the listeners' own transactions)
        assertThat(listenerThreads.submit(() -> inTransaction(jdbc)).get(30, TimeUnit.SECONDS)).isEqualTo("off");
    }

    @Test
    void aConnectionMovingBetweenThreadsTakesEachThreadsSetting() throws Exception {
        // one physical connection, handed out on a listener thread, then here, then there again
        java.sql.Connection c = dataSource.getConnection();
        try {
            JdbcClient via = JdbcClient.create(new ListenerCommits(new SingleConnectionDataSource(c, true)));
            assertThat(setting(via)).isEqualTo("on");
            assertThat(listenerThreads.submit(() -> setting(via)).get(30, TimeUnit.SECONDS)).isEqualTo("off");
            assertThat(setting(via)).isEqualTo("on");
            assertThat(listenerThreads.submit(() -> setting(via)).get(30, TimeUnit.SECONDS)).isEqualTo("off");
            assertThat(listenerThreads.submit(() -> setting(via)).get(30, TimeUnit.SECONDS)).isEqualTo("off");
            assertThat(setting(via)).isEqualTo("on");
        } finally {
            try (java.sql.Statement st = c.createStatement()) {
                st.execute("reset synchronous_commit");
            }
            c.close();
        }
    }

    @Test
    void streamedDownloadsDoNotRunOnTheListenerThreads() {
        Object streams = ReflectionTestUtils.getField(mvc, "taskExecutor");
        assertThat(streams).isNotSameAs(listenerThreads)
                .isInstanceOfSatisfying(org.springframework.core.task.SimpleAsyncTaskExecutor.class,
                        e -> assertThat(e.getThreadNamePrefix()).isEqualTo("mvc-async-"));
    }

    private String inTransaction(JdbcClient client) {
        return new org.springframework.transaction.support.TransactionTemplate(
                new org.springframework.jdbc.support.JdbcTransactionManager(dataSource))
                .execute(s -> setting(client));
    }

    private static String setting(JdbcClient client) {
        return client.sql("show synchronous_commit").query(String.class).single();
    }
}
