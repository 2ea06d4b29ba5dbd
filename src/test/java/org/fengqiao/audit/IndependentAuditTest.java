package org.fengqiao.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.fengqiao.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * An event recorded "independently" survives the rollback of the work around it, also when that work already
 * extended the chain (and so holds the chain's lock): it is written when the work ends instead of waiting for it.
 */
@IntegrationTest
class IndependentAuditTest {

    @Autowired
    AuditTrail audit;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    JdbcClient jdbc;

    @Test
    void anIndependentEventAfterAnEventOfTheSameTransactionIsKeptWhenTheTransactionRollsBack() {
        String target = "independent-" + UUID.randomUUID();
        tx.executeWithoutResult(status -> {
            audit.record("tester", "TEST_CHANGE", target, "rolled back with the work", AuditTrail.Outcome.SUCCESS);
            // before the fix this waited forever for the lock its own transaction held
            audit.recordIndependently("tester", "TEST_DENIED", target, "kept", AuditTrail.Outcome.DENIED);
            status.setRollbackOnly();
        });
        assertThat(jdbc.sql("select action from audit_event where target = ? order by id").param(target)
                .query(String.class).list()).containsExactly("TEST_DENIED");
        assertThat(audit.verifyChain()).isEqualTo(-1);
    }

    @Test
    void outsideATransactionAnIndependentEventIsWrittenAtOnce() {
        String target = "independent-" + UUID.randomUUID();
        audit.recordIndependently("tester", "TEST_LOGIN_FAILED", target, null, AuditTrail.Outcome.FAILURE);
        assertThat(jdbc.sql("select count(*) from audit_event where target = ?").param(target).query(Long.class)
                .single()).isEqualTo(1);
    }
}
