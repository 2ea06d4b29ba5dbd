package org.fengqiao.intake;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.fengqiao.geography.AreaDirectory;
import org.fengqiao.geography.AreaView;
import org.fengqiao.geography.GridLocation;
import org.fengqiao.geography.GridLocator;
import org.fengqiao.platform.AccessPolicy;
import org.fengqiao.platform.ConflictException;
import org.fengqiao.platform.CurrentUser;
import org.fengqiao.platform.FieldCipher;
import org.fengqiao.platform.InvalidRequestException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The one submit path for every channel. A retried submission with the same idempotency key returns the report made
 * the first time instead of making another; a different request reusing a key is refused.
 */
@Service
public class ReportIntake {

    private final JdbcClient jdbc;
    private final GridLocator locator;
    private final AreaDirectory areas;
    private final FieldCipher cipher;
    private final Photos photos;
    private final Reports reports;
    private final ObjectProvider<ReportPolicy> reportPolicy;
    private final ObjectProvider<ReportSubjects> subjects;
    private final ReportAnnouncer announcer;
    private final Clock clock;
    private final AccessPolicy policy;
    /** The policy once found: looking it up through the provider on every submission cost 3 % of a request's CPU. */
    private volatile ReportPolicy resolvedPolicy;

    private static final java.util.regex.Pattern KEY = java.util.regex.Pattern.compile("[A-Za-z0-9._:-]+");

    ReportIntake(JdbcClient jdbc, GridLocator locator, AreaDirectory areas, FieldCipher cipher, Photos photos,
                 Reports reports, ObjectProvider<ReportPolicy> reportPolicy, ObjectProvider<ReportSubjects> subjects,
                 ReportAnnouncer announcer, Clock clock, AccessPolicy policy) {
        this.policy = policy;
        this.subjects = subjects;
        this.jdbc = jdbc;
        this.locator = locator;
        this.areas = areas;
        this.cipher = cipher;
        this.photos = photos;
        this.reports = reports;
        this.reportPolicy = reportPolicy;
        this.announcer = announcer;
        this.clock = clock;
    }

    /** A report by the signed-in staff member or grid worker. */
    @Transactional
    public Submission submit(SubmitReport report, String idempotencyKey) {
        CurrentUser.User user = CurrentUser.require();
        List<IntakePermission> may = switch (report.channel()) {
            case COUNTER, HOTLINE -> List.of(IntakePermission.SUBMIT_AT_COUNTER);
            case PATROL -> List.of(IntakePermission.SUBMIT_ON_PATROL);
            case API -> List.of(IntakePermission.SUBMIT_AT_COUNTER, IntakePermission.SUBMIT_ON_PATROL);
            case QR, OPEN311 -> List.of();
        };
        if (may.stream().noneMatch(p -> policy.holds(user, p))) {
            throw new AccessDeniedException("None of your role assignments may submit reports on the "
                    + report.channel() + " channel");
        }
        return doSubmit(report, idempotencyKey, user.username(), user, may);
    }

    /**
     * A report from a public channel (QR page, Open311) without a staff account. {@code client} names the caller for
     * idempotency, e.g. "open311:<api key id>" or "qr:<device id>". Photos are attached like staff photos, but only
     * those this same client uploaded ({@link Photos#uploadFor}): nobody attaches someone else's photo.
     */
    @Transactional
    public Submission submitPublic(SubmitReport report, String idempotencyKey, String client) {
        if (!report.channel().isPublic()) {
            throw new InvalidRequestException("Public submissions come from the QR or OPEN311 channel");
        }
        if (client == null || client.isBlank() || client.length() > 64) {
            throw new InvalidRequestException("A public submission names its client");
        }
        if (!report.photos().isEmpty()) {
            photos.requireUploadedBy(report.photos().stream().map(SubmitReport.AttachedPhoto::photoId).toList(),
                    client);
        }
        return doSubmit(report, idempotencyKey, client, null, List.of());
    }

    /**
     * @param may for a signed-in user, the permissions of which one must cover the report's place (one assignment
     *            granting one of them and covering the place)
     */
    private Submission doSubmit(SubmitReport report, String idempotencyKey, String submitter,
                                CurrentUser.User user, List<IntakePermission> may) {
        String key = normaliseKey(idempotencyKey);
        String digest = report.digest();
        // no look-up first: the insert itself detects a seen key (on conflict do nothing), then we answer the replay
        ReportPolicy p = policy();
        if (p != null) {
            p.checkCategory(report.categoryCode());
        }
        Place place = locate(report);
        if (user != null && may.stream().noneMatch(perm -> policy.allows(user, perm, place.areaCode()))) {
            throw new InvalidRequestException("This place (" + place.areaCode() + ") lies outside your area");
        }
        Instant now = Instant.now(clock).truncatedTo(ChronoUnit.MICROS);
        Instant acceptDue = p == null || report.solvedOnSpot() ? null : p.acceptDue(report.categoryCode(), now);
        ReportStatus status = report.solvedOnSpot() ? ReportStatus.SOLVED_ON_SPOT : ReportStatus.PENDING;
        if (report.solvedOnSpot() && report.photos().stream().noneMatch(ph -> ph.role() == PhotoRole.AFTER)) {
            throw new InvalidRequestException("A matter solved on the spot needs a photo after the fix");
        }
        ReportSubjects.Linked linked = link(report.subject(), place.areaCode());
        ReportView inserted = jdbc.sql("""
                        insert into report (submitted_by, idempotency_key, request_hash, channel, category_code,
                          description, lon, lat, address, area_code, grid_name, overlay_codes, reporter_name_enc,
                          reporter_phone_enc, reporter_phone_index, reporter_phone_masked, status, received_at,
                          accept_due, decided_by, decided_at, subject_kind, subject_ref, subject_label)
                        values (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
                        on conflict (submitted_by, idempotency_key) where idempotency_key is not null do nothing
                        returning\s""" + Reports.COLUMNS)
                .params(submitter, key, digest, report.channel().name(), report.categoryCode(),
                        report.description(), report.lon(), report.lat(), report.address(), place.areaCode(),
                        place.gridName(), place.overlays(), cipher.encrypt(report.reporterName()),
                        cipher.encrypt(report.reporterPhone()), cipher.blindIndex(report.reporterPhone()),
                        org.fengqiao.platform.Masking.phone(report.reporterPhone()), status.name(), utc(now),
                        acceptDue == null ? null : utc(acceptDue),
                        report.solvedOnSpot() ? submitter : null, report.solvedOnSpot() ? utc(now) : null,
                        linked == null ? null : linked.kind(), linked == null ? null : linked.ref(),
                        linked == null ? null : linked.label())
                .query((rs, n) -> reports.justInserted(rs, false)).optional().orElse(null);
        if (inserted == null) {
            // a concurrent retry with the same key won the race
            return replay(submitter, key, digest).orElseThrow(() -> new ConflictException("Retry the submission"));
        }
        long id = inserted.id();
        if (!report.photos().isEmpty()) {
            photos.attach(report.photos().stream().map(SubmitReport.AttachedPhoto::photoId).toList(),
                    place.areaCode(), submitter);
            for (SubmitReport.AttachedPhoto ph : report.photos()) {
                jdbc.sql("insert into report_photo (report_id, photo_id, role) values (?, ?, ?) on conflict do nothing")
                        .params(id, ph.photoId(), ph.role().name()).update();
            }
        }
        // announced to the read models with the other reports of its moment, once this transaction committed
        announcer.announceAfterCommit(id);
        // the view comes from the insert's RETURNING; only photos need reading back
        ReportView view = report.photos().isEmpty() ? inserted : reports.load(id);
        return new Submission(view, false, reports.similar(view));
    }

    private ReportPolicy policy() {
        ReportPolicy p = resolvedPolicy;
        if (p == null) {
            p = reportPolicy.getIfAvailable();
            resolvedPolicy = p;
        }
        return p;
    }

    /** The registry record the report concerns, checked by the registry; a plate's record only when known. */
    private ReportSubjects.Linked link(ReportSubject subject, String areaCode) {
        if (subject == null) {
            return null;
        }
        ReportSubjects s = subjects.getIfAvailable();
        Optional<ReportSubjects.Linked> linked = s == null ? Optional.empty() : s.resolve(subject, areaCode);
        if (linked.isEmpty() && !subject.fromPlate()) {
            throw new InvalidRequestException("There is no such registry record (" + subject.kind() + " "
                    + subject.ref() + ") in this report's area");
        }
        return linked.orElse(null);
    }

    private Optional<Submission> replay(String submitter, String key, String digest) {
        record Row(long id, String requestHash) {
        }
        return jdbc.sql("select id, request_hash from report where submitted_by = ? and idempotency_key = ?")
                .params(submitter, key).query(Row.class).optional().map(row -> {
                    if (!digest.equals(row.requestHash())) {
                        throw new ConflictException("This idempotency key was already used for a different report");
                    }
                    ReportView view = reports.load(row.id());
                    return new Submission(view, true, reports.similar(view));
                });
    }

    private static String normaliseKey(String key) {
        if (key == null || key.isBlank()) {
            return null;
        }
        key = key.trim();
        if (key.length() > 100 || !KEY.matcher(key).matches()) {
            throw new InvalidRequestException(
                    "An Idempotency-Key has at most 100 letters, digits, dots, dashes, colons or underscores");
        }
        return key;
    }

    private record Place(String areaCode, String gridName, String overlays) {
    }

    private Place locate(SubmitReport r) {
        if (r.lon() != null) {
            Optional<GridLocation> loc = locator.locate(r.lon(), r.lat());
            if (loc.isPresent()) {
                GridLocation g = loc.get();
                return new Place(g.gridCode(), g.gridName(),
                        g.overlayCodes().isEmpty() ? null : String.join(",", g.overlayCodes()));
            }
            if (r.areaCode() == null) {
                throw new InvalidRequestException("The point lies in no grid of this county; name the grid instead");
            }
        }
        AreaView area = areas.find(r.areaCode()).filter(a -> !a.retired())
                .orElseThrow(() -> new InvalidRequestException("Unknown area " + r.areaCode()));
        return new Place(area.code(), area.name(), null);
    }

    static OffsetDateTime utc(Instant i) {
        return OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
    }

    /** For the photo forms: ids of uploads made in the same request. */
    static List<SubmitReport.AttachedPhoto> attached(List<UUID> ids, PhotoRole role) {
        return ids.stream().map(id -> new SubmitReport.AttachedPhoto(id, role)).toList();
    }
}
