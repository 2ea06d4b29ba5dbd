package org.fengqiao.intake;

import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.fengqiao.platform.CurrentUser;
import org.fengqiao.platform.InvalidRequestException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/** JSON API of the intake: submit a report (with an Idempotency-Key header), upload photos, read a report. */
@RestController
@RequestMapping("/api")
class IntakeApi {

    private final ReportIntake intake;
    private final Reports reports;
    private final Photos photos;
    private final org.fengqiao.platform.AccessPolicy policy;

    IntakeApi(ReportIntake intake, Reports reports, Photos photos, org.fengqiao.platform.AccessPolicy policy) {
        this.policy = policy;
        this.intake = intake;
        this.reports = reports;
        this.photos = photos;
    }

    record ReportRequest(ReportChannel channel, String categoryCode, String description, Double lon, Double lat,
                         String areaCode, String address, String reporterName, String reporterPhone,
                         List<SubmitReport.AttachedPhoto> photos, Boolean solvedOnSpot, ReportSubject subject) {
        SubmitReport toCommand() {
            return new SubmitReport(channel == null ? ReportChannel.API : channel, categoryCode, description, lon,
                    lat, areaCode, address, reporterName, reporterPhone, photos, Boolean.TRUE.equals(solvedOnSpot),
                    subject == null ? null : new ReportSubject(subject.kind(), subject.ref()));
        }
    }

    record ReportResponse(long id, String status, String areaCode, String gridName, Instant receivedAt,
                          Instant acceptDue, boolean replayed, List<Submission.Similar> duplicates) {
        static ReportResponse of(Submission s) {
            ReportView r = s.report();
            return new ReportResponse(r.id(), r.status().name(), r.areaCode(), r.gridName(), r.receivedAt(),
                    r.acceptDue(), s.replayed(), s.duplicates());
        }
    }

    @PostMapping("/reports")
    ResponseEntity<ReportResponse> submit(@RequestBody(required = false) ReportRequest body,
                                          @RequestHeader(name = "Idempotency-Key", required = false) String key) {
        if (body == null) {
            throw new InvalidRequestException("Send the report as JSON");
        }
        Submission s = intake.submit(body.toCommand(), key);
        ReportResponse response = ReportResponse.of(s);
        if (s.replayed()) {
            return ResponseEntity.ok().header("Idempotent-Replayed", "true").body(response);
        }
        return ResponseEntity.created(URI.create("/api/reports/" + s.report().id())).body(response);
    }

    @GetMapping("/reports/{id}")
    ReportView report(@PathVariable long id) {
        return reports.find(id, policy.scope(IntakePermission.READ));
    }

    record ContactRequest(String reason) {
    }

    /** The reporter's name and phone in clear for the call-back (回访): needs a reason, audited. */
    @PostMapping("/reports/{id}/contact")
    Reports.Contact contact(@PathVariable long id, @RequestBody(required = false) ContactRequest body) {
        return reports.revealContact(id, body == null ? null : body.reason());
    }

    @PostMapping(value = "/photos", consumes = org.springframework.http.MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<PhotoRef> upload(@RequestParam("file") MultipartFile file) throws IOException {
        if (file == null || file.isEmpty()) {
            throw new InvalidRequestException("Send the photo as the multipart field 'file'");
        }
        policy.checkHeld(IntakePermission.UPLOAD_PHOTO);
        return ResponseEntity.status(HttpStatus.CREATED).body(photos.upload(file.getBytes()));
    }

    static UUID uuid(String s) {
        try {
            return UUID.fromString(s);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("Not a photo id: " + s);
        }
    }
}
