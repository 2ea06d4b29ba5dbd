package org.fengqiao.mediation;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.fengqiao.audit.AuditTrail;
import org.fengqiao.notifications.Notice;
import org.fengqiao.notifications.Notifications;
import org.fengqiao.people.RoleAssignments;
import org.fengqiao.platform.AccessPolicy;
import org.fengqiao.platform.ConflictException;
import org.fengqiao.platform.CurrentUser;
import org.fengqiao.platform.DataScope;
import org.fengqiao.platform.InvalidRequestException;
import org.fengqiao.platform.NotFoundException;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Early warning (预警): rules that flag disputes likely to turn criminal or into a mass incident — many people, large
 * amounts, repeated escalation, the same parties or the same place again and again, threats or violence in the
 * words. The rules are data a leader or administrator tunes. A warning names the person who must acknowledge and
 * handle it within the rule's deadlines (the nearest leader of the dispute's area); each rule fires at most once per
 * dispute. Acknowledging and handling go through the dispute's workflow, so they land on its timeline.
 */
@Service
public class EarlyWarnings {

    public record Rule(long id, String code, String kind, String name, String nameEn, BigDecimal threshold,
                       Integer windowDays, List<String> words, String level, int ackHours, int handleHours,
                       boolean active, int version) {
        public String label(Locale locale) {
            return locale != null && "en".equals(locale.getLanguage()) ? nameEn : name;
        }
    }

    public record RuleInput(String code, String kind, String name, String nameEn, BigDecimal threshold,
                            Integer windowDays, List<String> words, String level, Integer ackHours,
                            Integer handleHours, Boolean active) {
    }

    /** A warning in a list. */
    public record WarningRow(long id, long disputeId, String disputeNumber, String disputeTitle, String areaCode,
                             String ruleCode, String level, String finding, Instant raisedAt, String assigneeName,
                             Instant ackDue, Instant handleDue, String state, Instant handledAt, boolean overdue) {
    }

    static final List<String> KINDS = List.of("PEOPLE", "AMOUNT", "ESCALATIONS", "REPEAT_PARTY", "REPEAT_PLACE",
            "WORDS");

    private final JdbcClient jdbc;
    private final RoleAssignments roles;
    private final Notifications notifications;
    private final ApplicationEventPublisher events;
    private final AccessPolicy policy;
    private final AuditTrail audit;
    private final Clock clock;

    EarlyWarnings(JdbcClient jdbc, RoleAssignments roles, Notifications notifications,
                  ApplicationEventPublisher events, AccessPolicy policy, AuditTrail audit, Clock clock) {
        this.jdbc = jdbc;
        this.roles = roles;
        this.notifications = notifications;
        this.events = events;
        this.policy = policy;
        this.audit = audit;
        this.clock = clock;
    }

    // ---- rules ----

    /** The rules, for anyone who reads mediation data. */
    public List<Rule> listRules() {
        policy.checkHeld(MediationPermission.READ);
        return rules();
    }

    List<Rule> rules() {
        return jdbc.sql("""
                        select id, code, kind, name, name_en, threshold, window_days, words, level, ack_hours,
                               handle_hours, active, version from mediation_warning_rule order by id""")
                .query((rs, n) -> new Rule(rs.getLong("id"), rs.getString("code"), rs.getString("kind"),
                        rs.getString("name"), rs.getString("name_en"), rs.getBigDecimal("threshold"),
                        (Integer) rs.getObject("window_days"),
                        List.of((String[]) rs.getArray("words").getArray()), rs.getString("level"),
                        rs.getInt("ack_hours"), rs.getInt("handle_hours"), rs.getBoolean("active"),
                        rs.getInt("version")))
                .list();
    }

    @Transactional
    public long createRule(RuleInput in) {
        policy.checkCountyWide(MediationPermission.MANAGE_RULES);
        Clean c = clean(in);
        String code = MediationMenu.text(in.code(), "code", 32, true).toUpperCase(Locale.ROOT);
        if (!code.matches("[A-Z0-9-]{2,32}")) {
            throw new InvalidRequestException("A rule code has 2 to 32 letters, digits or '-'.");
        }
        if (jdbc.sql("select count(*) from mediation_warning_rule where code = ?").param(code).query(Long.class)
                .single() > 0) {
            throw new ConflictException("A rule " + code + " exists already.");
        }
        long id = jdbc.sql("""
                        insert into mediation_warning_rule (code, kind, name, name_en, threshold, window_days, words,
                          level, ack_hours, handle_hours, active, updated_at, updated_by)
                        values (?,?,?,?,?,?,?,?,?,?,?,?,?) returning id""")
                .params(code, c.kind(), c.name(), c.nameEn(), c.threshold(), c.windowDays(), c.words(), c.level(),
                        c.ack(), c.handle(), c.active(), DisputeStore.ts(clock.instant()), CurrentUser.actor())
                .query(Long.class).single();
        audit.record("MEDIATION_RULE_CREATE", "warning_rule:" + code, c.kind(), AuditTrail.Outcome.SUCCESS);
        return id;
    }

    @Transactional
    public void updateRule(long id, int version, RuleInput in) {
        policy.checkCountyWide(MediationPermission.MANAGE_RULES);
        String kind = jdbc.sql("select kind from mediation_warning_rule where id = ?").param(id).query(String.class)
                .optional().orElseThrow(() -> new NotFoundException("No warning rule " + id));
        Clean c = clean(new RuleInput(null, kind, in.name(), in.nameEn(), in.threshold(), in.windowDays(), in.words(),
                in.level(), in.ackHours(), in.handleHours(), in.active()));
        int n = jdbc.sql("""
                        update mediation_warning_rule set name = ?, name_en = ?, threshold = ?, window_days = ?,
                          words = ?, level = ?, ack_hours = ?, handle_hours = ?, active = ?, updated_at = ?,
                          updated_by = ?, version = version + 1 where id = ? and version = ?""")
                .params(c.name(), c.nameEn(), c.threshold(), c.windowDays(), c.words(), c.level(), c.ack(),
                        c.handle(), c.active(), DisputeStore.ts(clock.instant()), CurrentUser.actor(), id, version)
                .update();
        if (n == 0) {
            throw new ConflictException("The rule was changed in the meantime; reload and try again.");
        }
        audit.record("MEDIATION_RULE_UPDATE", "warning_rule:" + id, c.kind() + " threshold " + c.threshold()
                + (c.active() ? "" : " (inactive)"), AuditTrail.Outcome.SUCCESS);
    }

    private record Clean(String kind, String name, String nameEn, BigDecimal threshold, Integer windowDays,
                         String[] words, String level, int ack, int handle, boolean active) {
    }

    private static Clean clean(RuleInput in) {
        if (in == null) {
            throw new InvalidRequestException("No rule was sent.");
        }
        String kind = in.kind() == null ? "" : in.kind().strip().toUpperCase(Locale.ROOT);
        if (!KINDS.contains(kind)) {
            throw new InvalidRequestException("A rule's kind is one of " + KINDS);
        }
        String name = MediationMenu.text(in.name(), "name", 60, true);
        String nameEn = MediationMenu.text(in.nameEn() == null || in.nameEn().isBlank() ? in.name() : in.nameEn(),
                "English name", 80, true);
        String level = in.level() == null ? "GENERAL" : in.level().strip().toUpperCase(Locale.ROOT);
        if (!List.of("GENERAL", "MAJOR").contains(level)) {
            throw new InvalidRequestException("A warning level is GENERAL or MAJOR.");
        }
        int ack = in.ackHours() == null ? 8 : in.ackHours();
        int handle = in.handleHours() == null ? 72 : in.handleHours();
        if (ack < 1 || ack > 720 || handle < 1 || handle > 2160 || handle < ack) {
            throw new InvalidRequestException("Acknowledge within 1–720 hours and handle within 1–2160 hours,"
                    + " not before acknowledging.");
        }
        BigDecimal threshold = in.threshold();
        Integer window = in.windowDays();
        LinkedHashSet<String> words = new LinkedHashSet<>();
        if (kind.equals("WORDS")) {
            for (String w : in.words() == null ? List.<String>of() : in.words()) {
                if (w != null && !w.isBlank()) {
                    if (w.strip().length() > 20 || words.size() >= 100) {
                        throw new InvalidRequestException("At most 100 words of at most 20 characters each.");
                    }
                    words.add(w.strip());
                }
            }
            if (words.isEmpty()) {
                throw new InvalidRequestException("A words rule needs at least one word.");
            }
            threshold = null;
            window = null;
        } else {
            if (threshold == null || threshold.signum() <= 0 || (long) threshold.precision() - threshold.scale() > 12
                    || threshold.scale() > 2 && threshold.stripTrailingZeros().scale() > 2) {
                throw new InvalidRequestException("This rule needs a threshold above 0 and below 10^12.");
            }
            threshold = threshold.setScale(2, java.math.RoundingMode.HALF_UP);
            if (kind.startsWith("REPEAT")) {
                if (window == null || window < 1 || window > 3660) {
                    throw new InvalidRequestException("A repetition rule needs a window of 1 to 3660 days.");
                }
            } else {
                window = null;
            }
        }
        return new Clean(kind, name, nameEn, threshold, window, words.toArray(String[]::new), level, ack, handle,
                in.active() == null || in.active());
    }

    // ---- evaluation ----

    /** What a rule found in a dispute, in words for the warning. */
    record Finding(Rule rule, String text) {
    }

    /** The active rules this dispute now meets and that have not fired on it yet. */
    List<Finding> findings(Dispute d, String extraText) {
        List<Long> fired = jdbc.sql("select rule_id from mediation_warning where dispute_id = ?").param(d.id)
                .query(Long.class).list();
        List<Finding> out = new ArrayList<>();
        for (Rule r : rules()) {
            if (!r.active() || fired.contains(r.id())) {
                continue;
            }
            String f = switch (r.kind()) {
                case "PEOPLE" -> d.peopleInvolved >= r.threshold().intValue()
                        ? "涉及" + d.peopleInvolved + "人（达到" + r.threshold().intValue() + "人）" : null;
                case "AMOUNT" -> d.amount != null && d.amount.compareTo(r.threshold()) >= 0
                        ? "涉及金额" + d.amount.toPlainString() + "元（达到" + r.threshold().stripTrailingZeros()
                        .toPlainString() + "元）" : null;
                case "ESCALATIONS" -> d.escalations >= r.threshold().intValue()
                        ? "已升级" + d.escalations + "次" : null;
                case "REPEAT_PARTY" -> repeatParty(d, r);
                case "REPEAT_PLACE" -> repeatPlace(d, r);
                case "WORDS" -> words(r, d.title + " " + d.description + " " + (extraText == null ? "" : extraText));
                default -> null;
            };
            if (f != null) {
                out.add(new Finding(r, f));
            }
        }
        return out;
    }

    private String repeatParty(Dispute d, Rule r) {
        Instant since = d.registeredAt.minus(Duration.ofDays(r.windowDays()));
        long n = jdbc.sql("""
                        select count(distinct o.dispute_id) from mediation_party me
                        join mediation_party o on o.dispute_id <> me.dispute_id
                          and ((me.id_number_index is not null and o.id_number_index = me.id_number_index)
                            or (me.phone_index is not null and o.phone_index = me.phone_index))
                        join mediation_dispute od on od.id = o.dispute_id and od.registered_at >= ?
                        where me.dispute_id = ?""")
                .params(DisputeStore.ts(since), d.id).query(Long.class).single();
        return n + 1 >= r.threshold().intValue()
                ? "同一当事人" + r.windowDays() + "天内第" + (n + 1) + "起纠纷" : null;
    }

    private String repeatPlace(Dispute d, Rule r) {
        Instant since = d.registeredAt.minus(Duration.ofDays(r.windowDays()));
        long n = jdbc.sql("select count(*) from mediation_dispute where area_code = ? and registered_at >= ?")
                .params(d.areaCode, DisputeStore.ts(since)).query(Long.class).single();
        return n >= r.threshold().intValue() ? "同一网格" + r.windowDays() + "天内" + n + "起纠纷" : null;
    }

    private static String words(Rule r, String text) {
        List<String> hit = r.words().stream().filter(text::contains).toList();
        return hit.isEmpty() ? null : "言语中出现：" + String.join("、", hit);
    }

    /**
     * Raises a warning for every new finding, in the caller's transaction: the row, a timeline step, an urgent
     * notice to the named person, and the event. Returns the timeline steps for the caller to append.
     */
    List<Dispute.Step> evaluate(Dispute d, String extraText, Instant now, String actor) {
        List<Dispute.Step> steps = new ArrayList<>();
        for (Finding f : findings(d, extraText)) {
            Rule r = f.rule();
            Optional<RoleAssignments.Holder> assignee = roles.holdersCovering("LEADER", d.areaCode).stream()
                    .findFirst();
            Instant ackDue = now.plus(Duration.ofHours(r.ackHours()));
            Instant handleDue = now.plus(Duration.ofHours(r.handleHours()));
            Long id = jdbc.sql("""
                            insert into mediation_warning (dispute_id, rule_id, rule_code, level, area_code, finding,
                              raised_at, assignee_person_id, assignee_name, ack_due, handle_due, state)
                            values (?,?,?,?,?,?,?,?,?,?,?, 'RAISED')
                            on conflict (dispute_id, rule_id) do nothing returning id""")
                    .params(d.id, r.id(), r.code(), r.level(), d.areaCode, f.text(), DisputeStore.ts(now),
                            assignee.map(RoleAssignments.Holder::personId).orElse(null),
                            assignee.map(RoleAssignments.Holder::name).orElse(null), DisputeStore.ts(ackDue),
                            DisputeStore.ts(handleDue))
                    .query(Long.class).optional().orElse(null);
            if (id == null) {
                continue; // raised meanwhile by another transaction
            }
            String link = "/mediation/" + d.id;
            List<String> args = List.of(d.number, r.name());
            notifications.enqueue(new Notice(assignee.<Notice.Recipient>map(h -> new Notice.Person(h.personId()))
                    .orElse(new Notice.RoleInArea("LEADER", d.areaCode.substring(0, 6))),
                    "mediation.notice.warning", args, link, true));
            if ("MAJOR".equals(r.level())) {
                notifications.enqueue(new Notice(new Notice.RoleInArea("SHIFT_LEAD", d.areaCode),
                        "mediation.notice.warning", args, link, true));
            }
            events.publishEvent(new MediationEvents.WarningRaised(d.id, d.number, d.areaCode, d.type, d.tier, now,
                    actor, id, r.code(), r.level(), f.text(), assignee.map(RoleAssignments.Holder::personId)
                    .orElse(null), ackDue, handleDue));
            steps.add(d.record(DisputeAction.WARNING_RAISED, f.text(), r.code() + " " + r.level()
                    + assignee.map(h -> " → " + h.name()).orElse("")));
        }
        return steps;
    }

    // ---- acknowledging and handling (through the workflow) ----

    record Warned(long id, long disputeId, String ruleCode, String level, String state, Instant ackDue,
                  Instant handleDue) {
    }

    Warned load(long warningId, long disputeId) {
        return jdbc.sql("""
                        select id, dispute_id, rule_code, level, state, ack_due, handle_due from mediation_warning
                        where id = ? and dispute_id = ?""")
                .params(warningId, disputeId)
                .query((rs, n) -> new Warned(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), DisputeStore.instant(rs, "ack_due"), DisputeStore.instant(rs, "handle_due")))
                .optional().orElseThrow(() -> new NotFoundException("No warning " + warningId + " on this dispute"));
    }

    Warned acknowledge(long warningId, long disputeId, Instant now, String actor) {
        Warned w = load(warningId, disputeId);
        if (!"RAISED".equals(w.state())) {
            throw new ConflictException("The warning is " + w.state() + " already.");
        }
        jdbc.sql("""
                        update mediation_warning set state = 'ACKNOWLEDGED', acknowledged_at = ?, acknowledged_by = ?
                        where id = ? and state = 'RAISED'""")
                .params(DisputeStore.ts(now), actor, warningId).update();
        return w;
    }

    Warned handle(long warningId, long disputeId, String handling, Instant now, String actor) {
        Warned w = load(warningId, disputeId);
        if ("HANDLED".equals(w.state())) {
            throw new ConflictException("The warning is handled already.");
        }
        String h = handling == null ? "" : handling.strip();
        if (h.length() < 4) {
            throw new InvalidRequestException("Say what was done about the warning (at least 4 characters).");
        }
        jdbc.sql("""
                        update mediation_warning set state = 'HANDLED', handled_at = ?, handled_by = ?, handling = ?,
                          acknowledged_at = coalesce(acknowledged_at, ?), acknowledged_by = coalesce(acknowledged_by, ?)
                        where id = ? and state <> 'HANDLED'""")
                .params(DisputeStore.ts(now), actor, h.length() > 2000 ? h.substring(0, 2000) : h,
                        DisputeStore.ts(now), actor, warningId).update();
        return w;
    }

    // ---- lists ----

    /** Warnings in the reader's scope: open ones (oldest deadline first) or all of them (newest first). */
    public List<WarningRow> list(boolean openOnly, int limit) {
        DataScope scope = policy.requireScope(MediationPermission.READ);
        Instant now = clock.instant();
        return jdbc.sql("""
                        select w.id, w.dispute_id, d.number, d.title, w.area_code, w.rule_code, w.level, w.finding,
                               w.raised_at, w.assignee_name, w.ack_due, w.handle_due, w.state, w.handled_at
                        from mediation_warning w join mediation_dispute d on d.id = w.dispute_id
                        where w.area_code like any (?) and (not ? or w.state <> 'HANDLED')
                        order by case when ? then w.handle_due end, w.id desc limit ?""")
                .params(scope.likePatterns(), openOnly, openOnly, Math.max(1, Math.min(limit, 500)))
                .query((rs, n) -> {
                    Instant due = DisputeStore.instant(rs, "handle_due");
                    Instant handled = DisputeStore.instant(rs, "handled_at");
                    return new WarningRow(rs.getLong("id"), rs.getLong("dispute_id"), rs.getString("number"),
                            rs.getString("title"), rs.getString("area_code"), rs.getString("rule_code"),
                            rs.getString("level"), rs.getString("finding"), DisputeStore.instant(rs, "raised_at"),
                            rs.getString("assignee_name"), DisputeStore.instant(rs, "ack_due"), due,
                            rs.getString("state"), handled,
                            handled == null ? now.isAfter(due) : handled.isAfter(due));
                }).list();
    }

    static List<String> wordsOf(String text) {
        return text == null ? List.of() : Arrays.stream(text.split("[,，、\\s]+")).filter(s -> !s.isBlank()).toList();
    }
}
