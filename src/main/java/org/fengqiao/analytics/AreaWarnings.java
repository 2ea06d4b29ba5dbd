package org.fengqiao.analytics;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

import org.fengqiao.cases.Indicators;
import org.fengqiao.cases.WorkingCalendar;
import org.fengqiao.notifications.Notice;
import org.fengqiao.notifications.Notifications;
import org.fengqiao.platform.AccessPolicy;
import org.fengqiao.platform.ConflictException;
import org.fengqiao.platform.CurrentUser;
import org.fengqiao.platform.DataScope;
import org.fengqiao.platform.InvalidRequestException;
import org.fengqiao.platform.NotFoundException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Early warning (预警): rules an administrator tunes (a surge of one category's reports in an area, dispute cases of a
 * category rising, a grid with many overdue cases), evaluated on a schedule against the read models; each warning
 * raised once per rule, area, category and window, sent to the area's leaders, then acknowledged and handled by a
 * named person before its deadline. The handling rate is handled on time ÷ raised.
 */
@Service
public class AreaWarnings {

    public record Rule(long id, String kind, String name, int areaLevel, int windowDays, BigDecimal factor,
                       int minCount, String categoryCode, int handleHours, boolean active, int version) {
    }

    /** What an administrator sends to create ({@code id} null) or change a rule. */
    public record RuleEdit(Long id, String kind, String name, int areaLevel, int windowDays, BigDecimal factor,
                           int minCount, String categoryCode, int handleHours, boolean active, Integer version) {
        public RuleEdit {
            if (kind == null || !List.of("SURGE", "DISPUTE_RISE", "GRID_OVERDUE").contains(kind)) {
                throw new InvalidRequestException("A rule is a SURGE, a DISPUTE_RISE or a GRID_OVERDUE");
            }
            if (name == null || name.isBlank() || name.length() > 120) {
                throw new InvalidRequestException("Name the rule (at most 120 characters)");
            }
            if (!List.of(6, 9, 12, 15).contains(areaLevel)) {
                throw new InvalidRequestException("The area level is 6 (county), 9 (town), 12 (village) or 15 (grid)");
            }
            if (windowDays < 1 || windowDays > 90 || minCount < 1 || handleHours < 1 || handleHours > 720
                    || factor == null || factor.signum() < 0) {
                throw new InvalidRequestException("Window 1–90 days, at least 1 case, handling within 1–720 hours,"
                        + " a factor of 0 or more");
            }
            categoryCode = categoryCode == null || categoryCode.isBlank() ? null : categoryCode.strip();
            name = name.strip();
        }
    }

    public record Warning(long id, long ruleId, String kind, String ruleName, String areaCode, String categoryCode,
                          LocalDate windowStart, long observed, BigDecimal baseline, Instant raisedAt, Instant dueAt,
                          String state, String acknowledgedBy, Instant acknowledgedAt, String handledBy,
                          Instant handledAt, String handlingNote, boolean overdue) {
    }

    public record HandlingRate(long raised, long handled, long handledOnTime, BigDecimal rate) {
    }

    private final JdbcClient jdbc;
    private final AccessPolicy policy;
    private final Notifications notifications;
    private final java.time.Clock clock;

    AreaWarnings(JdbcClient jdbc, AccessPolicy policy, Notifications notifications, java.time.Clock clock) {
        this.jdbc = jdbc;
        this.policy = policy;
        this.notifications = notifications;
        this.clock = clock;
    }

    // ---- rules ----

    public List<Rule> rules() {
        policy.checkHeld(AnalyticsPermission.HANDLE_WARNINGS);
        return jdbc.sql("""
                        select id, kind, name, area_level, window_days, factor, min_count, category_code, handle_hours,
                               active, version from analytics_warning_rule order by id""")
                .query(Rule.class).list();
    }

    @Transactional
    public long save(RuleEdit e) {
        policy.checkCountyWide(AnalyticsPermission.MANAGE_WARNING_RULES);
        OffsetDateTime now = RollupQueries.at(clock.instant());
        if (e.id() == null) {
            return jdbc.sql("""
                            insert into analytics_warning_rule (kind, name, area_level, window_days, factor, min_count,
                                                                category_code, handle_hours, active, updated_by,
                                                                updated_at)
                            values (?,?,?,?,?,?,?,?,?,?,?) returning id""")
                    .params(e.kind(), e.name(), e.areaLevel(), e.windowDays(), e.factor(), e.minCount(),
                            e.categoryCode(), e.handleHours(), e.active(), CurrentUser.actor(), now)
                    .query(Long.class).single();
        }
        int n = jdbc.sql("""
                        update analytics_warning_rule set kind = ?, name = ?, area_level = ?, window_days = ?,
                          factor = ?, min_count = ?, category_code = ?, handle_hours = ?, active = ?, updated_by = ?,
                          updated_at = ?, version = version + 1
                        where id = ? and version = ?""")
                .params(e.kind(), e.name(), e.areaLevel(), e.windowDays(), e.factor(), e.minCount(),
                        e.categoryCode(), e.handleHours(), e.active(), CurrentUser.actor(), now, e.id(),
                        e.version() == null ? -1 : e.version())
                .update();
        if (n == 0) {
            throw new ConflictException("The rule was changed meanwhile (or does not exist): reload and try again");
        }
        return e.id();
    }

    // ---- evaluation ----

    /** Evaluates every active rule at {@code now}; returns how many warnings it raised. */
    @Transactional
    public int evaluate(Instant now) {
        int raised = 0;
        List<Rule> rules = jdbc.sql("""
                        select id, kind, name, area_level, window_days, factor, min_count, category_code, handle_hours,
                               active, version from analytics_warning_rule where active order by id""")
                .query(Rule.class).list();
        for (Rule r : rules) {
            raised += evaluate(r, now);
        }
        return raised;
    }

    record Finding(String area, String category, long observed, BigDecimal baseline) {
    }

    private int evaluate(Rule r, Instant now) {
        Instant w0 = now.minus(Duration.ofDays(r.windowDays()));
        Instant b0 = now.minus(Duration.ofDays(5L * r.windowDays()));
        List<Finding> found = switch (r.kind()) {
            case "SURGE", "DISPUTE_RISE" -> {
                // a surge: one category's reports; a dispute type rising: disputes registered in mediation
                boolean dispute = r.kind().equals("DISPUTE_RISE");
                String table = dispute ? "analytics_dispute" : "analytics_report";
                String time = dispute ? "registered_at" : "received_at";
                String kind = dispute ? "dispute_type" : "category_code";
                yield jdbc.sql("select left(area_code, :level) as area, " + kind + " as category,"
                                + " count(*) filter (where " + time + " >= :w0) as observed,"
                                + " round(count(*) filter (where " + time + " < :w0) / 4.0, 2) as baseline"
                                + " from " + table + " where " + time + " >= :b0 and " + time + " < :now"
                                + " and length(area_code) >= :level"
                                + " and (cast(:category as text) is null or " + kind + " = :category)"
                                + " group by 1, 2")
                        .param("level", r.areaLevel()).param("w0", RollupQueries.at(w0))
                        .param("b0", RollupQueries.at(b0)).param("now", RollupQueries.at(now))
                        .param("category", r.categoryCode()).query(Finding.class).list().stream()
                        .filter(f -> f.observed() >= r.minCount() && BigDecimal.valueOf(f.observed())
                                .compareTo(r.factor().multiply(f.baseline().max(BigDecimal.ONE))) >= 0)
                        .toList();
            }
            case "GRID_OVERDUE" -> jdbc.sql("""
                            select left(area_code, :level) as area, '' as category, count(*) as observed,
                                   0 as baseline
                            from analytics_case where closed_at is null and handle_due < :now
                              and length(area_code) >= :level
                              and (cast(:category as text) is null or category_code = :category)
                            group by 1 having count(*) >= :min""")
                    .param("level", r.areaLevel()).param("now", RollupQueries.at(now))
                    .param("category", r.categoryCode()).param("min", r.minCount()).query(Finding.class).list();
            default -> List.of();
        };
        long day = LocalDate.ofInstant(now, WorkingCalendar.ZONE).toEpochDay();
        LocalDate windowStart = LocalDate.ofEpochDay(day - Math.floorMod(day, r.windowDays()));
        int raised = 0;
        for (Finding f : found) {
            List<Long> id = jdbc.sql("""
                            insert into analytics_warning (rule_id, kind, area_code, category_code, window_start,
                                                           observed, baseline, raised_at, due_at, state)
                            values (?,?,?,?,?,?,?,?,?, 'OPEN') on conflict do nothing returning id""")
                    .params(r.id(), r.kind(), f.area(), f.category() == null ? "" : f.category(), windowStart,
                            f.observed(), f.baseline(), RollupQueries.at(now),
                            RollupQueries.at(now.plus(Duration.ofHours(r.handleHours()))))
                    .query(Long.class).list();
            if (!id.isEmpty()) {
                raised++;
                notifications.enqueue(new Notice(new Notice.RoleInArea("LEADER", f.area()), "analytics.warning.raised",
                        List.of(r.name(), f.area(), f.category() == null ? "" : f.category(),
                                Long.toString(f.observed())), "/analytics/warnings?area=" + f.area(), true));
            }
        }
        return raised;
    }

    // ---- warnings ----

    private static final String SELECT = """
            select w.id, w.rule_id, w.kind, r.name as rule_name, w.area_code, w.category_code, w.window_start,
                   w.observed, w.baseline, w.raised_at, w.due_at, w.state, w.acknowledged_by, w.acknowledged_at,
                   w.handled_by, w.handled_at, w.handling_note,
                   (w.state <> 'HANDLED' and w.due_at < :now) or (w.handled_at > w.due_at) as overdue
            from analytics_warning w join analytics_warning_rule r on r.id = w.rule_id
            """;

    /** The warnings in an area the user may handle, open ones first, newest first. */
    public List<Warning> list(String area, int limit) {
        DataScope scope = policy.requireScope(AnalyticsPermission.HANDLE_WARNINGS);
        return jdbc.sql(SELECT + """
                         where w.area_code like any (cast(:scope as text[])) and w.area_code like :prefix
                        order by (w.state = 'HANDLED'), w.raised_at desc, w.id desc limit :limit""")
                .param("now", RollupQueries.at(clock.instant())).param("scope", scope.likePatterns())
                .param("prefix", (area == null ? "" : area) + "%").param("limit", Math.min(Math.max(limit, 1), 500))
                .query(this::map).list();
    }

    private Warning map(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new Warning(rs.getLong("id"), rs.getLong("rule_id"), rs.getString("kind"), rs.getString("rule_name"),
                rs.getString("area_code"), rs.getString("category_code"),
                rs.getObject("window_start", LocalDate.class), rs.getLong("observed"), rs.getBigDecimal("baseline"),
                instant(rs, "raised_at"), instant(rs, "due_at"), rs.getString("state"),
                rs.getString("acknowledged_by"), instant(rs, "acknowledged_at"), rs.getString("handled_by"),
                instant(rs, "handled_at"), rs.getString("handling_note"), rs.getBoolean("overdue"));
    }

    private static Instant instant(java.sql.ResultSet rs, String col) throws java.sql.SQLException {
        OffsetDateTime t = rs.getObject(col, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private Warning find(long id) {
        Warning w = jdbc.sql(SELECT + " where w.id = :id").param("now", RollupQueries.at(clock.instant()))
                .param("id", id).query(this::map).optional()
                .orElseThrow(() -> new NotFoundException("No warning " + id));
        if (!policy.allows(AnalyticsPermission.HANDLE_WARNINGS, w.areaCode())) {
            throw new NotFoundException("No warning " + id);
        }
        return w;
    }

    /** The named person takes the warning on (签收). */
    @Transactional
    public void acknowledge(long id) {
        Warning w = find(id);
        if (!w.state().equals("OPEN")) {
            throw new ConflictException("The warning was acknowledged already (" + w.acknowledgedBy() + ")");
        }
        jdbc.sql("""
                        update analytics_warning set state = 'ACKNOWLEDGED', acknowledged_by = ?, acknowledged_at = ?
                        where id = ? and state = 'OPEN'""")
                .params(CurrentUser.actor(), RollupQueries.at(clock.instant()), id).update();
    }

    /** The named person says how it was handled; acknowledges it too when nobody had. */
    @Transactional
    public void handle(long id, String note) {
        if (note == null || note.isBlank() || note.length() > 4000) {
            throw new InvalidRequestException("Say how the warning was handled (at most 4000 characters)");
        }
        Warning w = find(id);
        if (w.state().equals("HANDLED")) {
            throw new ConflictException("The warning was handled already (" + w.handledBy() + ")");
        }
        OffsetDateTime now = RollupQueries.at(clock.instant());
        jdbc.sql("""
                        update analytics_warning set state = 'HANDLED', handled_by = ?, handled_at = ?,
                          handling_note = ?, acknowledged_by = coalesce(acknowledged_by, ?),
                          acknowledged_at = coalesce(acknowledged_at, ?)
                        where id = ? and state <> 'HANDLED'""")
                .params(CurrentUser.actor(), now, note.strip(), CurrentUser.actor(), now, id).update();
    }

    /** Of the warnings raised in [from, to) in the area: how many were handled, and handled before their deadline. */
    public HandlingRate handlingRate(String area, Instant from, Instant to) {
        policy.check(AnalyticsPermission.HANDLE_WARNINGS, area);
        return jdbc.sql("""
                        select count(*) as raised, count(handled_at) as handled,
                               count(*) filter (where handled_at <= due_at) as on_time
                        from analytics_warning where area_code like ? and raised_at >= ? and raised_at < ?""")
                .params(area + "%", RollupQueries.at(from), RollupQueries.at(to))
                .query((rs, n) -> new HandlingRate(rs.getLong(1), rs.getLong(2), rs.getLong(3),
                        Indicators.rate(rs.getLong(3), rs.getLong(1)))).single();
    }
}
