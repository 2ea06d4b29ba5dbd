package org.fengqiao.intake;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.fengqiao.audit.AuditTrail;
import org.fengqiao.platform.ConflictException;
import org.fengqiao.platform.CurrentUser;
import org.fengqiao.platform.DataScope;
import org.fengqiao.platform.FieldCipher;
import org.fengqiao.platform.InvalidRequestException;
import org.fengqiao.platform.NotFoundException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reads reports within a data scope and records the center's decision about them (the cases module calls this when
 * it accepts, rejects or merges a report). Every query filters by area prefix in SQL.
 */
@Service
public class Reports {

    /** What a view reads of a report row; also the RETURNING list of the intake's insert. */
    static final String COLUMNS = """
            id, channel, category_code, description, lon, lat, address, area_code, grid_name, overlay_codes,
                   reporter_phone_enc is not null or reporter_name_enc is not null as has_reporter,
                   reporter_phone_masked, status, case_id, decision_reason, submitted_by, received_at, accept_due,
                   version, subject_kind, subject_ref, subject_label""";

    private static final String SELECT = "select " + COLUMNS + " from report";

    private final JdbcClient jdbc;
    private final FieldCipher cipher;
    private final AuditTrail audit;
    private final Clock clock;
    private final Photos photos;
    private final org.fengqiao.platform.AccessPolicy policy;

    Reports(JdbcClient jdbc, FieldCipher cipher, AuditTrail audit, Clock clock, Photos photos,
            org.fengqiao.platform.AccessPolicy policy) {
        this.policy = policy;
        this.jdbc = jdbc;
        this.cipher = cipher;
        this.audit = audit;
        this.clock = clock;
        this.photos = photos;
    }

    ReportView load(long id) {
        ReportView v = jdbc.sql(SELECT + " where id = ?").param(id).query(this::map).single();
        return withPhotos(v);
    }

    /** The report if it lies in the scope; 404 otherwise. */
    public ReportView find(long id, DataScope scope) {
        return jdbc.sql(SELECT + " where id = ? and area_code like any (?)").params(id, scope.likePatterns())
                .query(this::map).optional().map(this::withPhotos)
                .orElseThrow(() -> new NotFoundException("No report " + id + " in your area"));
    }

    /** A report its submitter made (a volunteer reporter follows their own reports without any area). */
    public ReportView findSubmittedBy(long id, String username) {
        return jdbc.sql(SELECT + " where id = ? and submitted_by = ?").params(id, username)
                .query(this::map).optional().map(this::withPhotos)
                .orElseThrow(() -> new NotFoundException("No report " + id + " of yours"));
    }

    /** Reports a submitter made (a grid worker's own list), newest first. */
    public List<ReportView> submittedBy(String username, Long beforeId, int limit) {
        return jdbc.sql(SELECT + " where submitted_by = ? and (?::bigint is null or id < ?) order by id desc limit ?")
                .params(username, beforeId, beforeId, Math.min(limit, 200)).query(this::map).list();
    }

    /** Pending reports in the scope, oldest first (keyset on id), optionally of one category. */
    public List<ReportView> pending(DataScope scope, String category, Long afterId, int limit) {
        String c = category == null || category.isBlank() ? null : category;
        return jdbc.sql(SELECT + " " + """
                         where status = 'PENDING' and area_code like any (?)
                           and (?::text is null or category_code = ?) and (?::bigint is null or id > ?)
                         order by id limit ?""")
                .params(scope.likePatterns(), c, c, afterId, afterId, Math.min(limit, 200)).query(this::map).list();
    }

    /** How many reports wait in the scope, and the newest id (the queue page polls this). */
    public record Waiting(long count, long newestId) {
    }

    public Waiting waiting(DataScope scope) {
        return jdbc.sql("""
                        select count(*) as count, coalesce(max(id), 0) as newest_id from report
                        where status = 'PENDING' and area_code like any (?)""")
                .param(scope.likePatterns()).query(Waiting.class).single();
    }

    /** The height and width of a {@code report_near_cell} cell in degrees: the whole search box. */
    static final double CELL_LAT = 0.0054;
    static final double CELL_LON = 0.0064;

    /**
     * Up to five reports that may be the same matter, newest first: of the same category in the last seven days,
     * either in the same grid or within about 300 m (±0.0027° latitude, ±0.0032° longitude, whatever the grid). The
     * box around a point lies in at most four cells of {@code report_near_cell}; each is read newest first.
     */
    public List<Submission.Similar> similar(ReportView r) {
        OffsetDateTime since = OffsetDateTime.ofInstant(r.receivedAt().minus(java.time.Duration.ofDays(7)),
                java.time.ZoneOffset.UTC);
        boolean located = r.lat() != null && r.lon() != null;
        double lat = located ? r.lat() : 0;
        double lon = located ? r.lon() : 0;
        double dLat = CELL_LAT / 2;
        double dLon = CELL_LON / 2;
        Integer[] ys = {(int) Math.floor((lat - dLat) / CELL_LAT), (int) Math.floor((lat + dLat) / CELL_LAT)};
        Integer[] xs = {(int) Math.floor((lon - dLon) / CELL_LON), (int) Math.floor((lon + dLon) / CELL_LON)};
        return jdbc.sql("""
                        select id, case_id, description, area_code, status, received_at from (
                          (select id, case_id, description, area_code, status, received_at from report
                           where category_code = :category and area_code = :area and received_at >= :since
                             and id <> :id and status <> 'REJECTED' order by received_at desc limit 5)
                          union
                          (select n.* from unnest(:ys::int[]) y cross join unnest(:xs::int[]) x
                           cross join lateral (
                             select id, case_id, description, area_code, status, received_at from report
                             where :located and category_code = :category and lat is not null and lon is not null
                               and floor(lat / 0.0054)::int = y and floor(lon / 0.0064)::int = x
                               and received_at >= :since and lat between :latLow and :latHigh
                               and lon between :lonLow and :lonHigh and id <> :id and status <> 'REJECTED'
                             order by received_at desc limit 5) n)) s
                        order by received_at desc, id desc limit 5""")
                .param("category", r.categoryCode()).param("area", r.areaCode()).param("since", since)
                .param("id", r.id()).param("located", located).param("ys", ys).param("xs", xs)
                .param("latLow", lat - dLat).param("latHigh", lat + dLat)
                .param("lonLow", lon - dLon).param("lonHigh", lon + dLon)
                .query((rs, n) -> new Submission.Similar(rs.getLong("id"), (Long) rs.getObject("case_id"),
                        rs.getString("description"), rs.getString("area_code"),
                        ReportStatus.valueOf(rs.getString("status")),
                        rs.getObject("received_at", OffsetDateTime.class).toInstant()))
                .list();
    }

    /** Reports already belonging to a case (the accepted one and those merged into it). */
    public List<ReportView> ofCase(long caseId, DataScope scope) {
        return jdbc.sql(SELECT + " where case_id = ? and area_code like any (?) order by id")
                .params(caseId, scope.likePatterns()).query(this::map).list().stream().map(this::withPhotos).toList();
    }

    /** The reporter's contact in clear, for the call-back; audited with the reason. */
    public record Contact(String name, String phone) {
    }

    @Transactional
    public Contact revealContact(long reportId, String reason) {
        DataScope scope = policy.scope(IntakePermission.REVEAL_CONTACT);
        if (reason == null || reason.isBlank()) {
            throw new InvalidRequestException("Say why you need the reporter's contact");
        }
        record Row(byte[] reporterNameEnc, byte[] reporterPhoneEnc) {
        }
        Row row = jdbc.sql("select reporter_name_enc, reporter_phone_enc from report where id = ? and area_code like any (?)")
                .params(reportId, scope.likePatterns()).query(Row.class).optional()
                .orElseThrow(() -> new NotFoundException("No report " + reportId + " in your area"));
        audit.record("REPORT_CONTACT_UNMASK", "report:" + reportId, reason.strip(), AuditTrail.Outcome.SUCCESS);
        return new Contact(cipher.decrypt(row.reporterNameEnc()), cipher.decrypt(row.reporterPhoneEnc()));
    }

    /**
     * Records the center's decision (from {@link ReportDecided}, after the deciding transaction committed): the
     * report's status follows the decision. Applying the same decision twice changes nothing, so a redelivered
     * event is harmless.
     */
    @ApplicationModuleListener
    void on(ReportDecided d) {
        jdbc.sql("""
                        update report set status = ?, case_id = ?, decision_reason = ?, decided_by = ?, decided_at = ?,
                          version = version + 1
                        where id = ? and status = 'PENDING'""")
                .params(d.decision().name(), d.caseId(), d.reason(), d.actor(),
                        OffsetDateTime.ofInstant(d.at(), java.time.ZoneOffset.UTC), d.reportId())
                .update();
    }

    /** Counts for the indicators over reports received in [from, to) under an area prefix. */
    public record Counts(long reports, long acceptedInTime, long merged, long solvedOnSpot) {
    }

    public Counts counts(String areaPrefix, String category, Instant from, Instant to) {
        String c = category == null || category.isBlank() ? null : category;
        return jdbc.sql("""
                        select count(*) as reports,
                               count(*) filter (where status = 'ACCEPTED' and decided_at <= accept_due) as accepted_in_time,
                               count(*) filter (where status = 'MERGED') as merged,
                               count(*) filter (where status = 'SOLVED_ON_SPOT') as solved_on_spot
                        from report
                        where area_code like ? and received_at >= ? and received_at < ?
                          and (?::text is null or category_code = ?)""")
                .params(areaPrefix + "%", OffsetDateTime.ofInstant(from, java.time.ZoneOffset.UTC),
                        OffsetDateTime.ofInstant(to, java.time.ZoneOffset.UTC), c, c)
                .query(Counts.class).single();
    }

    /** A view of a row just inserted, read from the insert's RETURNING columns: no second query. */
    ReportView justInserted(ResultSet rs, boolean withPhotos) throws SQLException {
        ReportView v = map(rs, 0);
        return withPhotos ? withPhotos(v) : v;
    }

    private ReportView withPhotos(ReportView v) {
        return new ReportView(v.id(), v.channel(), v.categoryCode(), v.description(), v.lon(), v.lat(), v.address(),
                v.areaCode(), v.gridName(), v.overlayCodes(), v.hasReporter(), v.reporterPhoneMasked(), v.status(),
                v.caseId(), v.decisionReason(), v.submittedBy(), v.receivedAt(), v.acceptDue(),
                photos.ofReport(v.id()), v.version(), v.subject());
    }

    private ReportView map(ResultSet rs, int n) throws SQLException {
        String overlays = rs.getString("overlay_codes");
        OffsetDateTime due = rs.getObject("accept_due", OffsetDateTime.class);
        return new ReportView(rs.getLong("id"), ReportChannel.valueOf(rs.getString("channel")),
                rs.getString("category_code"), rs.getString("description"), (Double) rs.getObject("lon"),
                (Double) rs.getObject("lat"), rs.getString("address"), rs.getString("area_code"),
                rs.getString("grid_name"), overlays == null ? List.of() : Arrays.asList(overlays.split(",")),
                rs.getBoolean("has_reporter"), rs.getString("reporter_phone_masked"),
                ReportStatus.valueOf(rs.getString("status")), (Long) rs.getObject("case_id"),
                rs.getString("decision_reason"), rs.getString("submitted_by"),
                rs.getObject("received_at", OffsetDateTime.class).toInstant(), due == null ? null : due.toInstant(),
                List.of(), rs.getInt("version"), rs.getString("subject_kind") == null ? null
                        : new ReportView.Subject(rs.getString("subject_kind"), rs.getString("subject_ref"),
                        rs.getString("subject_label")));
    }

    Optional<Long> idByKey(String submitter, String key) {
        return jdbc.sql("select id from report where submitted_by = ? and idempotency_key = ?")
                .params(submitter, key).query(Long.class).optional();
    }
}
