package org.fengqiao.cases;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

import org.fengqiao.platform.CurrentUser;
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
    private final CaseManagement cases;
    private final Clock clock;

    CaseQueries(JdbcClient jdbc, CaseManagement cases, Clock clock) {
        this.jdbc = jdbc;
        this.cases = cases;
        this.clock = clock;
    }

    /** The worklists that make sense for the user's roles, in order. */
    public List<WorkList> listsFor(CurrentUser.User u) {
        List<WorkList> lists = new java.util.ArrayList<>();
        boolean center = u.roles().stream().anyMatch(CaseManagement.CENTER::contains);
        boolean dept = u.hasRole("DEPARTMENT_HANDLER");
        boolean field = u.roles().stream().anyMatch(CaseManagement.FIELD::contains);
        if (center) {
            lists.add(WorkList.TO_DISPATCH);
        }
        if (dept) {
            lists.add(WorkList.TO_SIGN);
            lists.add(WorkList.TO_HANDLE);
        }
        if (center || field) {
            lists.add(WorkList.TO_VERIFY);
        }
        if (center) {
            lists.add(WorkList.TO_RATE);
        }
        lists.add(WorkList.OVERDUE);
        lists.add(WorkList.SUPERVISED);
        if (u.roles().stream().anyMatch(CaseManagement.LEADS::contains)) {
            lists.add(WorkList.EXTENSIONS);
            lists.add(WorkList.BACKLOG);
        }
        lists.add(WorkList.ALL);
        return lists;
    }

    public List<Row> list(WorkList list, Filter filter, Long beforeId, int limit) {
        CurrentUser.User u = CurrentUser.get().orElseThrow();
        Filter f = filter == null ? Filter.none() : filter;
        List<Long> orgs = cases.orgsOf(u);
        boolean deptOnly = u.hasRole("DEPARTMENT_HANDLER")
                && u.roles().stream().noneMatch(r -> CaseManagement.CENTER.contains(r)
                || CaseManagement.FIELD.contains(r));
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
        if (deptOnly) {
            where += " and (c.lead_org_id = any (cast(:orgs as bigint[])) or c.assist_org_ids && cast(:orgs as bigint[]))";
        }
        String sql = """
                select c.id, c.number, c.category_code, c.description, c.area_code, c.state, c.lead_org_name,
                       case when c.state = 'DISPATCHED' then c.sign_due
                            when c.state in ('IN_PROGRESS', 'REWORK') then c.handle_due
                            when c.state = 'FED_BACK' then c.verify_due end as due,
                       c.supervised, c.urge_count, c.opened_at
                from case_file c
                where c.area_code like any (cast(:scope as text[])) and %s
                  and (cast(:category as text) is null or c.category_code = :category)
                  and (cast(:state as text) is null or c.state = :state)
                  and (cast(:area as text) is null or c.area_code like :area || '%%')
                  and (cast(:number as text) is null or c.number = :number)
                  and (cast(:before as bigint) is null or c.id < :before)
                order by c.id desc limit :limit""".formatted(where);
        Instant now = clock.instant();
        OffsetDateTime nowTs = CaseFiles.ts(now);
        return jdbc.sql(sql)
                .param("scope", "{" + String.join(",", u.scope().likePatterns()) + "}")
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
