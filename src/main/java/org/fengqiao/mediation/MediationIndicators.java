package org.fengqiao.mediation;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;

import org.fengqiao.cases.WorkingCalendar;
import org.fengqiao.platform.AccessPolicy;
import org.fengqiao.platform.CurrentUser;
import org.fengqiao.platform.DataScope;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Mediation's indicators, computed from its own tables for an area and a period: 化解率 (settled ÷ ended disputes)
 * and the success rate per tier, type, site (the mediating organisation) and town; the mean time to settle; warnings
 * raised and handled on time; agreements confirmed by a court; settlements still holding at call-back; why chosen
 * mediators declined. Areas and organisations are compared; a mediator sees their own work ({@link #ownWork}), never
 * a ranking of people.
 */
@Service
public class MediationIndicators {

    /** @param area an area code prefix inside the reader's scope; from inclusive, to exclusive */
    public record Query(String area, Instant from, Instant to) {
    }

    public record Figures(long registered, long closed, long settled, long partlySettled, long notSettled,
                          long withdrawn, long referred, Double resolutionRate, Double meanDaysToSettle, long openNow,
                          long overdueNow, long warningsRaised, long warningsHandled, long warningsHandledOnTime,
                          Double warningsOnTimeRate, long agreementsSigned, long confirmationsApplied,
                          long confirmationsConfirmed, Double confirmedRate, long callbacksDone, long callbacksHolding,
                          Double holdingRate, long choicesByParty, long choices, long declines) {
    }

    /** One row of a breakdown: a tier, type, site or town. */
    public record Row(String key, String label, long closed, long settled, Double rate, Double meanDays) {
    }

    public record Month(String month, long closed, long settled, Double rate) {
    }

    public record Decline(String code, long count) {
    }

    private final JdbcClient jdbc;
    private final AccessPolicy policy;
    private final Clock clock;

    MediationIndicators(JdbcClient jdbc, AccessPolicy policy, Clock clock) {
        this.jdbc = jdbc;
        this.policy = policy;
        this.clock = clock;
    }

    /** The query for an area (default: the reader's first area) and days (default: this year so far). */
    public Query query(String area, LocalDate from, LocalDate to) {
        DataScope scope = policy.requireScope(MediationPermission.READ);
        String a = area == null || area.isBlank() ? scope.prefixes().getFirst() : area.strip();
        LocalDate today = LocalDate.now(clock.withZone(WorkingCalendar.ZONE));
        LocalDate f = from == null ? today.withDayOfYear(1) : from;
        LocalDate t = to == null ? today : to;
        if (f.getYear() < 2000 || t.getYear() > 2100) {
            throw new org.fengqiao.platform.InvalidRequestException("The period lies between 2000 and 2100.");
        }
        if (t.isBefore(f)) {
            throw new org.fengqiao.platform.InvalidRequestException("The period ends before it starts.");
        }
        return new Query(a, f.atStartOfDay(WorkingCalendar.ZONE).toInstant(),
                t.plusDays(1).atStartOfDay(WorkingCalendar.ZONE).toInstant());
    }

    private static Double rate(long part, long whole) {
        return whole == 0 ? null : (double) part / whole;
    }

    private Object[] where(Query q) {
        DataScope scope = policy.requireScope(MediationPermission.READ);
        return new Object[] {scope.likePatterns(), q.area() + "%"};
    }

    public Figures figures(Query q) {
        Object[] w = where(q);
        Timestamp from = DisputeStore.ts(q.from());
        Timestamp to = DisputeStore.ts(q.to());
        Timestamp now = DisputeStore.ts(clock.instant());
        record D(long registered, long closed, long settled, long partly, long notSettled, long withdrawn,
                 long referred, Double meanDays, long openNow, long overdueNow) {
        }
        D d = jdbc.sql("""
                        select count(*) filter (where registered_at >= ? and registered_at < ?) as registered,
                               count(*) filter (where closed_at >= ? and closed_at < ?) as closed,
                               count(*) filter (where closed_at >= ? and closed_at < ? and outcome = 'SETTLED') as settled,
                               count(*) filter (where closed_at >= ? and closed_at < ? and outcome = 'PARTLY_SETTLED') as partly,
                               count(*) filter (where closed_at >= ? and closed_at < ? and outcome = 'NOT_SETTLED') as not_settled,
                               count(*) filter (where closed_at >= ? and closed_at < ? and outcome = 'WITHDRAWN') as withdrawn,
                               count(*) filter (where closed_at >= ? and closed_at < ?
                                                and outcome in ('REFERRED_TO_COURT', 'REFERRED_TO_ARBITRATION')) as referred,
                               avg(extract(epoch from closed_at - registered_at) / 86400.0)
                                 filter (where closed_at >= ? and closed_at < ? and outcome = 'SETTLED') as mean_days,
                               count(*) filter (where state <> 'CLOSED') as open_now,
                               count(*) filter (where state <> 'CLOSED' and tier_due < ?) as overdue_now
                        from mediation_dispute where area_code like any (?) and area_code like ?""")
                .params(from, to, from, to, from, to, from, to, from, to, from, to, from, to, from, to, now, w[0], w[1])
                .query((rs, n) -> new D(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                        rs.getLong(6), rs.getLong(7), rs.getObject(8) == null ? null : rs.getDouble(8), rs.getLong(9),
                        rs.getLong(10)))
                .single();
        long[] warn = jdbc.sql("""
                        select count(*), count(*) filter (where state = 'HANDLED'),
                               count(*) filter (where state = 'HANDLED' and handled_at <= handle_due)
                        from mediation_warning where raised_at >= ? and raised_at < ?
                          and area_code like any (?) and area_code like ?""")
                .params(from, to, w[0], w[1])
                .query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)}).single();
        long[] ag = jdbc.sql("""
                        select count(*), count(c.id), count(*) filter (where c.status = 'CONFIRMED')
                        from mediation_agreement a join mediation_dispute d on d.id = a.dispute_id
                        left join mediation_confirmation c on c.agreement_id = a.id
                        where a.status = 'SIGNED' and a.signed_at >= ? and a.signed_at < ?
                          and d.area_code like any (?) and d.area_code like ?""")
                .params(from, to, w[0], w[1])
                .query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)}).single();
        long[] cb = jdbc.sql("""
                        select count(*) filter (where a.callback_result in ('HOLDING', 'NOT_HOLDING')),
                               count(*) filter (where a.callback_result = 'HOLDING')
                        from mediation_agreement a join mediation_dispute d on d.id = a.dispute_id
                        where a.callback_at >= ? and a.callback_at < ? and d.area_code like any (?) and d.area_code like ?""")
                .params(from, to, w[0], w[1]).query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2)}).single();
        long[] ch = jdbc.sql("""
                        select count(*), count(*) filter (where c.chosen_via = 'PARTY'),
                               count(*) filter (where c.status = 'DECLINED')
                        from mediation_choice c join mediation_dispute d on d.id = c.dispute_id
                        where c.chosen_at >= ? and c.chosen_at < ? and d.area_code like any (?) and d.area_code like ?""")
                .params(from, to, w[0], w[1])
                .query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)}).single();
        return new Figures(d.registered(), d.closed(), d.settled(), d.partly(), d.notSettled(), d.withdrawn(),
                d.referred(), rate(d.settled(), d.closed()), d.meanDays(), d.openNow(), d.overdueNow(), warn[0],
                warn[1], warn[2], rate(warn[2], warn[0]), ag[0], ag[1], ag[2], rate(ag[2], ag[0]), cb[0], cb[1],
                rate(cb[1], cb[0]), ch[1], ch[0], ch[2]);
    }

    /** Success per tier the disputes ended at, type, site (organisation) or town. */
    public List<Row> breakdown(Query q, String by) {
        String key = switch (by == null ? "" : by) {
            case "tier" -> "closed_tier";
            case "type" -> "type";
            case "site" -> "coalesce(site_name, '—')";
            case "town" -> "substr(area_code, 1, 9)";
            default -> throw new org.fengqiao.platform.InvalidRequestException(
                    "A breakdown is by tier, type, site or town.");
        };
        Object[] w = where(q);
        return jdbc.sql("select " + key + " as k, count(*) as closed,"
                        + " count(*) filter (where outcome = 'SETTLED') as settled,"
                        + " avg(extract(epoch from closed_at - registered_at) / 86400.0)"
                        + "   filter (where outcome = 'SETTLED') as mean_days"
                        + " from mediation_dispute where closed_at >= ? and closed_at < ?"
                        + " and area_code like any (?) and area_code like ? group by 1 order by 2 desc, 1 limit 100")
                .params(DisputeStore.ts(q.from()), DisputeStore.ts(q.to()), w[0], w[1])
                .query((rs, n) -> {
                    long closed = rs.getLong("closed");
                    long settled = rs.getLong("settled");
                    return new Row(rs.getString("k"), rs.getString("k"), closed, settled, rate(settled, closed),
                            rs.getObject("mean_days") == null ? null : rs.getDouble("mean_days"));
                }).list();
    }

    /** Ended and settled disputes per month, the last {@code months} months up to the query's end. */
    public List<Month> trend(Query q, int months) {
        Object[] w = where(q);
        YearMonth last = YearMonth.from(q.to().minusSeconds(1).atZone(WorkingCalendar.ZONE));
        YearMonth first = last.minusMonths(months - 1L);
        Instant from = first.atDay(1).atStartOfDay(WorkingCalendar.ZONE).toInstant();
        record R(String month, long closed, long settled) {
        }
        List<R> rows = jdbc.sql("""
                        select to_char(closed_at at time zone 'Asia/Shanghai', 'YYYY-MM') as month, count(*) as closed,
                               count(*) filter (where outcome = 'SETTLED') as settled
                        from mediation_dispute where closed_at >= ? and closed_at < ?
                          and area_code like any (?) and area_code like ? group by 1""")
                .params(DisputeStore.ts(from), DisputeStore.ts(q.to()), w[0], w[1]).query(R.class).list();
        List<Month> out = new ArrayList<>();
        for (YearMonth m = first; !m.isAfter(last); m = m.plusMonths(1)) {
            String key = m.toString();
            R r = rows.stream().filter(x -> x.month().equals(key)).findFirst().orElse(new R(key, 0, 0));
            out.add(new Month(key, r.closed(), r.settled(), rate(r.settled(), r.closed())));
        }
        return out;
    }

    /** Why chosen mediators declined, counted. */
    public List<Decline> declines(Query q) {
        Object[] w = where(q);
        return jdbc.sql("""
                        select c.decline_code, count(*) from mediation_choice c join mediation_dispute d on d.id = c.dispute_id
                        where c.status = 'DECLINED' and c.responded_at >= ? and c.responded_at < ?
                          and d.area_code like any (?) and d.area_code like ? group by 1 order by 2 desc""")
                .params(DisputeStore.ts(q.from()), DisputeStore.ts(q.to()), w[0], w[1])
                .query((rs, n) -> new Decline(rs.getString(1), rs.getLong(2))).list();
    }

    /** A mediator's own work over the last year: what they hold, ended and settled; no comparison with anyone. */
    public record OwnWork(long mediatorId, String name, long awaitingAnswer, long inHand, long ended, long settled,
                          long sessionsHeld, long declined) {
    }

    public List<OwnWork> ownWork() {
        CurrentUser.User u = CurrentUser.require();
        Timestamp since = DisputeStore.ts(clock.instant().minus(java.time.Duration.ofDays(365)));
        return jdbc.sql("""
                        select m.id, m.name,
                          (select count(*) from mediation_choice c where c.mediator_id = m.id and c.status = 'PENDING'),
                          (select count(*) from mediation_dispute d where d.mediator_id = m.id and d.state = 'MEDIATING'),
                          (select count(*) from mediation_dispute d where d.mediator_id = m.id and d.state = 'CLOSED'
                             and d.closed_at >= ?),
                          (select count(*) from mediation_dispute d where d.mediator_id = m.id and d.outcome = 'SETTLED'
                             and d.closed_at >= ?),
                          (select count(*) from mediation_session s join mediation_dispute d on d.id = s.dispute_id
                             where d.mediator_id = m.id and s.status = 'HELD' and s.held_at >= ?),
                          (select count(*) from mediation_choice c where c.mediator_id = m.id and c.status = 'DECLINED'
                             and c.responded_at >= ?)
                        from mediation_mediator m where m.person_id = ? and m.retired_at is null order by m.id""")
                .params(since, since, since, since, u.personId())
                .query((rs, n) -> new OwnWork(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getLong(4),
                        rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8)))
                .list();
    }
}
