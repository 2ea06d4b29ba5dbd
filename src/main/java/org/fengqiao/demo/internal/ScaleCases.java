package org.fengqiao.demo.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;

import org.fengqiao.analytics.AnalyticsBulk;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The scale run's case history (docs/DEMO.md): millions of reports and cases with their whole history — dispatches,
 * returns, signatures, feedback, failed and passed verifications, closings, ratings, supervision of overdue ones —
 * spread over the base grids of every county loaded, written by SQL ({@code generate_series}) in chunks of a million
 * cases, one transaction each. The shapes follow the demo history (≈5 % rejected, ≈5 % merged, ≈6 % returned, ≈7 %
 * reworked, ≈85 % rated). Then the analytics read models are derived from these rows ({@link #deriveAnalytics}, the
 * same rows the event listeners would have written, which a test checks on small data) and the rollups are added up
 * once ({@link AnalyticsBulk}). Bulk-loaded cases have no step log in analytics: they are history, not to be acted on.
 */
@Component
public class ScaleCases {

    private static final Logger log = LoggerFactory.getLogger(ScaleCases.class);
    static final int CHUNK = 1_000_000;

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final AnalyticsBulk analytics;
    private final Clock clock;

    ScaleCases(JdbcClient jdbc, PlatformTransactionManager transactions, AnalyticsBulk analytics, Clock clock) {
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactions);
        this.analytics = analytics;
        this.clock = clock;
    }

    public record Summary(long cases, long reports, long events, long millis) {
        public String line() {
            return String.format(Locale.ROOT, "Generated %d cases, %d reports, %d case events over the base grids"
                    + " of every county, analytics derived and rolled up, in %.1f s", cases, reports, events,
                    millis / 1000.0);
        }
    }

    /** Writes {@code n} cases over the last {@code years} years, ending yesterday. */
    public Summary generate(long n, int years) {
        long started = System.nanoTime();
        Instant end = clock.instant().minus(Duration.ofHours(12));
        Instant start = end.minus(Duration.ofDays(365L * years));
        long reportsBefore = count("select count(*) from report");
        long eventsBefore = count("select count(*) from case_event");
        for (long a = 0; a < n; a += CHUNK) {
            long b = Math.min(n, a + CHUNK);
            long from = a;
            tx.executeWithoutResult(s -> chunk(from, b, start, end));
            log.info("scale cases: {} of {} written ({} s)", b, n, (System.nanoTime() - started) / 1_000_000_000);
        }
        long t = System.nanoTime();
        analytics.rebuildRollups();
        log.info("scale cases: rollups rebuilt in {} s", (System.nanoTime() - t) / 1_000_000_000);
        for (String table : new String[] {"report", "case_file", "case_dispatch", "case_event", "case_report",
                "analytics_report", "analytics_case", "analytics_dispatch", "analytics_verification",
                "analytics_rollup", "analytics_case_now"}) {
            jdbc.sql("analyze " + table).update();
        }
        return new Summary(n, count("select count(*) from report") - reportsBefore,
                count("select count(*) from case_event") - eventsBefore, (System.nanoTime() - started) / 1_000_000);
    }

    private void chunk(long a, long b, Instant start, Instant end) {
        long caseBase = count("select coalesce(max(id), 0) from case_file");
        long reportBase = Math.max(count("select coalesce(max(id), 0) from report"),
                count("select coalesce(max(report_id), 0) from case_report"));
        jdbc.sql("drop table if exists sc_grid, sc_cat, sc_dept, sc_case").update();
        jdbc.sql("""
                create temp table sc_grid on commit drop as
                select (row_number() over (order by code))::int - 1 as i, code, left(code, 6) as county
                from area where level = 'GRID' and kind = 'BASE' and code like '44%'""").update();
        jdbc.sql("""
                create temp table sc_cat on commit drop as
                select (row_number() over (order by code))::int - 1 as i, code, dispute from case_category
                where active""").update();
        jdbc.sql("""
                create temp table sc_dept on commit drop as
                select area_code as county, array_agg(id order by id) as ids, array_agg(name order by id) as names
                from organisation where kind = 'DEPARTMENT' and length(area_code) = 6 group by area_code""").update();
        long grids = count("select count(*) from sc_grid");
        long cats = count("select count(*) from sc_cat");
        // one row per case with every time of its life; null where that step did not happen (or not yet)
        jdbc.sql("""
                create temp table sc_case on commit drop as
                with s as (
                  select g, random() r1, random() r2, random() r3, random() r4, random() r5, random() r6, random() r7,
                         random() r8, random() r9, random() r10, random() r11, random() r12
                  from generate_series(:a, :b - 1) g),
                t as (
                  select s.*, gr.code as area, gr.county, ct.code as category, ct.dispute, ct.i as ci,
                         :start + (s.r3 * :span) * interval '1 second' as opened
                  from s join sc_grid gr on gr.i = floor(s.r1 * :grids)::int
                         join sc_cat ct on ct.i = floor(s.r2 * :cats)::int),
                u as (
                  select t.*, :caseBase + (t.g - :a) + 1 as case_id, :reportBase + (t.g - :a) + 1 as report_id,
                         case when r4 < 0.45 then 'PATROL' when r4 < 0.65 then 'HOTLINE' when r4 < 0.85 then 'COUNTER'
                              else 'QR' end as channel,
                         t.opened - case when t.r5 > 0.95 then interval '30 hours'
                                         else (t.r5 * 4) * interval '1 hour' end as received,
                         d.ids[1 + t.ci % array_length(d.ids, 1)] as org_id,
                         d.names[1 + t.ci % array_length(d.names, 1)] as org_name,
                         t.opened + (10 + t.r7 * 170) * interval '1 minute' as disp1,
                         t.r6 < 0.06 as returned
                  from t join sc_dept d on d.county = t.county),
                v as (
                  select u.*, case when returned then disp1 + interval '1 hour' end as ret_at,
                         case when returned then disp1 + interval '2 hours' else disp1 end as disp,
                         (0.4 + r9 * 6.4) * interval '1 day' as took
                  from u),
                w as (
                  select v.*, disp + interval '5 days' as handle_due,
                         case when disp + interval '2 hours' < :end then disp + interval '2 hours' end as signed,
                         case when disp + took < :end then disp + took end as closed,
                         r10 < 0.07 as rework
                  from v)
                select w.*,
                       case when closed is not null then closed - interval '12 hours' end as fb1,
                       case when closed is not null and rework then closed - interval '10 hours' end as fail_at,
                       case when closed is not null and rework then closed - interval '2 hours' end as fb2,
                       case when closed is not null and r11 < 0.85 and closed + interval '1 day' < :end
                            then closed + interval '1 day' end as rated,
                       case when r12 < 0.86 then 'SATISFIED' when r12 < 0.94 then 'BASICALLY_SATISFIED'
                            when r12 < 0.97 then 'DISSATISFIED' else 'UNREACHABLE' end as rating,
                       closed is null and (disp + interval '5 days' < :end or signed is null) as supervised,
                       case when closed is null and signed is null then 'SIGN'
                            when closed is null and disp + interval '5 days' < :end then 'HANDLE' end as auto_stage,
                       case when closed is not null then 'CLOSED' when disp + interval '2 hours' < :end then 'IN_PROGRESS'
                            else 'DISPATCHED' end as state
                from w""")
                .param("a", a).param("b", b).param("start", ts(start))
                .param("span", (double) Duration.between(start, end).toSeconds()).param("grids", grids)
                .param("cats", cats).param("caseBase", caseBase).param("reportBase", reportBase).param("end", ts(end))
                .update();
        jdbc.sql("""
                insert into report (id, submitted_by, channel, category_code, description, area_code, status, case_id,
                                    decided_by, decided_at, received_at, accept_due)
                overriding system value
                select report_id, 'scale', channel, category, 'scale', area, 'ACCEPTED', case_id, 'scale', opened,
                       received, received + interval '1 day' from sc_case""").update();
        jdbc.sql("""
                insert into case_file (id, number, category_code, description, area_code, state, dispute,
                                       first_report_id, opened_at, opened_by, lead_org_id, lead_org_name,
                                       first_dispatched_at, dispatched_at, signed_at, fed_back_at, sign_due, handle_due,
                                       closed_at, closed_by, closing_kind, dispatch_count, return_count, rework_count,
                                       supervised, supervised_at, supervised_by, auto_supervised_stage, rating,
                                       rated_at, rated_by)
                overriding system value
                select case_id, county || '-' || to_char(opened, 'YYYYMMDD') || '-S' || case_id, category, 'scale',
                       area, state, dispute, report_id, opened, 'scale', org_id, org_name, disp1, disp, signed,
                       coalesce(fb2, fb1), disp + interval '4 hours', handle_due, closed,
                       case when closed is not null then 'scale' end, case when closed is not null then 'VERIFIED' end,
                       case when returned then 2 else 1 end, case when returned then 1 else 0 end,
                       case when rework and closed is not null then 1 else 0 end, supervised,
                       case when supervised then least(handle_due, :end) end,
                       case when supervised then 'system' end, auto_stage,
                       case when rated is not null then rating end, rated, case when rated is not null then 'scale' end
                from sc_case""").param("end", ts(end)).update();
        jdbc.sql("""
                insert into case_report (report_id, decision, case_id, decided_at, decided_by)
                select report_id, 'ACCEPTED', case_id, opened, 'scale' from sc_case""").update();
        jdbc.sql("""
                insert into case_dispatch (case_id, org_id, org_name, role, dispatched_at, dispatched_by, signed_at,
                                           signed_by, returned_at, returned_by, return_reason, active)
                select case_id, org_id, org_name, 'LEAD', disp1, 'scale', null, null, ret_at, 'scale', 'scale', false
                from sc_case where returned
                union all
                select case_id, org_id, org_name, 'LEAD', disp, 'scale', signed, 'scale', null, null, null,
                       closed is null
                from sc_case""").update();
        jdbc.sql("""
                insert into case_event (case_id, at, actor, action, from_state, to_state)
                select c.case_id, e.at, 'scale', e.action, e.from_state, e.to_state
                from sc_case c cross join lateral (values
                    (c.opened, 'OPEN', null, 'REGISTERED'),
                    (c.disp1, 'DISPATCH', 'REGISTERED', 'DISPATCHED'),
                    (c.ret_at, 'RETURN', 'DISPATCHED', 'RETURNED'),
                    (case when c.returned then c.disp end, 'DISPATCH', 'RETURNED', 'DISPATCHED'),
                    (c.signed, 'SIGN', 'DISPATCHED', 'IN_PROGRESS'),
                    (c.fb1, 'FEEDBACK', 'IN_PROGRESS', 'FED_BACK'),
                    (c.fail_at, 'VERIFY_FAIL', 'FED_BACK', 'REWORK'),
                    (c.fb2, 'FEEDBACK', 'REWORK', 'FED_BACK'),
                    (c.closed, 'VERIFY_PASS', 'FED_BACK', 'CLOSED'),
                    (c.rated, 'RATE', 'CLOSED', 'CLOSED'),
                    (case when c.supervised then least(c.handle_due, c.disp + interval '4 hours') end, 'SUPERVISE',
                     c.state, c.state))
                    as e(at, action, from_state, to_state)
                where e.at is not null""").update();
        // the reports that did not become a case of their own: ≈5 % merged into one, ≈5 % not accepted
        // numbered after the highest report id there now is (the cases' reports were just written)
        long extraBase = Math.max(count("select coalesce(max(id), 0) from report"),
                count("select coalesce(max(report_id), 0) from case_report"));
        jdbc.sql("""
                create temp table sc_extra on commit drop as
                select :extraBase + x.g as report_id, c.case_id, c.area, c.category, c.channel,
                       c.received + interval '3 hours' as received, x.g % 2 = 0 as merged
                from (select g, :a + floor(random() * (:b - :a))::bigint as target
                      from generate_series(1, (:b - :a) / 10) g) x
                join sc_case c on c.g = x.target""")
                .param("a", a).param("b", b).param("extraBase", extraBase).update();
        jdbc.sql("""
                insert into report (id, submitted_by, channel, category_code, description, area_code, status, case_id,
                                    decided_by, decided_at, received_at, accept_due, decision_reason)
                overriding system value
                select report_id, 'scale', channel, category, 'scale', area,
                       case when merged then 'MERGED' else 'REJECTED' end, case when merged then case_id end, 'scale',
                       received + interval '2 hours', received, received + interval '1 day',
                       case when merged then null else 'scale' end
                from sc_extra""").update();
        jdbc.sql("""
                insert into case_report (report_id, decision, case_id, reason, decided_at, decided_by)
                select report_id, case when merged then 'MERGED' else 'REJECTED' end, case when merged then case_id end,
                       case when merged then null else 'scale' end, received + interval '2 hours', 'scale'
                from sc_extra""").update();
        jdbc.sql("select setval(pg_get_serial_sequence('report', 'id'), (select max(id) from report))")
                .query(Long.class).single();
        jdbc.sql("select setval(pg_get_serial_sequence('case_file', 'id'), (select max(id) from case_file))")
                .query(Long.class).single();
        deriveAnalytics("44", caseBase + 1, reportBase + 1);
    }

    /**
     * Fills the analytics read models of the reports and cases in an area (code prefix) from {@code id} on from the
     * raw tables: the rows the listeners write from the events of the same history.
     */
    public void deriveAnalytics(String areaPrefix, long fromCaseId, long fromReportId) {
        String like = areaPrefix + "%";
        jdbc.sql("""
                insert into analytics_report (report_id, area_code, category_code, channel, received_at, accept_due,
                                              status, decided_at, case_id, lon, lat, submitted_by)
                select id, area_code, category_code, channel, received_at, accept_due, status,
                       case when status in ('ACCEPTED', 'MERGED', 'REJECTED') then decided_at end,
                       case when status in ('ACCEPTED', 'MERGED') then case_id end, lon, lat, submitted_by
                from report where area_code like ? and id >= ?
                on conflict (report_id) do nothing""").params(like, fromReportId).update();
        jdbc.sql("""
                insert into analytics_case (case_id, number, area_code, category_code, dispute, channel, report_id,
                                            state, opened_at, lead_org_id, lead_org_name, first_dispatched_at,
                                            handle_due, closed_at, closing_kind, rating, rated_at, supervised,
                                            dispatch_count, return_count, rework_count, bulk)
                select c.id, c.number, c.area_code, c.category_code, c.dispute, r.channel, c.first_report_id, c.state,
                       c.opened_at, c.lead_org_id, c.lead_org_name, c.first_dispatched_at, c.handle_due, c.closed_at,
                       c.closing_kind, c.rating, c.rated_at, c.supervised, c.dispatch_count, c.return_count,
                       c.rework_count, true
                from case_file c left join report r on r.id = c.first_report_id
                where c.area_code like ? and c.id >= ?
                on conflict (case_id) do nothing""").params(like, fromCaseId).update();
        jdbc.sql("""
                insert into analytics_dispatch (case_id, seq, area_code, category_code, org_id, org_name,
                                                dispatched_at, returned_at)
                select d.case_id, row_number() over (partition by d.case_id order by d.dispatched_at, d.id),
                       c.area_code, c.category_code, d.org_id, d.org_name, d.dispatched_at, d.returned_at
                from case_dispatch d join case_file c on c.id = d.case_id
                where d.role = 'LEAD' and c.area_code like ? and c.id >= ?
                on conflict do nothing""").params(like, fromCaseId).update();
        jdbc.sql("""
                insert into analytics_verification (case_id, seq, area_code, category_code, at, passed)
                select e.case_id, row_number() over (partition by e.case_id order by e.at, e.id), c.area_code,
                       c.category_code, e.at, e.action = 'VERIFY_PASS'
                from case_event e join case_file c on c.id = e.case_id
                where e.action in ('VERIFY_PASS', 'VERIFY_FAIL') and c.area_code like ? and c.id >= ?
                on conflict do nothing""").params(like, fromCaseId).update();
    }

    private long count(String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }

    private static OffsetDateTime ts(Instant i) {
        return OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
    }
}
