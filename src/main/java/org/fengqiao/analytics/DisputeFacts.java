package org.fengqiao.analytics;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

import org.fengqiao.cases.Indicators;
import org.fengqiao.mediation.MediationEvents;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Disputes, mediation outcomes and their early warnings as the mediation module reports them in its events: each
 * event fills in what it knows (set once, or the latest), so redelivered and late events leave the same rows.
 */
@Component
public class DisputeFacts {

    private final JdbcClient jdbc;

    DisputeFacts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @ApplicationModuleListener
    void on(MediationEvents.DisputeRegistered e) {
        jdbc.sql("""
                        insert into analytics_dispute (dispute_id, number, area_code, dispute_type, tier, risk,
                                                       registered_at, case_id)
                        values (?,?,?,?,?,?,?,?)
                        on conflict (dispute_id) do update set number = excluded.number,
                          area_code = excluded.area_code, dispute_type = excluded.dispute_type,
                          tier = coalesce(analytics_dispute.tier, excluded.tier), risk = excluded.risk,
                          registered_at = excluded.registered_at, case_id = excluded.case_id""")
                .params(e.disputeId(), e.number(), e.areaCode(), e.type().name(), e.tier().name(),
                        e.risk() == null ? null : e.risk().name(), RollupQueries.at(e.at()), e.caseId())
                .update();
    }

    @ApplicationModuleListener
    void on(MediationEvents.DisputeTierChanged e) {
        jdbc.sql("""
                        insert into analytics_dispute (dispute_id, number, area_code, dispute_type, tier)
                        values (?,?,?,?,?)
                        on conflict (dispute_id) do update set tier = excluded.tier""")
                .params(e.disputeId(), e.number(), e.areaCode(), e.type().name(), e.tier().name()).update();
    }

    @ApplicationModuleListener
    void on(MediationEvents.OutcomeRecorded e) {
        jdbc.sql("""
                        insert into analytics_dispute (dispute_id, number, area_code, dispute_type, tier, outcome,
                                                       resolved, concluded_at, registered_at, case_id)
                        values (?,?,?,?,?,?,?,?,?,?)
                        on conflict (dispute_id) do update set outcome = excluded.outcome,
                          resolved = excluded.resolved, concluded_at = excluded.concluded_at""")
                .params(e.disputeId(), e.number(), e.areaCode(), e.type().name(), e.tier().name(),
                        e.outcome().name(), e.resolved(), RollupQueries.at(e.at()),
                        e.registeredAt() == null ? null : RollupQueries.at(e.registeredAt()), e.caseId())
                .update();
    }

    @ApplicationModuleListener
    void on(MediationEvents.WarningRaised e) {
        jdbc.sql("""
                        insert into analytics_dispute_warning (warning_id, dispute_id, area_code, level, raised_at,
                                                               handle_due)
                        values (?,?,?,?,?,?) on conflict (warning_id) do update set level = excluded.level,
                          raised_at = excluded.raised_at, handle_due = excluded.handle_due""")
                .params(e.warningId(), e.disputeId(), e.areaCode(), e.level(), RollupQueries.at(e.at()),
                        e.handleDue() == null ? null : RollupQueries.at(e.handleDue()))
                .update();
    }

    @ApplicationModuleListener
    void on(MediationEvents.WarningHandled e) {
        jdbc.sql("""
                        insert into analytics_dispute_warning (warning_id, dispute_id, area_code, level, raised_at,
                                                               handled_at, on_time)
                        values (?,?,?,?,?,?,?) on conflict (warning_id) do update set handled_at = excluded.handled_at,
                          on_time = excluded.on_time""")
                .params(e.warningId(), e.disputeId(), e.areaCode(), e.level(), RollupQueries.at(e.at()),
                        RollupQueries.at(e.at()), e.onTime())
                .update();
    }

    /** Disputes of an area and period: registered, concluded, resolved, by type; warnings raised and handled. */
    public record Summary(long registered, long concluded, long resolved, BigDecimal resolutionRate,
                          Map<String, Long> byType, long warnings, long warningsHandled, long warningsOnTime,
                          BigDecimal warningHandlingRate) {
    }

    Summary summary(String area, java.time.LocalDate from, java.time.LocalDate end) {
        var f = RollupQueries.at(from);
        var t = RollupQueries.at(end);
        String like = area + "%";
        long[] d = jdbc.sql("""
                        select count(*) filter (where registered_at >= :f and registered_at < :t),
                               count(*) filter (where concluded_at >= :f and concluded_at < :t),
                               count(*) filter (where concluded_at >= :f and concluded_at < :t and resolved)
                        from analytics_dispute where area_code like :like""")
                .param("f", f).param("t", t).param("like", like)
                .query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)}).single();
        Map<String, Long> byType = new LinkedHashMap<>();
        jdbc.sql("""
                        select dispute_type, count(*) from analytics_dispute
                        where area_code like :like and registered_at >= :f and registered_at < :t
                        group by 1 order by 2 desc, 1""")
                .param("f", f).param("t", t).param("like", like)
                .query((rs, n) -> byType.put(rs.getString(1), rs.getLong(2))).list();
        long[] w = jdbc.sql("""
                        select count(*), count(handled_at), count(*) filter (where on_time)
                        from analytics_dispute_warning where area_code like :like and raised_at >= :f and raised_at < :t""")
                .param("f", f).param("t", t).param("like", like)
                .query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)}).single();
        return new Summary(d[0], d[1], d[2], Indicators.rate(d[2], d[1]), byType, w[0], w[1], w[2],
                Indicators.rate(w[2], w[0]));
    }
}
