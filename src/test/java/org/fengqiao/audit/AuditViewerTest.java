package org.fengqiao.audit;

import java.time.Duration;

import org.fengqiao.people.TestWorld;
import org.fengqiao.platform.StartupProblem;
import org.fengqiao.support.IntegrationTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.dao.DataAccessException;
import org.springframework.mock.web.MockHttpSession;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditViewerTest {

    @Autowired
    ApplicationContext ctx;
    @Autowired
    AuditTrail trail;

    TestWorld w;
    TestWorld.Staff auditor;
    String marker;

    @BeforeAll
    void world() {
        w = TestWorld.create(ctx);
        auditor = w.staff("AUDITOR", w.county);
        marker = "probe" + w.county + System.nanoTime() % 100000;
        for (int i = 0; i < 3; i++) {
            trail.record(marker, "TEST_PROBE", "thing:" + i, "detail, with \"quotes\" " + i,
                    AuditTrail.Outcome.SUCCESS);
        }
    }

    @Test
    void theAuditorFiltersAndPagesTheTrail() throws Exception {
        MockHttpSession s = w.login(auditor.username());
        String first = w.mvc.perform(get("/api/audit").param("actor", marker).param("limit", "2").session(s))
                .andExpect(status().isOk()).andExpect(jsonPath("$.events", hasSize(2)))
                .andExpect(jsonPath("$.events[0].target").value("thing:2"))
                .andExpect(jsonPath("$.nextBefore").isNumber())
                .andReturn().getResponse().getContentAsString();
        String next = first.replaceAll("(?s).*\"nextBefore\":(\\d+).*", "$1");
        w.mvc.perform(get("/api/audit").param("actor", marker).param("limit", "2").param("before", next).session(s))
                .andExpect(jsonPath("$.events", hasSize(1))).andExpect(jsonPath("$.events[0].target").value("thing:0"))
                .andExpect(jsonPath("$.nextBefore").doesNotExist());
        w.mvc.perform(get("/api/audit").param("action", "TEST_PROBE").param("outcome", "DENIED").session(s))
                .andExpect(jsonPath("$.events", hasSize(0)));
        w.mvc.perform(get("/api/audit").param("from", "not-a-date").session(s)).andExpect(status().isBadRequest());
        w.mvc.perform(get("/audit").param("actor", marker).param("verify", "true").session(s))
                .andExpect(status().isOk()).andExpect(content().string(containsString("thing:1")))
                .andExpect(content().string(containsString("id=\"verification\"")));
    }

    @Test
    void exportIsCsvAndItselfAudited() throws Exception {
        MockHttpSession s = w.login(auditor.username());
        String csv = w.mvc.perform(get("/audit/export.csv").param("actor", marker).session(s))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(
                        java.nio.charset.StandardCharsets.UTF_8);
        assertThat(csv).contains("exported by " + auditor.username())
                .contains("id,at,actor,source_ip,action,target,detail,outcome,prev_hash,hash")
                .contains("\"detail, with \"\"quotes\"\" 1\"");
        assertThat(csv.lines().filter(l -> l.contains("TEST_PROBE")).count()).isEqualTo(3);
        assertThat(w.auditCount(auditor.username(), "AUDIT_EXPORT", "SUCCESS")).isEqualTo(1);
    }

    @Test
    void onlyTheAuditorReadsTheTrail() throws Exception {
        for (String role : new String[]{"SECURITY_ADMIN", "SYSTEM_ADMIN", "LEADER"}) {
            TestWorld.Staff other = w.staff(role, w.county);
            MockHttpSession s = w.login(other.username());
            w.mvc.perform(get("/api/audit").session(s)).andExpect(status().isForbidden());
            w.mvc.perform(get("/api/audit/verify").session(s)).andExpect(status().isForbidden());
            w.mvc.perform(get("/audit").session(s)).andExpect(status().isForbidden());
            w.mvc.perform(get("/audit/export.csv").session(s)).andExpect(status().isForbidden());
            assertThat(w.auditCount(other.username(), "AUDIT_READ", "DENIED")).as(role).isEqualTo(4);
        }
    }

    @Test
    void rowsCannotBeChangedAndATamperedRowIsDetected() throws Exception {
        long id = w.jdbc.sql("select id from audit_event where actor = ? order by id limit 1").param(marker)
                .query(Long.class).single();
        assertThatThrownBy(() -> w.jdbc.sql("update audit_event set detail = 'x' where id = ?").param(id).update())
                .isInstanceOf(DataAccessException.class).hasMessageContaining("append-only");
        assertThatThrownBy(() -> w.jdbc.sql("delete from audit_event where id = ?").param(id).update())
                .isInstanceOf(DataAccessException.class);
        assertThat(trail.verifyChain()).isEqualTo(-1);
        String original = w.jdbc.sql("select detail from audit_event where id = ?").param(id)
                .query(String.class).single();
        w.jdbc.sql("alter table audit_event disable trigger audit_event_no_update").update();
        try {
            w.jdbc.sql("update audit_event set detail = 'nothing happened' where id = ?").param(id).update();
            assertThat(trail.verifyChain()).isEqualTo(id);
            MockHttpSession s = w.login(auditor.username());
            w.mvc.perform(get("/api/audit/verify").session(s)).andExpect(jsonPath("$.intact").value(false))
                    .andExpect(jsonPath("$.brokenAt").value(id));
        } finally {
            w.jdbc.sql("update audit_event set detail = ? where id = ?").params(original, id).update();
            w.jdbc.sql("alter table audit_event enable trigger audit_event_no_update").update();
        }
        assertThat(trail.verifyChain()).isEqualTo(-1);
        assertThatThrownBy(() -> w.jdbc.sql("update audit_event set detail = 'x' where id = ?").param(id).update())
                .isInstanceOf(DataAccessException.class);
    }

    @Test
    void afterAnArchiveTheRemainingChainVerifiesFromItsAnchor() {
        trail.record(marker + "a", "TEST_ARCHIVE", "first kept", null, AuditTrail.Outcome.SUCCESS);
        trail.record(marker + "a", "TEST_ARCHIVE", "second kept", null, AuditTrail.Outcome.SUCCESS);
        long keepFrom = w.jdbc.sql("select min(id) from audit_event where actor = ?").param(marker + "a")
                .query(Long.class).single();
        org.springframework.transaction.support.TransactionTemplate tx =
                new org.springframework.transaction.support.TransactionTemplate(
                        ctx.getBean(org.springframework.transaction.PlatformTransactionManager.class));
        tx.executeWithoutResult(status -> {
            w.jdbc.sql("alter table audit_event disable trigger audit_event_no_update").update();
            w.jdbc.sql("delete from audit_event where id < ?").param(keepFrom).update();
            // without the anchor the first remaining row does not follow the genesis
            assertThat(trail.verifyChain()).isEqualTo(keepFrom);
            w.jdbc.sql("insert into audit_anchor (first_id, prev_hash, archived_by) "
                    + "select id, prev_hash, 'test' from audit_event where id = ?").param(keepFrom).update();
            assertThat(trail.verifyChain()).isEqualTo(-1);
            long later = w.jdbc.sql("select max(id) from audit_event where actor = ?").param(marker + "a")
                    .query(Long.class).single();
            w.jdbc.sql("update audit_event set actor = 'someone else' where id = ?").param(later).update();
            assertThat(trail.verifyChain()).isEqualTo(later);
            status.setRollbackOnly(); // nothing of this stays
        });
        assertThat(w.jdbc.sql("select count(*) from audit_event where id < ?").param(keepFrom).query(Long.class)
                .single()).isPositive();
        assertThat(trail.verifyChain()).isEqualTo(-1);
    }

    @Test
    void retentionIsAtLeast180Days() {
        assertThat(ctx.getBean(AuditProperties.class).retention()).isGreaterThanOrEqualTo(Duration.ofDays(180));
        assertThatThrownBy(() -> new AuditProperties(Duration.ofDays(30))).isInstanceOf(StartupProblem.class);
        assertThat(new AuditProperties(Duration.ofDays(365)).retention().toDays()).isEqualTo(365);
    }
}
