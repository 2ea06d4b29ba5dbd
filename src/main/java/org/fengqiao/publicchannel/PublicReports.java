package org.fengqiao.publicchannel;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.fengqiao.audit.AuditTrail;
import org.fengqiao.cases.CaseManagement;
import org.fengqiao.cases.Category;
import org.fengqiao.cases.CategoryCatalogue;
import org.fengqiao.intake.PhotoRef;
import org.fengqiao.intake.PhotoRole;
import org.fengqiao.intake.Photos;
import org.fengqiao.intake.ReportChannel;
import org.fengqiao.intake.ReportIntake;
import org.fengqiao.intake.Submission;
import org.fengqiao.intake.SubmitReport;
import org.fengqiao.platform.FieldCipher;
import org.fengqiao.platform.InvalidRequestException;
import org.fengqiao.platform.NotFoundException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reports made without an account, through the same intake path as staff reports ({@link ReportIntake#submitPublic}
 * on the QR channel). A report is saved whole or not at all: limits, photo checks, the intake report and the
 * tracking code commit together.
 */
@Service
public class PublicReports {

    /** The short list of categories offered on the phone page, in this order (those active in the catalogue). */
    public static final List<String> SHORT_LIST = List.of("ENV-DUMPING", "FAC-STREETLIGHT", "HZD-FIRE",
            "HZD-TRAFFIC", "ENV-NOISE", "FAC-FITNESS", "SEC-ORDER", "OTHER");
    public static final int MAX_PHOTOS = 3;
    public static final int MAX_PHOTO_BYTES = 5 * 1024 * 1024;
    public static final int MAX_DESCRIPTION = 1000;

    private final JdbcClient jdbc;
    private final ReportIntake intake;
    private final Photos photos;
    private final CategoryCatalogue catalogue;
    private final PublicCodes codes;
    private final PublicProgress progress;
    private final RateLimits limits;
    private final Volunteers volunteers;
    private final FieldCipher cipher;
    private final AuditTrail audit;
    private final CaseManagement cases;
    private final Clock clock;
    private final PublicProgressFeed feed;

    PublicReports(JdbcClient jdbc, ReportIntake intake, Photos photos, CategoryCatalogue catalogue, PublicCodes codes,
                  PublicProgress progress, RateLimits limits, Volunteers volunteers, FieldCipher cipher,
                  AuditTrail audit, CaseManagement cases, Clock clock, PublicProgressFeed feed) {
        this.feed = feed;
        this.jdbc = jdbc;
        this.intake = intake;
        this.photos = photos;
        this.catalogue = catalogue;
        this.codes = codes;
        this.progress = progress;
        this.limits = limits;
        this.volunteers = volunteers;
        this.cipher = cipher;
        this.audit = audit;
        this.cases = cases;
        this.clock = clock;
    }

    /** The categories of the short list that are active. */
    public List<Category> shortList() {
        List<Category> out = new ArrayList<>();
        for (String code : SHORT_LIST) {
            catalogue.find(code).filter(Category::active).ifPresent(out::add);
        }
        return out;
    }

    /**
     * What the reporter sent.
     *
     * @param formId a random id put in the form when it was shown: a second submit of the same form (double tap,
     *               retry on a slow network) returns the first report instead of making another
     */
    public record Form(String code, String categoryCode, String description, Double lon, Double lat, String phone,
                       String formId, String challengeToken, String challengeAnswer) {
    }

    /** The caller: their address, and the volunteer signed in, if any. */
    public record Caller(String ip, Long volunteerId) {
    }

    /** Raised when the caller must first answer the challenge (or answered it wrong). */
    public static class ChallengeNeeded extends InvalidRequestException {
        public ChallengeNeeded(String message) {
            super(message);
        }
    }

    /** Raised when a limit is reached. */
    public static class TooMany extends InvalidRequestException {
        public TooMany(String message) {
            super(message);
        }
    }

    public record Receipt(String trackingCode, long reportId, boolean replayed) {
    }

    @Transactional
    public Receipt submit(Form form, List<byte[]> photoBytes, Caller caller) {
        // 1 where: the QR code's thing, else the browser's point
        PublicCode code = null;
        if (form.code() != null && !form.code().isBlank()) {
            code = codes.find(form.code()).orElseThrow(() -> new NotFoundException("publicchannel.report.unknownCode"));
        }
        if (code == null && form.lon() == null) {
            throw new InvalidRequestException("publicchannel.err.location");
        }
        // 2 what
        if (form.categoryCode() == null || shortList().stream().noneMatch(c -> c.code().equals(form.categoryCode()))) {
            throw new InvalidRequestException("publicchannel.err.category");
        }
        String description = form.description() == null ? "" : form.description().strip();
        if (description.isEmpty()) {
            throw new InvalidRequestException("publicchannel.err.description");
        }
        if (description.length() > MAX_DESCRIPTION) {
            throw new InvalidRequestException("publicchannel.err.descriptionLong");
        }
        List<byte[]> files = photoBytes == null ? List.of() : photoBytes.stream().filter(b -> b.length > 0).toList();
        if (files.size() > MAX_PHOTOS) {
            throw new InvalidRequestException("publicchannel.err.photos");
        }
        for (byte[] f : files) {
            if (f.length > MAX_PHOTO_BYTES) {
                throw new InvalidRequestException("publicchannel.err.photoSize");
            }
        }
        // 3 who: a volunteer's own phone, or the optional one typed
        String phone = form.phone() == null || form.phone().isBlank() ? null : form.phone().replaceAll("[\\s-]", "");
        if (caller.volunteerId() != null) {
            phone = volunteers.phoneOf(caller.volunteerId());
        }
        // 4 a second submit of the same form returns the first report
        String tracking = codes.newCode();
        // the client intake knows: a signed-in volunteer, else this one submission (its tracking code), so that the
        // photos uploaded with it can be attached by it and by no other anonymous reporter
        String client = caller.volunteerId() != null ? "vol:" + caller.volunteerId() : "qr:" + tracking;
        String formId = form.formId() != null && form.formId().matches("[A-Za-z0-9-]{8,64}") ? form.formId() : null;
        if (formId != null) {
            Optional<Receipt> earlier = jdbc.sql(
                            "select tracking_code, report_ref::bigint from public_report where form_id = ?")
                    .param(formId).query((rs, n) -> new Receipt(rs.getString(1), rs.getLong(2), true)).optional();
            if (earlier.isPresent()) {
                return earlier.get();
            }
        }
        // 5 limits, with a challenge near them
        checkLimits(form, caller, phone);
        // 6 photos, checked by content and recorded as this client's uploads; intake attaches them to the report
        // like staff photos (so staff see them on the report and case pages)
        List<SubmitReport.AttachedPhoto> attached = new ArrayList<>();
        for (byte[] f : files) {
            PhotoRef ref = photos.uploadFor(client, f);
            attached.add(new SubmitReport.AttachedPhoto(ref.id(), PhotoRole.EVIDENCE));
        }
        Submission s = intake.submitPublic(new SubmitReport(ReportChannel.QR, form.categoryCode(), description,
                form.lon(), form.lat(), code == null ? null : code.areaCode(),
                code == null ? null : trim(code.name() + (code.address() == null ? "" : " · " + code.address()), 200),
                null, phone, attached, false, code == null || code.kind().equals("GRID") ? null
                : new org.fengqiao.intake.ReportSubject(code.kind(), code.targetRef(), true)), formId, client);
        long reportId = s.report().id();
        // the resident is sent to the tracking page next: it must not wait for the event to be delivered
        feed.receivedHere(s.report());
        long id = jdbc.sql("""
                        insert into public_report (tracking_code, report_ref, public_code, area_code, category_code,
                                                   volunteer_id, phone_index, source_ip, created_at, form_id)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id""")
                .params(tracking, String.valueOf(reportId), code == null ? null : code.code(), s.report().areaCode(),
                        form.categoryCode(), caller.volunteerId(), phone == null ? null : cipher.blindIndex(phone),
                        caller.ip(), OffsetDateTime.now(clock), formId)
                .query(Long.class).single();
        audit.record(client, "PUBLIC_REPORT_SUBMITTED", "report:" + reportId + " public_report:" + id,
                "code " + (code == null ? "-" : code.code()) + ", " + attached.size() + " photos",
                org.fengqiao.audit.AuditTrail.Outcome.SUCCESS);
        return new Receipt(tracking, reportId, false);
    }

    private void checkLimits(Form form, Caller caller, String phone) {
        List<RateLimits.Standing> standings = new ArrayList<>();
        if (caller.volunteerId() != null) {
            standings.add(limits.standing(RateLimits.REPORTS_PER_VOLUNTEER, "v" + caller.volunteerId()));
        } else {
            standings.add(limits.standing(RateLimits.REPORTS_PER_IP, caller.ip()));
            if (phone != null) {
                standings.add(limits.standing(RateLimits.REPORTS_PER_PHONE, phone));
            }
        }
        if (standings.contains(RateLimits.Standing.BLOCKED)) {
            throw new TooMany("publicchannel.err.tooMany");
        }
        if (standings.contains(RateLimits.Standing.CHALLENGE)
                && !limits.solved(form.challengeToken(), form.challengeAnswer())) {
            throw new ChallengeNeeded("publicchannel.err.challenge");
        }
        if (caller.volunteerId() != null) {
            limits.hit(RateLimits.REPORTS_PER_VOLUNTEER, "v" + caller.volunteerId());
        } else {
            limits.hit(RateLimits.REPORTS_PER_IP, caller.ip());
            if (phone != null) {
                limits.hit(RateLimits.REPORTS_PER_PHONE, phone);
            }
        }
    }

    /** Whether the next report from this caller needs the challenge. */
    public boolean challengeDue(Caller caller) {
        if (caller.volunteerId() != null) {
            return limits.standing(RateLimits.REPORTS_PER_VOLUNTEER, "v" + caller.volunteerId())
                    != RateLimits.Standing.FREE;
        }
        return limits.standing(RateLimits.REPORTS_PER_IP, caller.ip()) != RateLimits.Standing.FREE;
    }

    // ---- tracking and rating ----

    public record Tracked(String trackingCode, String publicCode, Long volunteerId, Integer rating,
                          String ratingComment, Instant ratedAt, PublicProgress.Progress progress) {
        public boolean mayRate() {
            return !progress.open() && ratedAt == null && progress.caseState() != null;
        }
    }

    public Optional<Tracked> track(String trackingCode) {
        String t = PublicCodes.normalise(trackingCode);
        record Row(String trackingCode, String reportRef, String publicCode, String areaCode, Long volunteerId,
                   Integer rating, String ratingComment, OffsetDateTime ratedAt) {
        }
        return jdbc.sql("""
                        select tracking_code, report_ref, public_code, area_code, volunteer_id, rating, rating_comment,
                               rated_at from public_report where tracking_code = ?""")
                .param(t).query(Row.class).optional()
                .map(r -> new Tracked(r.trackingCode(), r.publicCode(), r.volunteerId(), r.rating(), r.ratingComment(),
                        r.ratedAt() == null ? null : r.ratedAt().toInstant(),
                        progress.of(Long.parseLong(r.reportRef()), r.areaCode())));
    }

    /** A reporter's satisfaction, once, after the case is closed. */
    @Transactional
    public void rate(String trackingCode, int rating, String comment) {
        Tracked t = track(trackingCode).orElseThrow(() -> new NotFoundException("Unknown tracking code"));
        if (rating < 1 || rating > 5) {
            throw new InvalidRequestException("publicchannel.rate.choose");
        }
        if (comment != null && comment.strip().length() > 500) {
            throw new InvalidRequestException("The comment may have at most 500 characters");
        }
        if (t.progress().open() || t.progress().caseState() == null) {
            throw new InvalidRequestException("publicchannel.err.notClosed");
        }
        int n = jdbc.sql("""
                        update public_report set rating = ?, rating_comment = ?, rated_at = ?
                        where tracking_code = ? and rated_at is null""")
                .params(rating, comment == null || comment.isBlank() ? null : comment.strip(),
                        OffsetDateTime.now(clock), t.trackingCode()).update();
        if (n == 0) {
            throw new org.fengqiao.platform.ConflictException("publicchannel.err.rated");
        }
        audit.record("qr:" + t.trackingCode(), "PUBLIC_REPORT_RATED", "report:" + t.progress().reportId(),
                rating + " stars", AuditTrail.Outcome.SUCCESS);
        // the case records it as its satisfaction rating unless staff already did (see recordReporterRating)
        cases.recordReporterRating(t.progress().caseId(), rating,
                comment == null || comment.isBlank() ? null : comment.strip(), "qr:" + t.trackingCode());
    }

    /** The photos of the report behind a tracking code (intake's report photos). */
    /** The door-plate code a public report was made from, if any (Open311 shows it as the address id). */
    public Optional<String> plateOf(long reportId) {
        return jdbc.sql("select public_code from public_report where report_ref = ?").param(String.valueOf(reportId))
                .query(String.class).optional();
    }

    public List<UUID> photosOf(String trackingCode) {
        return track(trackingCode).map(t -> t.progress().photoIds()).orElse(List.of());
    }

    /** A photo's bytes, to the holder of the tracking code only, and only a photo of that report. */
    public Optional<Photos.Content> photo(String trackingCode, UUID photoId, boolean thumb) {
        Optional<Tracked> t = track(trackingCode);
        if (t.isEmpty() || !t.get().progress().photoIds().contains(photoId)) {
            return Optional.empty();
        }
        return photos.readOfReport(t.get().progress().reportId(), photoId, thumb);
    }

    // ---- a volunteer's own reports and points ----

    public record OwnReport(String trackingCode, String categoryCode, Instant at, String state, boolean open,
                            int points) {
    }

    /** Points for a valid report: 10 when accepted as a case or solved, 3 when it confirmed a known case. */
    static int points(PublicProgress.Progress p) {
        return switch (p.reportStatus()) {
            case ACCEPTED, SOLVED_ON_SPOT -> 10;
            case MERGED -> 3;
            default -> 0;
        };
    }

    public List<OwnReport> ofVolunteer(long volunteerId) {
        record Row(String trackingCode, String reportRef, String areaCode, String categoryCode) {
        }
        List<OwnReport> out = new ArrayList<>();
        for (Row r : jdbc.sql("""
                        select tracking_code, report_ref, area_code, category_code from public_report
                        where volunteer_id = ? order by id desc limit 200""")
                .param(volunteerId).query(Row.class).list()) {
            PublicProgress.Progress p = progress.of(Long.parseLong(r.reportRef()), r.areaCode());
            out.add(new OwnReport(r.trackingCode(), r.categoryCode(), p.receivedAt(), p.platformState(), p.open(),
                    points(p)));
        }
        return out;
    }

    private static String trim(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
