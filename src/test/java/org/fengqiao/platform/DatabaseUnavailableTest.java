package org.fengqiao.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.transaction.TransactionSystemException;

/**
 * What counts as "the database is unavailable" and what the answer looks like; scripts/db-fault-test.sh proves the
 * whole path with a real PostgreSQL stopped and killed under load.
 */
class DatabaseUnavailableTest {

    @Test
    void lostConnectionsAndPoolTimeoutsCountOtherDatabaseErrorsDoNot() {
        assertThat(DatabaseUnavailable.isCause(new TransactionSystemException("commit failed",
                new SQLException("An I/O error occurred while sending to the backend.", "08006")))).isTrue();
        assertThat(DatabaseUnavailable.isCause(new CannotGetJdbcConnectionException("no connection",
                new SQLTransientConnectionException("fengqiao - Connection is not available")))).isTrue();
        assertThat(DatabaseUnavailable.isCause(new RuntimeException(
                new SQLException("terminating connection due to administrator command", "57P01")))).isTrue();
        assertThat(DatabaseUnavailable.isCause(new DataIntegrityViolationException("duplicate key",
                new SQLException("duplicate key value violates unique constraint", "23505")))).isFalse();
        assertThat(DatabaseUnavailable.isCause(new IllegalStateException("a bug"))).isFalse();
        TransactionSystemException rollbackFailed = new TransactionSystemException("JDBC rollback failed",
                new SQLException("Connection is closed"));
        rollbackFailed.initApplicationException(new org.springframework.dao.DataAccessResourceFailureException(
                "select", new SQLException("terminating connection due to administrator command", "57P01")));
        assertThat(DatabaseUnavailable.isCause(rollbackFailed)).isTrue();
    }

    @Test
    void theApiGetsAProblemDetailAndAPersonAPageBothSaying503AndWhen() throws Exception {
        MockHttpServletRequest api = new MockHttpServletRequest("POST", "/api/reports");
        api.addHeader("Accept", "application/json");
        MockHttpServletResponse apiAnswer = new MockHttpServletResponse();
        DatabaseUnavailable.answer(api, apiAnswer, new SQLTransientConnectionException("timeout"));
        assertThat(apiAnswer.getStatus()).isEqualTo(503);
        assertThat(apiAnswer.getHeader("Retry-After")).isEqualTo("5");
        assertThat(apiAnswer.getContentType()).isEqualTo("application/problem+json");
        assertThat(apiAnswer.getContentAsString()).contains("\"status\":503", "briefly unavailable",
                "\"instance\":\"/api/reports\"").doesNotContain("timeout", "Exception");

        MockHttpServletRequest page = new MockHttpServletRequest("GET", "/cases/queue");
        page.addHeader("Accept", "text/html,application/xhtml+xml");
        MockHttpServletResponse pageAnswer = new MockHttpServletResponse();
        DatabaseUnavailable.answer(page, pageAnswer, new SQLTransientConnectionException("timeout"));
        assertThat(pageAnswer.getStatus()).isEqualTo(503);
        assertThat(pageAnswer.getContentType()).startsWith("text/html");
        assertThat(pageAnswer.getContentAsString(java.nio.charset.StandardCharsets.UTF_8))
                .contains("暂时不可用", "Briefly unavailable").doesNotContain("timeout", "Exception");
    }
}
