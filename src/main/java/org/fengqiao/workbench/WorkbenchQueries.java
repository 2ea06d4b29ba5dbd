package org.fengqiao.workbench;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.fengqiao.platform.AccessPolicy;
import org.fengqiao.platform.CurrentUser;
import org.fengqiao.platform.DataScope;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import static org.fengqiao.workbench.WorkbenchTime.instant;
import static org.fengqiao.workbench.WorkbenchTime.utc;

/**
 * The workbench's SQL, over its own read models only. Every query is limited in SQL to what the person's
 * assignments granting the panel's permission cover: an area predicate per assignment (prefix match, which the
 * partial indexes on open cases and pending reports serve), for a department also the organisation of that same
 * assignment. Overdue and near are decided here against {@code now}.
 */
@Component
class WorkbenchQueries {

    /** A case as a panel lists it. */
    record CaseRow(long id, String number, String categoryCode, String summary, String areaCode, String state,
                   Instant due, boolean supervised, String supervisedStage, boolean extensionPending,
                   String returnedBy, String returnReason, String leadOrgName) {
    }

    /** A report as a panel lists it. */
    record ReportRow(long id, String categoryCode, String summary, String areaCode, String place, String status,
                     Instant receivedAt, Instant acceptDue, Long caseId, String caseNumber, String caseState) {
    }

    private static final String CASE_COLUMNS = """
            c.case_id, c.number, c.category_code, c.summary, c.area_code, c.state, c.due, c.supervised,
            c.supervised_stage, c.extension_pending, c.returned_by, c.return_reason, c.lead_org_name""";

    private final JdbcClient jdbc;
    private final AccessPolicy policy;

    WorkbenchQueries(JdbcClient jdbc, AccessPolicy policy) {
        this.jdbc = jdbc;
        this.policy = policy;
    }

    /** A predicate and its parameters, for one panel of one person. */
    record Where(String sql, Map<String, Object> params) {
        boolean none() {
            return sql.equals("false");
        }
    }

    /** The areas of the assignments granting an AREA permission, as ORed prefix matches on {@code column}. */
    Where area(CurrentUser.User user, WorkbenchPermission p, String column) {
        return area(policy.scope(user, p), column);
    }

    static Where area(DataScope scope, String column) {
        Map<String, Object> params = new LinkedHashMap<>();
        List<String> ors = new ArrayList<>();
        String[] patterns = scope.likePatterns();
        for (int i = 0; i < patterns.length; i++) {
            params.put("a" + i, patterns[i]);
            ors.add(column + " like :a" + i);
        }
        return new Where(ors.isEmpty() ? "false" : "(" + String.join(" or ", ors) + ")", params);
    }

    /**
     * A department's cases: for each assignment granting {@link WorkbenchPermission#DEPARTMENT}, the cases in its
     * area led by its organisation ({@code assisting}: where it assists). Assignments never combine.
     */
    Where department(CurrentUser.User user, boolean assisting) {
        Map<String, Object> params = new LinkedHashMap<>();
        List<String> ors = new ArrayList<>();
        int i = 0;
        for (CurrentUser.Assignment a : user.assignments()) {
            if (!WorkbenchPermission.DEPARTMENT.grantedTo().contains(a.role()) || a.organisationId() == null) {
                continue;
            }
            params.put("da" + i, a.areaCode() + "%");
            params.put("do" + i, a.organisationId());
            ors.add(assisting ? "(c.area_code like :da" + i + " and c.assist_org_ids @> array[cast(:do" + i
                    + " as bigint)])" : "(c.area_code like :da" + i + " and c.lead_org_id = :do" + i + ")");
            i++;
        }
        return new Where(ors.isEmpty() ? "false" : "(" + String.join(" or ", ors) + ")", params);
    }

    /**
     * A court's confirmations: for each assignment granting {@link WorkbenchPermission#COURT}, those in its area
     * applied to its organisation.
     */
    Where court(CurrentUser.User user) {
        Map<String, Object> params = new LinkedHashMap<>();
        List<String> ors = new ArrayList<>();
        int i = 0;
        for (CurrentUser.Assignment a : user.assignments()) {
            if (!WorkbenchPermission.COURT.grantedTo().contains(a.role()) || a.organisationId() == null) {
                continue;
            }
            params.put("ca" + i, a.areaCode() + "%");
            params.put("co" + i, a.organisationId());
            ors.add("(f.area_code like :ca" + i + " and f.court_org_id = :co" + i + ")");
            i++;
        }
        return new Where(ors.isEmpty() ? "false" : "(" + String.join(" or ", ors) + ")", params);
    }

    /** Confirmations to accept (APPLIED) and to decide (ACCEPTED). */
    List<Long> countConfirmations(Where where) {
        if (where.none()) {
            return List.of(0L, 0L);
        }
        return jdbc.sql("""
                        select count(*) filter (where f.status = 'APPLIED'), count(*) filter (where f.status = 'ACCEPTED')
                        from wb_confirmation f where f.status in ('APPLIED', 'ACCEPTED') and """ + where.sql())
                .params(where.params()).query((rs, n) -> List.of(rs.getLong(1), rs.getLong(2))).single();
    }

    List<MediationRow> confirmations(Where where, int limit) {
        if (where.none()) {
            return List.of();
        }
        return jdbc.sql("""
                        select f.agreement_id, f.dispute_id, f.number, f.area_code, f.status, f.applied_at
                        from wb_confirmation f where f.status in ('APPLIED', 'ACCEPTED') and """ + where.sql() + """
                         order by f.applied_at, f.agreement_id limit :limit""")
                .params(where.params()).param("limit", limit)
                .query((rs, n) -> new MediationRow(rs.getLong("agreement_id"), rs.getLong("dispute_id"),
                        rs.getString("number"), null, rs.getString("area_code"), rs.getString("status"),
                        instant(rs.getObject("applied_at", OffsetDateTime.class)), null)).list();
    }

    /** Counts over open cases: each named filter, in order. */
    List<Long> countCases(Where where, String states, List<String> filters, Instant now, Instant soon) {
        if (where.none()) {
            return filters.stream().map(f -> 0L).toList();
        }
        StringBuilder select = new StringBuilder("select ");
        for (int i = 0; i < filters.size(); i++) {
            select.append(i == 0 ? "" : ", ").append("count(*) filter (where ").append(filters.get(i)).append(")");
        }
        String sql = select + " from wb_case c where c.state <> 'CLOSED' and c.state in (" + states + ") and "
                + where.sql();
        return jdbc.sql(sql).params(where.params()).param("now", utc(now)).param("soon", utc(soon))
                .query((rs, n) -> {
                    List<Long> counts = new ArrayList<>();
                    for (int i = 1; i <= filters.size(); i++) {
                        counts.add(rs.getLong(i));
                    }
                    return counts;
                }).single();
    }

    /** The first open cases matching {@code filter}, ordered by {@code order}. */
    List<CaseRow> cases(Where where, String states, String filter, String order, Instant now, Instant soon,
                        int limit) {
        if (where.none()) {
            return List.of();
        }
        String sql = "select " + CASE_COLUMNS + " from wb_case c where c.state <> 'CLOSED' and c.state in (" + states
                + ") and " + where.sql() + " and (" + filter + ") order by " + order + " limit :limit";
        return jdbc.sql(sql).params(where.params()).param("now", utc(now)).param("soon", utc(soon))
                .param("limit", limit).query(WorkbenchQueries::caseRow).list();
    }

    /** Pending reports: how many, how many near their intake limit, how many past it. */
    List<Long> countPending(Where where, Instant now, Instant soon) {
        if (where.none()) {
            return List.of(0L, 0L, 0L);
        }
        return jdbc.sql("""
                        select count(*), count(*) filter (where r.accept_due < :soon),
                               count(*) filter (where r.accept_due < :now)
                        from wb_report r where r.status = 'PENDING' and """ + where.sql())
                .params(where.params()).param("now", utc(now)).param("soon", utc(soon))
                .query((rs, n) -> List.of(rs.getLong(1), rs.getLong(2), rs.getLong(3))).single();
    }

    /** The pending reports closest to their intake limit. */
    List<ReportRow> pending(Where where, int limit) {
        if (where.none()) {
            return List.of();
        }
        return jdbc.sql("""
                        select r.report_id, r.category_code, r.summary, r.area_code, r.place, r.status, r.received_at,
                               r.accept_due, r.case_id, r.case_number, null as case_state
                        from wb_report r where r.status = 'PENDING' and """ + where.sql() + """
                         order by r.accept_due nulls last, r.report_id limit :limit""")
                .params(where.params()).param("limit", limit).query(WorkbenchQueries::reportRow).list();
    }

    /** One's own reports: how many wait for the center, how many became cases still open. */
    List<Long> countOwn(String username) {
        return jdbc.sql("""
                        select count(*) filter (where r.status = 'PENDING'),
                               count(*) filter (where r.case_id is not null and c.state <> 'CLOSED')
                        from wb_report r left join wb_case c on c.case_id = r.case_id
                        where r.submitted_by = ?""")
                .param(username).query((rs, n) -> List.of(rs.getLong(1), rs.getLong(2))).single();
    }

    /** One's newest reports with what became of them. */
    List<ReportRow> own(String username, int limit) {
        return jdbc.sql("""
                        select r.report_id, r.category_code, r.summary, r.area_code, r.place, r.status, r.received_at,
                               r.accept_due, r.case_id, r.case_number, c.state as case_state
                        from wb_report r left join wb_case c on c.case_id = r.case_id
                        where r.submitted_by = ? order by r.received_at desc nulls last, r.report_id desc limit ?""")
                .params(username, limit).query(WorkbenchQueries::reportRow).list();
    }

    /** A dispute, a session or a warning as a panel lists it. */
    record MediationRow(long id, long disputeId, String number, String type, String areaCode, String state,
                        Instant due, String note) {
    }

    /** Mediation work: to answer (chosen, as one of {@code mine}), mediating, waiting at a site, past the tier. */
    List<Long> countDisputes(Where where, List<Long> mine, Instant now) {
        if (where.none()) {
            return List.of(0L, 0L, 0L, 0L);
        }
        return jdbc.sql("""
                        select count(*) filter (where d.state = 'AWAITING_MEDIATOR'
                                                  and d.mediator_id = any (cast(:mine as bigint[]))),
                               count(*) filter (where d.state = 'MEDIATING'
                                                  and d.mediator_id = any (cast(:mine as bigint[]))),
                               count(*) filter (where d.state = 'REGISTERED'),
                               count(*) filter (where d.tier_due < :now)
                        from wb_dispute d
                        where d.state <> 'CLOSED' and d.state in ('REGISTERED', 'AWAITING_MEDIATOR', 'MEDIATING')
                          and """ + where.sql())
                .params(where.params()).param("mine", array(mine)).param("now", utc(now))
                .query((rs, n) -> List.of(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4))).single();
    }

    /** Open disputes matching {@code filter}, ordered by {@code order}. */
    List<MediationRow> disputes(Where where, List<Long> mine, String filter, String order, Instant now, int limit) {
        if (where.none()) {
            return List.of();
        }
        return jdbc.sql("""
                        select d.dispute_id, d.number, d.type, d.area_code, d.state, d.tier_due, d.tier
                        from wb_dispute d
                        where d.state <> 'CLOSED' and d.state in ('REGISTERED', 'AWAITING_MEDIATOR', 'MEDIATING')
                          and """ + where.sql() + " and (" + filter + ") order by " + order + " limit :limit")
                .params(where.params()).param("mine", array(mine)).param("now", utc(now)).param("limit", limit)
                .query((rs, n) -> new MediationRow(rs.getLong("dispute_id"), rs.getLong("dispute_id"),
                        rs.getString("number"), rs.getString("type"), rs.getString("area_code"),
                        rs.getString("state"), instant(rs.getObject("tier_due", OffsetDateTime.class)),
                        rs.getString("tier"))).list();
    }

    /** Sessions booked from {@code from} on: how many, and the first few. */
    long countSessions(Where where, Instant from) {
        if (where.none()) {
            return 0;
        }
        return jdbc.sql("select count(*) from wb_session s where s.status = 'BOOKED' and s.starts_at >= :from and "
                        + where.sql()).params(where.params()).param("from", utc(from)).query(Long.class).single();
    }

    List<MediationRow> sessions(Where where, Instant from, int limit) {
        if (where.none()) {
            return List.of();
        }
        return jdbc.sql("""
                        select s.session_id, s.dispute_id, s.number, d.type, s.area_code, s.starts_at
                        from wb_session s left join wb_dispute d on d.dispute_id = s.dispute_id
                        where s.status = 'BOOKED' and s.starts_at >= :from and """ + where.sql()
                        + " order by s.starts_at, s.session_id limit :limit")
                .params(where.params()).param("from", utc(from)).param("limit", limit)
                .query((rs, n) -> new MediationRow(rs.getLong("session_id"), rs.getLong("dispute_id"),
                        rs.getString("number"), rs.getString("type"), rs.getString("area_code"), "BOOKED",
                        instant(rs.getObject("starts_at", OffsetDateTime.class)), null)).list();
    }

    /** Open warnings: how many, not yet acknowledged, past their handling deadline, assigned to the person. */
    List<Long> countWarnings(Where where, long personId, Instant now) {
        if (where.none()) {
            return List.of(0L, 0L, 0L, 0L);
        }
        return jdbc.sql("""
                        select count(*), count(*) filter (where w.state = 'RAISED'),
                               count(*) filter (where w.handle_due < :now),
                               count(*) filter (where w.assignee_person_id = :me)
                        from wb_warning w where w.state <> 'HANDLED' and """ + where.sql())
                .params(where.params()).param("now", utc(now)).param("me", personId)
                .query((rs, n) -> List.of(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4))).single();
    }

    List<MediationRow> warnings(Where where, long personId, int limit) {
        if (where.none()) {
            return List.of();
        }
        return jdbc.sql("""
                        select w.warning_id, w.subject_id, w.number, w.rule_code, w.area_code, w.state, w.handle_due,
                               w.level, w.finding
                        from wb_warning w where w.state <> 'HANDLED' and """ + where.sql() + """
                         order by (w.assignee_person_id = :me) desc nulls last, w.handle_due, w.warning_id
                         limit :limit""")
                .params(where.params()).param("me", personId).param("limit", limit)
                .query((rs, n) -> new MediationRow(rs.getLong("warning_id"), rs.getLong("subject_id"),
                        rs.getString("number"), rs.getString("level"), rs.getString("area_code"),
                        rs.getString("state"), instant(rs.getObject("handle_due", OffsetDateTime.class)),
                        rs.getString("finding"))).list();
    }

    private static String array(List<Long> ids) {
        return "{" + String.join(",", ids.stream().map(String::valueOf).toList()) + "}";
    }

    private static CaseRow caseRow(ResultSet rs, int n) throws SQLException {
        return new CaseRow(rs.getLong("case_id"), rs.getString("number"), rs.getString("category_code"),
                rs.getString("summary"), rs.getString("area_code"), rs.getString("state"),
                instant(rs.getObject("due", OffsetDateTime.class)), rs.getBoolean("supervised"),
                rs.getString("supervised_stage"), rs.getBoolean("extension_pending"), rs.getString("returned_by"),
                rs.getString("return_reason"), rs.getString("lead_org_name"));
    }

    private static ReportRow reportRow(ResultSet rs, int n) throws SQLException {
        return new ReportRow(rs.getLong("report_id"), rs.getString("category_code"), rs.getString("summary"),
                rs.getString("area_code"), rs.getString("place"), rs.getString("status"),
                instant(rs.getObject("received_at", OffsetDateTime.class)),
                instant(rs.getObject("accept_due", OffsetDateTime.class)), rs.getObject("case_id", Long.class),
                rs.getString("case_number"), rs.getString("case_state"));
    }
}
