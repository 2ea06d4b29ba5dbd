package org.fengqiao.mediation;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import org.fengqiao.audit.AuditTrail;
import org.fengqiao.cases.CalendarStore;
import org.fengqiao.cases.DeadlineRule;
import org.fengqiao.platform.AccessPolicy;
import org.fengqiao.platform.ConflictException;
import org.fengqiao.platform.CurrentUser;
import org.fengqiao.platform.InvalidRequestException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * How long a dispute may stay at each tier: data (county-wide, tuned by a leader or the system administrator),
 * counted on the working calendar that cases keeps ({@link CalendarStore}), so a tier's deadline skips holidays
 * and honours make-up workdays exactly as case deadlines do.
 */
@Service
public class TierRules {

    public record Rule(Tier tier, int amount, String unit, int version) {
        public DeadlineRule deadline() {
            return DeadlineRule.parse(amount, unit);
        }
    }

    private final JdbcClient jdbc;
    private final CalendarStore calendar;
    private final AccessPolicy policy;
    private final AuditTrail audit;
    private final Clock clock;

    TierRules(JdbcClient jdbc, CalendarStore calendar, AccessPolicy policy, AuditTrail audit, Clock clock) {
        this.jdbc = jdbc;
        this.calendar = calendar;
        this.policy = policy;
        this.audit = audit;
        this.clock = clock;
    }

    /** The tiers' deadlines, for anyone who reads mediation data. */
    public List<Rule> listRules() {
        policy.checkHeld(MediationPermission.READ);
        return rules();
    }

    List<Rule> rules() {
        return jdbc.sql("""
                        select tier, deadline_amount, deadline_unit, version from mediation_tier_rule
                        order by case tier when 'ENTERPRISE_VILLAGE' then 0 when 'STATION_COMMUNITY' then 1
                                 when 'POLICE_TOWN' then 2 else 3 end""")
                .query((rs, n) -> new Rule(Tier.valueOf(rs.getString(1)), rs.getInt(2), rs.getString(3), rs.getInt(4)))
                .list();
    }

    /** When a dispute that reached {@code tier} at {@code start} is due there. */
    Instant due(Tier tier, Instant start) {
        Rule r = rules().stream().filter(x -> x.tier() == tier).findFirst()
                .orElseThrow(() -> new IllegalStateException("no deadline for tier " + tier));
        return calendar.calendar().deadline(start, r.deadline());
    }

    @Transactional
    public void update(String tier, int amount, String unit, int version) {
        policy.checkCountyWide(MediationPermission.MANAGE_RULES);
        Tier t = Tier.parse(tier);
        DeadlineRule rule;
        try {
            rule = DeadlineRule.parse(amount, unit);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(e.getMessage());
        }
        int n = jdbc.sql("""
                        update mediation_tier_rule set deadline_amount = ?, deadline_unit = ?, updated_at = ?,
                          updated_by = ?, version = version + 1 where tier = ? and version = ?""")
                .params(rule.amount(), rule.unit().name(), DisputeStore.ts(clock.instant()), CurrentUser.actor(),
                        t.name(), version)
                .update();
        if (n == 0) {
            throw new ConflictException("The deadline of " + t + " was changed in the meantime; reload and try again.");
        }
        audit.record("MEDIATION_TIER_RULE", "tier:" + t, rule.toString(), AuditTrail.Outcome.SUCCESS);
    }
}
