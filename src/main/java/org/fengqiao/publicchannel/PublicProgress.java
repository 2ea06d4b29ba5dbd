package org.fengqiao.publicchannel;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.fengqiao.cases.CaseState;
import org.fengqiao.intake.ReportStatus;
import org.fengqiao.platform.DataScope;
import org.fengqiao.platform.NotFoundException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * What the public may know about a report: where it stands and its public timeline. Never staff names, never the
 * reporter's identity, never internal notes: only the steps themselves (accepted, dispatched to a department, signed
 * for, fed back, verified, closed …) and the notes staff marked public. Read from this module's own read model,
 * which {@link PublicProgressFeed} keeps from intake's and cases' events.
 * Used by the tracking page and by Open311 ({@code extensions=true}, {@code servicerequestupdates}).
 */
@Service
public class PublicProgress {

    private final JdbcClient jdbc;

    PublicProgress(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * One public step.
     *
     * @param code the platform's own state or step: RECEIVED, ACCEPTED, REJECTED, MERGED, SOLVED_ON_SPOT,
     *             DISPATCHED, RETURNED, IN_PROGRESS, FED_BACK, REWORK, BACKLOG, MEDIATION, REGISTERED, CLOSED,
     *             SUPERVISED, REOPENED, NOTE
     * @param note public text (a public note, the department dispatched to), or null
     */
    public record Step(long id, Instant at, String code, String note) {
    }

    /**
     * A report's public state.
     *
     * @param open whether it is still open (v2's two-value status)
     */
    public record Progress(long reportId, String channel, String categoryCode, String description, String areaCode,
                           Double lon, Double lat, String address, Instant receivedAt, ReportStatus reportStatus,
                           Long caseId, String caseNumber, CaseState caseState, String agency, Instant expectedAt,
                           Instant closedAt, Instant updatedAt, boolean open, List<Step> steps, List<UUID> photoIds) {

        /** The platform's own current state, e.g. PENDING, DISPATCHED, CLOSED, REJECTED. */
        public String platformState() {
            if (caseState != null) {
                return caseState.name();
            }
            return reportStatus.name();
        }
    }

    private static final String SELECT = """
            select p.report_id, p.channel, p.category_code, p.description, p.area_code, p.lon, p.lat, p.address,
                   p.received_at, p.accept_due, p.photo_ids, p.report_status, p.decided_at, p.case_id,
                   c.number, c.state, c.agency, c.expected_at, c.closed_at, c.updated_at
            from public_progress p left join public_case c on c.case_id = p.case_id""";

    /** The progress of a report in this area (the caller knows both from a tracking code or a request id). */
    public Progress of(long reportId, String areaCode) {
        return load(List.of(reportId), areaCode == null ? DataScope.NOTHING : DataScope.of(areaCode)).stream()
                .findFirst().orElseThrow(() -> new NotFoundException("No report " + reportId));
    }

    /** The progress of a report in the scope, if there is one. */
    public Optional<Progress> find(long reportId, DataScope scope) {
        return load(List.of(reportId), scope).stream().findFirst();
    }

    /** The progress of these reports of these channels, in the order of the ids given. */
    public List<Progress> ofReports(Collection<Long> reportIds, Collection<String> channels) {
        if (reportIds.isEmpty()) {
            return List.of();
        }
        List<Progress> all = load(reportIds, null);
        return all.stream().filter(p -> channels.contains(p.channel())).toList();
    }

    /**
     * Reports of these channels received in [from, to], newest first, optionally of some categories and only open
     * or only closed ones (Open311's GET requests).
     */
    public List<Long> search(Collection<String> channels, Instant from, Instant to, Collection<String> categories,
                             boolean open, boolean closed, int limit, int offset) {
        return jdbc.sql("""
                        select p.report_id from public_progress p left join public_case c on c.case_id = p.case_id
                        where p.channel = any (?) and p.received_at >= ? and p.received_at <= ?
                          and (cardinality(?::text[]) = 0 or p.category_code = any (?))
                          and ((? and (c.state <> 'CLOSED' or (c.case_id is null
                                      and p.report_status in ('PENDING', 'ACCEPTED', 'MERGED'))))
                            or (? and (c.state = 'CLOSED' or (c.case_id is null
                                      and p.report_status in ('REJECTED', 'SOLVED_ON_SPOT')))))
                        order by p.received_at desc, p.report_id desc limit ? offset ?""")
                .params(channels.toArray(String[]::new), utc(from), utc(to), categories.toArray(String[]::new),
                        categories.toArray(String[]::new), open, closed, limit, offset)
                .query(Long.class).list();
    }

    /**
     * Reports of these channels with a public step in [from, to] (Open311's servicerequestupdates), by id, at most
     * {@code limit}.
     */
    public List<Long> changedBetween(Collection<String> channels, Instant from, Instant to, int limit) {
        return jdbc.sql("""
                        select p.report_id from public_progress p
                        where p.channel = any (?) and (
                              exists (select 1 from public_step s where s.report_id = p.report_id
                                        and s.at between ? and ?)
                           or exists (select 1 from public_step s where s.case_id = p.case_id
                                        and s.at between ? and ?))
                        order by p.report_id limit ?""")
                .params(channels.toArray(String[]::new), utc(from), utc(to), utc(from), utc(to), limit)
                .query(Long.class).list();
    }

    private List<Progress> load(Collection<Long> ids, DataScope scope) {
        if (scope != null && scope.isEmpty()) {
            return List.of();
        }
        record Row(long reportId, String channel, String categoryCode, String description, String areaCode,
                   Double lon, Double lat, String address, Instant receivedAt, Instant acceptDue, List<UUID> photos,
                   ReportStatus status, Instant decidedAt, Long caseId, String number, CaseState state,
                   String agency, Instant expectedAt, Instant closedAt, Instant updatedAt) {
        }
        String where = " where p.report_id = any (?)" + (scope == null ? "" : " and p.area_code like any (?)");
        Object[] params = scope == null ? new Object[] {ids.toArray(Long[]::new)}
                : new Object[] {ids.toArray(Long[]::new), scope.likePatterns()};
        List<Row> rows = jdbc.sql(SELECT + where).params(params).query((rs, n) -> new Row(rs.getLong("report_id"),
                rs.getString("channel"), rs.getString("category_code"), rs.getString("description"),
                rs.getString("area_code"), (Double) rs.getObject("lon"), (Double) rs.getObject("lat"),
                rs.getString("address"), at(rs, "received_at"), at(rs, "accept_due"),
                Arrays.asList((UUID[]) rs.getArray("photo_ids").getArray()),
                ReportStatus.valueOf(rs.getString("report_status")), at(rs, "decided_at"),
                (Long) rs.getObject("case_id"), rs.getString("number"),
                rs.getString("state") == null ? null : CaseState.valueOf(rs.getString("state")),
                rs.getString("agency"), at(rs, "expected_at"), at(rs, "closed_at"), at(rs, "updated_at"))).list();
        if (rows.isEmpty()) {
            return List.of();
        }
        Map<Long, List<Step>> byReport = new LinkedHashMap<>();
        Map<Long, List<Step>> byCase = new LinkedHashMap<>();
        List<Long> reportIds = rows.stream().map(Row::reportId).toList();
        List<Long> caseIds = rows.stream().map(Row::caseId).filter(java.util.Objects::nonNull).distinct().toList();
        jdbc.sql("""
                        select id, report_id, case_id, at, code, note from public_step
                        where report_id = any (?) or case_id = any (?) order by at, id""")
                .params(reportIds.toArray(Long[]::new), caseIds.toArray(Long[]::new))
                .query((ResultSet rs) -> {
                    Step s = new Step(rs.getLong("id"), at(rs, "at"), rs.getString("code"), rs.getString("note"));
                    Long r = (Long) rs.getObject("report_id");
                    if (r != null) {
                        byReport.computeIfAbsent(r, k -> new ArrayList<>()).add(s);
                    } else {
                        byCase.computeIfAbsent(rs.getLong("case_id"), k -> new ArrayList<>()).add(s);
                    }
                });
        Map<Long, Progress> out = new LinkedHashMap<>();
        for (Row r : rows) {
            List<Step> steps = new ArrayList<>(byReport.getOrDefault(r.reportId(), List.of()));
            if (r.caseId() != null) {
                steps.addAll(byCase.getOrDefault(r.caseId(), List.of()));
            }
            steps.sort(Comparator.comparing(Step::at).thenComparing(Step::id));
            boolean hasCase = r.caseId() != null && r.state() != null;
            boolean open;
            Instant closedAt = null;
            if (hasCase) {
                open = r.state().open();
                closedAt = r.closedAt();
            } else {
                open = r.status() == ReportStatus.PENDING || r.status() == ReportStatus.ACCEPTED
                        || r.status() == ReportStatus.MERGED;
                if (!open) {
                    closedAt = r.decidedAt() != null ? r.decidedAt() : r.receivedAt();
                }
            }
            Instant updated = r.receivedAt();
            for (Step s : steps) {
                if (s.at().isAfter(updated)) {
                    updated = s.at();
                }
            }
            if (hasCase && r.updatedAt() != null && r.updatedAt().isAfter(updated)) {
                updated = r.updatedAt();
            }
            out.put(r.reportId(), new Progress(r.reportId(), r.channel(), r.categoryCode(), r.description(),
                    r.areaCode(), r.lon(), r.lat(), r.address(), r.receivedAt(), r.status(),
                    hasCase ? r.caseId() : null, hasCase ? r.number() : null, hasCase ? r.state() : null,
                    hasCase ? r.agency() : null, hasCase ? r.expectedAt() : r.acceptDue(), closedAt, updated, open,
                    List.copyOf(steps), r.photos()));
        }
        List<Progress> ordered = new ArrayList<>();
        for (Long id : ids) {
            Progress p = out.get(id);
            if (p != null) {
                ordered.add(p);
            }
        }
        return ordered;
    }

    private static Instant at(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    static OffsetDateTime utc(Instant i) {
        return i == null ? null : OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
    }
}
