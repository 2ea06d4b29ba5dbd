package org.fengqiao.cases;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

import org.fengqiao.platform.AccessPolicy;
import org.fengqiao.platform.CurrentUser;
import org.fengqiao.platform.DataScope;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Worklists per role, filtered and keyset-paged (newest id first), always inside the user's data scope in SQL; a
 * department handler's lists hold only cases led by (or assisted by) their departments.
 */
@Service
public class CaseQueries {

    public enum WorkList {
        TO_DISPATCH, TO_SIGN, TO_HANDLE, TO_VERIFY, TO_RATE, OVERDUE, SUPERVISED, EXTENSIONS, BACKLOG, ALL
    }

    public record Filter(String category, String state, String area, String number) {
        static Filter none() {
            return new Filter(null, null, null, null);
        }
    }

    public record Row(long id, String number, String categoryCode, String description, String areaCode, String state,
                      String leadOrgName, Instant due, boolean overdue, boolean supervised, int urgeCount,
                      Instant openedAt) {
    }

    private final JdbcClient jdbc;
    private final AccessPolicy policy;
    private final Clock clock;

    CaseQueries(JdbcClient jdbc, AccessPolicy policy, Clock clock) {
        this.jdbc = jdbc;
        this.policy = policy;
        this.clock = clock;
    }

    /** The worklists that make sense for the user's assignments, in order. */
    public List<WorkList> listsFor(CurrentUser.User u) {
        List<WorkList> lists = new java.util.ArrayList<>();
        for (WorkList l : WorkList.values()) {
            if (policy.holds(u, permissionOf(l))
                    || (l == WorkList.TO_DISPATCH && policy.holds(u, CasePermission.TRIAGE))) {
                lists.add(l);
            }
        }
        return lists;
    }

    /** The permission whose holders a worklist is for; the rows are those the user may act on or see. */
    private static CasePermission permissionOf(WorkList list) {
        return switch (list) {
            case TO_DISPATCH -> CasePermission.DISPATCH;
            case TO_SIGN, TO_HANDLE -> CasePermission.HANDLE;
            case TO_VERIFY -> CasePermission.VERIFY;
            case TO_RATE -> CasePermission.RATE;
            case EXTENSIONS, BACKLOG -> CasePermission.DECIDE;
            case OVERDUE, SUPERVISED, ALL -> CasePermission.READ;
        };
    }

    public List<Row> list(WorkList list, Filter filter, Long beforeId, int limit) {
        CurrentUser.User u = CurrentUser.require();
        Filter f = filter == null ? Filter.none() : filter;
        List<Long> orgs = policy.organisations(u, CasePermission.HANDLE);
        DataScope actScope = list == WorkList.TO_DISPATCH
                ? DataScope.of(java.util.stream.Stream.concat(policy.scope(u, CasePermission.DISPATCH).prefixes()
                .stream(), policy.scope(u, CasePermission.TRIAGE).prefixes().stream()).toList())
                : policy.scope(u, permissionOf(list));
        CaseVisibility visible = CaseVisibility.of(u);
        String where = switch (list) {
            case TO_DISPATCH -> "c.state in ('REGISTERED', 'RETURNED')";
            case TO_SIGN -> "c.state = 'DISPATCHED' and c.lead_org_id = any (cast(:orgs as bigint[]))";
            case TO_HANDLE -> "c.state in ('IN_PROGRESS', 'REWORK', 'BACKLOG') and c.lead_org_id = any (cast(:orgs as bigint[]))";
            case TO_VERIFY -> "c.state = 'FED_BACK'";
            case TO_RATE -> "c.state = 'CLOSED' and c.rating is null";
            case OVERDUE -> """
                    ((c.state = 'DISPATCHED' and c.sign_due < :now)
                     or (c.state in ('IN_PROGRESS', 'REWORK') and c.handle_due < :now)
                     or (c.state = 'FED_BACK' and c.verify_due < :now))""";
            case SUPERVISED -> "c.supervised and c.state <> 'CLOSED'";
            case EXTENSIONS -> "c.extension_pending";
            case BACKLOG -> "c.state = 'BACKLOG'";
            case ALL -> "true";
        };
        String sql = """
                select c.id, c.number, c.category_code, c.description, c.area_code, c.state, c.lead_org_name,
                       case when c.state = 'DISPATCHED' then c.sign_due
                            when c.state in ('IN_PROGRESS', 'REWORK') then c.handle_due
                            when c.state = 'FED_BACK' then c.verify_due end as due,
                       c.supervised, c.urge_count, c.opened_at
                from case_file c
                where c.area_code like any (cast(:scope as text[])) and %s and %s
                  and (cast(:category as text) is null or c.category_code = :category)
                  and (cast(:state as text) is null or c.state = :state)
                  and (cast(:area as text) is null or c.area_code like :area || '%%')
                  and (cast(:number as text) is null or c.number = :number)
                  and (cast(:before as bigint) is null or c.id < :before)
                order by c.id desc limit :limit""".formatted(visible.sql(), where);
        Instant now = clock.instant();
        OffsetDateTime nowTs = CaseFiles.ts(now);
        return jdbc.sql(sql)
                .param("scope", "{" + String.join(",", actScope.likePatterns()) + "}")
                .params(visible.params())
                .param("orgs", "{" + String.join(",", orgs.stream().map(String::valueOf).toList()) + "}")
                .param("now", nowTs)
                .param("category", blank(f.category()))
                .param("state", blank(f.state()))
                .param("area", blank(f.area()))
                .param("number", blank(f.number()))
                .param("before", beforeId)
                .param("limit", Math.max(1, Math.min(limit, 200)))
                .query((rs, n) -> {
                    OffsetDateTime due = rs.getObject("due", OffsetDateTime.class);
                    Instant d = due == null ? null : due.toInstant();
                    return new Row(rs.getLong("id"), rs.getString("number"), rs.getString("category_code"),
                            rs.getString("description"), rs.getString("area_code"), rs.getString("state"),
                            rs.getString("lead_org_name"), d, d != null && now.isAfter(d),
                            rs.getBoolean("supervised"), rs.getInt("urge_count"),
                            rs.getObject("opened_at", OffsetDateTime.class).toInstant());
                }).list();
    }

    /** Counts per worklist for the tabs. */
    public long count(WorkList list) {
        return list(list, Filter.none(), null, 200).size();
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
