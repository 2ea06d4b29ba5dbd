package org.fengqiao.mediation;

import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

import org.fengqiao.cases.WorkingCalendar;
import org.fengqiao.platform.ConflictException;
import org.fengqiao.platform.DataScope;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Reads and writes disputes and their timeline. Area-bound reads take the caller's data scope. */
@Component
class DisputeStore {

    static final String ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;

    private static final String COLUMNS = """
            id, number, type, title, description, amount, people_involved, area_code, place, source, case_id,
            case_number, report_id, risk, language, tier, site_id, site_name, state, tier_started_at, tier_due,
            tier_overdue_noted, mediator_id, mediator_name, outcome, outcome_reason, closed_at, closed_tier,
            escalations, hand_downs, tracking_code, registered_at, registered_by, version""";

    private final JdbcClient jdbc;
    private final SecureRandom random = new SecureRandom();

    DisputeStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    static Timestamp ts(Instant i) {
        return i == null ? null : Timestamp.from(i);
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    /** The next number of the day in the county, e.g. {@code TJ-440784-20261127-0007}. */
    String nextNumber(String areaCode, Instant now) {
        String county = areaCode.substring(0, Math.min(6, areaCode.length()));
        LocalDate day = now.atZone(WorkingCalendar.ZONE).toLocalDate();
        int n = jdbc.sql("""
                        insert into mediation_number (county, day, last) values (?, ?, 1)
                        on conflict (county, day) do update set last = mediation_number.last + 1 returning last""")
                .params(county, day).query(Integer.class).single();
        return "TJ-" + county + "-" + DAY.format(day) + "-" + String.format("%04d", n);
    }

    /** A random code for a dispute's party link (10 characters of Crockford base 32, about 50 bits). */
    String newTrackingCode() {
        StringBuilder sb = new StringBuilder(10);
        for (int i = 0; i < 10; i++) {
            sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }

    long insert(Dispute d, String publicFormId, String sourceIp) {
        d.id = jdbc.sql("""
                        insert into mediation_dispute (number, type, title, description, amount, people_involved,
                          area_code, place, source, case_id, case_number, report_id, risk, language, tier, site_id,
                          site_name, state, tier_started_at, tier_due, tracking_code, public_form_id, source_ip,
                          registered_at, registered_by)
                        values (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) returning id""")
                .params(d.number, d.type.name(), d.title, d.description, d.amount, d.peopleInvolved, d.areaCode,
                        d.place, d.source.name(), d.caseId, d.caseNumber, d.reportId, d.risk.name(), d.language,
                        d.tier.name(), d.siteId, d.siteName, d.state.name(), ts(d.tierStartedAt), ts(d.tierDue),
                        d.trackingCode, publicFormId, sourceIp, ts(d.registeredAt), d.registeredBy)
                .query(Long.class).single();
        return d.id;
    }

    /** Saves the aggregate if nobody changed it since it was read (optimistic lock), else 409. */
    void save(Dispute d) {
        int n = jdbc.sql("""
                        update mediation_dispute set type = ?, amount = ?, people_involved = ?, risk = ?, tier = ?,
                          site_id = ?, site_name = ?, state = ?, tier_started_at = ?, tier_due = ?,
                          tier_overdue_noted = ?, mediator_id = ?, mediator_name = ?, outcome = ?, outcome_reason = ?,
                          closed_at = ?, closed_tier = ?, escalations = ?, hand_downs = ?, version = version + 1
                        where id = ? and version = ?""")
                .params(d.type.name(), d.amount, d.peopleInvolved, d.risk.name(), d.tier.name(), d.siteId, d.siteName,
                        d.state.name(), ts(d.tierStartedAt), ts(d.tierDue), d.tierOverdueNoted, d.mediatorId,
                        d.mediatorName, d.outcome == null ? null : d.outcome.name(), d.outcomeReason,
                        ts(d.closedAt), d.closedTier == null ? null : d.closedTier.name(), d.escalations,
                        d.handDowns, d.id, d.version)
                .update();
        if (n == 0) {
            throw new ConflictException("Dispute " + d.number + " was changed by someone else in the meantime;"
                    + " reload and try again.");
        }
        d.version++;
    }

    /** A dispute inside the scope. */
    Optional<Dispute> find(long id, DataScope scope) {
        return jdbc.sql("select " + COLUMNS + " from mediation_dispute where id = ? and area_code like any (?)")
                .params(id, scope.likePatterns()).query(DisputeStore::map).optional();
    }

    /** For system work and for the party's own link: no user scope. */
    Optional<Dispute> findForSystem(long id) {
        return jdbc.sql("select " + COLUMNS + " from mediation_dispute where id = ?").param(id)
                .query(DisputeStore::map).optional();
    }

    Optional<Dispute> byTrackingCode(String code) {
        return jdbc.sql("select " + COLUMNS + " from mediation_dispute where tracking_code = ?").param(code)
                .query(DisputeStore::map).optional();
    }

    Optional<Long> byCase(long caseId) {
        return jdbc.sql("select id from mediation_dispute where case_id = ?").param(caseId).query(Long.class)
                .optional();
    }

    Optional<Dispute> byPublicForm(String formId) {
        return jdbc.sql("select " + COLUMNS + " from mediation_dispute where public_form_id = ?").param(formId)
                .query(DisputeStore::map).optional();
    }

    void append(long disputeId, Dispute.Step s, String actor, Instant at) {
        jdbc.sql("""
                        insert into mediation_dispute_event (dispute_id, at, actor, action, from_state, to_state, tier,
                                                             reason, detail)
                        values (?,?,?,?,?,?,?,?,?)""")
                .params(disputeId, ts(at), actor, s.action().name(), s.from() == null ? null : s.from().name(),
                        s.to() == null ? null : s.to().name(), s.tier() == null ? null : s.tier().name(), s.reason(),
                        s.detail())
                .update();
    }

    List<TimelineEntry> timeline(long disputeId) {
        return jdbc.sql("""
                        select id, at, actor, action, from_state, to_state, tier, reason, detail
                        from mediation_dispute_event where dispute_id = ? order by id""")
                .param(disputeId)
                .query((rs, n) -> new TimelineEntry(rs.getLong("id"), instant(rs, "at"), rs.getString("actor"),
                        rs.getString("action"), rs.getString("from_state"), rs.getString("to_state"),
                        rs.getString("tier"), rs.getString("reason"), rs.getString("detail")))
                .list();
    }

    static Dispute map(ResultSet rs, int row) throws SQLException {
        Dispute d = new Dispute();
        d.id = rs.getLong("id");
        d.number = rs.getString("number");
        d.type = DisputeType.valueOf(rs.getString("type"));
        d.title = rs.getString("title");
        d.description = rs.getString("description");
        d.amount = rs.getBigDecimal("amount");
        d.peopleInvolved = rs.getInt("people_involved");
        d.areaCode = rs.getString("area_code");
        d.place = rs.getString("place");
        d.source = Vocabulary.Source.valueOf(rs.getString("source"));
        d.caseId = (Long) rs.getObject("case_id");
        d.caseNumber = rs.getString("case_number");
        d.reportId = (Long) rs.getObject("report_id");
        d.risk = RiskLevel.valueOf(rs.getString("risk"));
        d.language = rs.getString("language");
        d.tier = Tier.valueOf(rs.getString("tier"));
        d.siteId = (Long) rs.getObject("site_id");
        d.siteName = rs.getString("site_name");
        d.state = DisputeState.valueOf(rs.getString("state"));
        d.tierStartedAt = instant(rs, "tier_started_at");
        d.tierDue = instant(rs, "tier_due");
        d.tierOverdueNoted = rs.getBoolean("tier_overdue_noted");
        d.mediatorId = (Long) rs.getObject("mediator_id");
        d.mediatorName = rs.getString("mediator_name");
        String o = rs.getString("outcome");
        d.outcome = o == null ? null : Outcome.valueOf(o);
        d.outcomeReason = rs.getString("outcome_reason");
        d.closedAt = instant(rs, "closed_at");
        String ct = rs.getString("closed_tier");
        d.closedTier = ct == null ? null : Tier.valueOf(ct);
        d.escalations = rs.getInt("escalations");
        d.handDowns = rs.getInt("hand_downs");
        d.trackingCode = rs.getString("tracking_code");
        d.registeredAt = instant(rs, "registered_at");
        d.registeredBy = rs.getString("registered_by");
        d.version = rs.getInt("version");
        return d;
    }

    static OffsetDateTime odt(Instant i) {
        return i == null ? null : OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
    }
}
