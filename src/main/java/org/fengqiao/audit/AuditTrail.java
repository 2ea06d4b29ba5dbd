package org.fengqiao.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;

import org.fengqiao.platform.CurrentUser;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The append-only, hash-chained audit trail (SECURITY.md: every login, every change, every read of unmasked
 * sensitive data). Each row's hash is SHA-256 over its content and the previous row's hash, so removing or altering
 * a row breaks the chain, which {@link #verifyChain()} detects.
 */
@Service
public class AuditTrail {

    private static final String GENESIS = "0".repeat(64);

    private final JdbcClient jdbc;
    private final Clock clock;
    private final TransactionTemplate independent;

    AuditTrail(JdbcClient jdbc, Clock clock, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.independent = new TransactionTemplate(transactions);
        this.independent.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    public enum Outcome { SUCCESS, FAILURE, DENIED }

    /** Records an action by the current user; joins the caller's transaction so a rolled-back change leaves none. */
    @Transactional
    public void record(String action, String target, String detail, Outcome outcome) {
        record(CurrentUser.actor(), action, target, detail, outcome);
    }

    @Transactional
    public void record(String actor, String action, String target, String detail, Outcome outcome) {
        append(actor, action, target, detail, outcome);
    }

    /**
     * Separation of duties: nobody administers their own account or grants themselves a role. When the signed-in user
     * is the person {@code personId}, the refusal is recorded (in its own transaction, so it stays when the caller's
     * rolls back) and an {@link org.springframework.security.access.AccessDeniedException} is thrown.
     */
    public void refuseOwnPerson(long personId, String action, String target) {
        long me = CurrentUser.get().map(CurrentUser.User::personId).orElse(-1L);
        if (me == personId) {
            recordIndependently(CurrentUser.actor(), action, target, "own account or roles", Outcome.DENIED);
            throw new org.springframework.security.access.AccessDeniedException(
                    "Nobody may administer their own account or grant themselves a role.");
        }
    }

    /**
     * For events that must be kept even when the surrounding work fails, such as a failed login: written in a
     * transaction of its own. When this thread's transaction has already extended the chain it holds the chain's
     * lock until it ends, and a second transaction of the same thread would wait for it forever: then the event is
     * written right after that transaction ends, whether it committed or rolled back.
     */
    public void recordIndependently(String actor, String action, String target, String detail, Outcome outcome) {
        if (Boolean.TRUE.equals(HOLDS_CHAIN.get()) && TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    independent.executeWithoutResult(s -> append(actor, action, target, detail, outcome));
                }
            });
            return;
        }
        independent.executeWithoutResult(s -> append(actor, action, target, detail, outcome));
    }

    /** Whether this thread's current transaction holds the chain's lock (it appended an event). */
    private static final ThreadLocal<Boolean> HOLDS_CHAIN = new ThreadLocal<>();

    private void append(String actor, String action, String target, String detail, Outcome outcome) {
        // one writer at a time extends the chain
        jdbc.sql("select pg_advisory_xact_lock(4242001)").query().singleValue();
        if (TransactionSynchronizationManager.isSynchronizationActive() && HOLDS_CHAIN.get() == null) {
            HOLDS_CHAIN.set(true);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    HOLDS_CHAIN.remove();
                }
            });
        }
        String prev = jdbc.sql("select hash from audit_event order by id desc limit 1")
                .query(String.class).optional().orElse(GENESIS);
        Instant at = Instant.now(clock).truncatedTo(ChronoUnit.MICROS);
        String ip = sourceIp();
        String hash = hash(prev, at, actor, ip, action, target, detail, outcome.name());
        jdbc.sql("""
                        insert into audit_event (at, actor, source_ip, action, target, detail, outcome, prev_hash, hash)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(OffsetDateTime.ofInstant(at, ZoneOffset.UTC), actor, ip, action, target, detail,
                        outcome.name(), prev, hash)
                .update();
    }

    /** A row of the trail as the auditor sees it. */
    public record AuditEvent(long id, OffsetDateTime at, String actor, String sourceIp, String action, String target,
                             String detail, String outcome, String prevHash, String hash) {
    }

    /** The newest events first, keyset-paged by id. */
    public List<AuditEvent> recent(Long beforeId, int limit) {
        return jdbc.sql("""
                        select id, at, actor, source_ip, action, target, detail, outcome, prev_hash, hash
                        from audit_event where (?::bigint is null or id < ?) order by id desc limit ?""")
                .params(beforeId, beforeId, limit).query(AuditEvent.class).list();
    }

    /** Walks the whole chain; returns the id of the first broken row, or -1 when intact. */
    public long verifyChain() {
        long[] broken = {-1};
        // after an archive of old rows the chain starts from the recorded anchor of its first remaining row
        String start = jdbc.sql("""
                        select an.prev_hash from audit_anchor an
                        where an.first_id = (select min(id) from audit_event)""")
                .query(String.class).optional().orElse(GENESIS);
        String[] prev = {start};
        jdbc.sql("select id, at, actor, source_ip, action, target, detail, outcome, prev_hash, hash"
                        + " from audit_event order by id")
                .query((rs, n) -> {
                    if (broken[0] >= 0) {
                        return null;
                    }
                    String expected = hash(prev[0], rs.getObject("at", OffsetDateTime.class).toInstant(),
                            rs.getString("actor"), rs.getString("source_ip"), rs.getString("action"),
                            rs.getString("target"), rs.getString("detail"), rs.getString("outcome"));
                    if (!rs.getString("prev_hash").equals(prev[0]) || !rs.getString("hash").equals(expected)) {
                        broken[0] = rs.getLong("id");
                    }
                    prev[0] = rs.getString("hash");
                    return null;
                }).list();
        return broken[0];
    }

    private static String hash(String prev, Instant at, String... fields) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(prev.getBytes(StandardCharsets.UTF_8));
            md.update(at.toString().getBytes(StandardCharsets.UTF_8));
            for (String f : fields) {
                md.update((byte) 0x1f);
                if (f != null) {
                    md.update(f.getBytes(StandardCharsets.UTF_8));
                }
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sourceIp() {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attrs) {
            return attrs.getRequest().getRemoteAddr();
        }
        return null;
    }
}
