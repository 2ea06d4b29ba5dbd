package org.fengqiao.demo.internal;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The workbench's bulk path for scale runs (docs/DEMO.md): cases and reports written by SQL publish no events, so the
 * workbench's read models are derived here from the raw tables, the rows its listeners would have written from the
 * events of the same history ({@code ScaleWorkbenchTest} checks that on small data). Each group's time is the time
 * of the step that set it, so live events after the load move them on as usual.
 */
@Component
public class ScaleWorkbench {

    private final JdbcClient jdbc;

    ScaleWorkbench(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Derives the workbench rows of the cases and reports of an area (code prefix) from these ids on. */
    public long[] derive(String areaPrefix, long fromCaseId, long fromReportId) {
        String like = areaPrefix + "%";
        long cases = jdbc.sql("""
                insert into wb_case (case_id, number, area_code, category_code, state, state_at, opened_at, summary,
                                     lead_org_id, lead_org_name, assist_org_ids, sign_due, dispatch_at, handle_due,
                                     handle_due_at, verify_due, verify_due_at, returned_by, return_reason, returned_at,
                                     supervised, supervised_stage, supervised_at, extension_pending, extension_at)
                select c.id, c.number, c.area_code, c.category_code, c.state,
                       greatest(c.opened_at, c.dispatched_at, c.signed_at, c.fed_back_at, c.closed_at, c.rated_at,
                                c.supervised_at, c.last_urged_at),
                       c.opened_at, case when length(btrim(c.description)) > 160 then left(btrim(c.description), 159) || '…'
                                 else btrim(c.description) end, c.lead_org_id, c.lead_org_name, c.assist_org_ids,
                       c.sign_due, coalesce(c.dispatched_at, c.opened_at), c.handle_due,
                       coalesce(c.dispatched_at, c.opened_at), c.verify_due, coalesce(c.fed_back_at, c.opened_at),
                       r.org_name, left(r.return_reason, 200), r.returned_at, c.supervised,
                       case when c.supervised then coalesce(c.auto_supervised_stage, 'LEADER') end, c.supervised_at,
                       c.extension_pending, c.opened_at
                from case_file c
                left join lateral (select d.org_name, d.return_reason, d.returned_at from case_dispatch d
                                   where d.case_id = c.id and d.role = 'LEAD' and d.returned_at is not null
                                   order by d.returned_at desc limit 1) r on c.return_count > 0
                where c.area_code like ? and c.id >= ?
                on conflict (case_id) do nothing""").params(like, fromCaseId).update();
        long reports = jdbc.sql("""
                insert into wb_report (report_id, area_code, channel, category_code, summary, received_at, accept_due,
                                       submitted_by, status, decided_at, case_id, case_number)
                select r.id, r.area_code, r.channel, r.category_code,
                       case when length(btrim(r.description)) > 160 then left(btrim(r.description), 159) || '…'
                            else btrim(r.description) end, r.received_at,
                       r.accept_due, r.submitted_by,
                       coalesce(d.decision, case when r.status = 'SOLVED_ON_SPOT' then 'SOLVED_ON_SPOT'
                                                 else 'PENDING' end),
                       d.decided_at, d.case_id, c.number
                from report r
                left join case_report d on d.report_id = r.id
                left join case_file c on c.id = d.case_id
                where r.area_code like ? and r.id >= ?
                on conflict (report_id) do nothing""").params(like, fromReportId).update();
        return new long[] {cases, reports};
    }
}
