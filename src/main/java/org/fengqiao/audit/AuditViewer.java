package org.fengqiao.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import org.fengqiao.platform.AccessPolicy;
import org.fengqiao.platform.CurrentUser;
import org.fengqiao.platform.InvalidRequestException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The auditor's view of the trail: filter, page, verify, export. Only a county-level AUDITOR post grants it
 * ({@link AuditPermission#READ_TRAIL}; 三员分立: not the system or security administrator). A revoked post stops
 * working at the session's next request (the access module refreshes sessions when roles change). Actors are shown
 * with their names from {@link ActorNames}.
 */
@Service
public class AuditViewer {

    static final int MAX_PAGE = 200;
    static final int MAX_EXPORT = 100_000;

    private final JdbcClient jdbc;
    private final AuditTrail trail;
    private final AuditProperties properties;
    private final AccessPolicy policy;
    private final ObjectProvider<ActorNames> actorNames;
    private final Clock clock;

    AuditViewer(JdbcClient jdbc, AuditTrail trail, AuditProperties properties, AccessPolicy policy,
                ObjectProvider<ActorNames> actorNames, Clock clock) {
        this.jdbc = jdbc;
        this.trail = trail;
        this.properties = properties;
        this.policy = policy;
        this.actorNames = actorNames;
        this.clock = clock;
    }

    /** What the auditor asks for; every part optional. Dates are whole days in the server's time zone. */
    public record Filter(String actor, String action, String outcome, LocalDate from, LocalDate to) {
        String describe() {
            return "actor=" + nz(actor) + " action=" + nz(action) + " outcome=" + nz(outcome) + " from=" + nz(from)
                    + " to=" + nz(to);
        }

        private static String nz(Object o) {
            return o == null ? "" : o.toString();
        }
    }

    /** A page of the trail, newest first, with the names of its actors (user name → name). */
    public record Page(List<AuditTrail.AuditEvent> events, Long nextBefore, Map<String, String> actorNames) {
    }

    public record Verification(boolean intact, Long brokenAt, long events, OffsetDateTime oldest,
                               long retentionDays) {
    }

    public boolean mayRead() {
        return policy.holds(AuditPermission.READ_TRAIL);
    }

    public Page search(Filter filter, Long beforeId, int limit) {
        requireAuditor();
        int n = Math.max(1, Math.min(limit, MAX_PAGE));
        List<AuditTrail.AuditEvent> rows = query(filter, beforeId, n + 1);
        Long next = null;
        if (rows.size() > n) {
            rows = rows.subList(0, n);
            next = rows.getLast().id();
        }
        ActorNames names = actorNames.getIfAvailable();
        return new Page(rows, next, names == null ? Map.of()
                : names.displayNames(rows.stream().map(AuditTrail.AuditEvent::actor).distinct().toList()));
    }

    public Verification verify() {
        requireAuditor();
        long broken = trail.verifyChain();
        long count = jdbc.sql("select count(*) from audit_event").query(Long.class).single();
        OffsetDateTime oldest = jdbc.sql("select min(at) from audit_event").query(OffsetDateTime.class)
                .optional().orElse(null);
        return new Verification(broken < 0, broken < 0 ? null : broken, count, oldest,
                properties.retention().toDays());
    }

    /** Writes the filtered trail as CSV (newest first), watermarked with who exported when; the export is audited. */
    @Transactional
    public void exportCsv(Filter filter, Writer out) {
        requireAuditor();
        trail.record("AUDIT_EXPORT", "audit_event", filter.describe(), AuditTrail.Outcome.SUCCESS);
        try {
            out.write("# exported by " + CurrentUser.actor() + " at " + OffsetDateTime.now(clock) + "; "
                    + filter.describe() + "\r\n");
            out.write("id,at,actor,source_ip,action,target,detail,outcome,prev_hash,hash\r\n");
            for (AuditTrail.AuditEvent e : query(filter, null, MAX_EXPORT)) {
                out.write(String.join(",", String.valueOf(e.id()), cell(e.at().toString()), cell(e.actor()),
                        cell(e.sourceIp()), cell(e.action()), cell(e.target()), cell(e.detail()), cell(e.outcome()),
                        e.prevHash(), e.hash()));
                out.write("\r\n");
            }
            out.flush();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private List<AuditTrail.AuditEvent> query(Filter f, Long beforeId, int limit) {
        ZoneId zone = clock.getZone();
        OffsetDateTime from = f.from() == null ? null : f.from().atStartOfDay(zone).toOffsetDateTime();
        OffsetDateTime to = f.to() == null ? null : f.to().plusDays(1).atStartOfDay(zone).toOffsetDateTime();
        if (from != null && to != null && !from.isBefore(to)) {
            throw new InvalidRequestException("The start date must not be after the end date.");
        }
        String actor = blankToNull(f.actor());
        String action = blankToNull(f.action());
        String outcome = blankToNull(f.outcome());
        return jdbc.sql("""
                        select id, at, actor, source_ip, action, target, detail, outcome, prev_hash, hash
                        from audit_event
                        where (?::text is null or actor = ?) and (?::text is null or action = ?)
                          and (?::text is null or outcome = ?)
                          and (?::timestamptz is null or at >= ?) and (?::timestamptz is null or at < ?)
                          and (?::bigint is null or id < ?)
                        order by id desc limit ?""")
                .params(actor, actor, action, action, outcome, outcome, from, from, to, to, beforeId, beforeId, limit)
                .query(AuditTrail.AuditEvent.class).list();
    }

    private void requireAuditor() {
        String actor = CurrentUser.actor();
        if (!mayRead()) {
            trail.recordIndependently(actor, "AUDIT_READ", "audit_event", "not an auditor",
                    AuditTrail.Outcome.DENIED);
            throw new AccessDeniedException("Only an auditor may read the audit trail.");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    /** CSV cell with quotes as needed; a leading formula character is defused for spreadsheets. */
    static String cell(String s) {
        if (s == null) {
            return "";
        }
        String v = s;
        if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v;
        }
        if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")) {
            v = "\"" + v.replace("\"", "\"\"") + "\"";
        }
        return v;
    }
}
