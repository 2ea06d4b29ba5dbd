package org.fengqiao.open311;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.fengqiao.audit.AuditTrail;
import org.fengqiao.cases.CaseManagement;
import org.fengqiao.publicchannel.PublicProgress;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import static org.fengqiao.open311.Open311Params.MAX_DESCRIPTION;
import static org.fengqiao.open311.Open311Params.MAX_RANGE;
import static org.fengqiao.open311.Open311Params.PUBLISHED_CHANNELS;
import static org.fengqiao.open311.Open311Params.abbreviateTo;
import static org.fengqiao.open311.Open311Params.date;
import static org.fengqiao.open311.Open311Params.format;
import static org.fengqiao.open311.Open311Params.ts;

/** Open311 servicerequestupdates: the public steps of published requests, and updates partner systems post. */
@Service
class Open311Updates {

    private final JdbcClient jdbc;
    private final Open311Catalogue services;
    private final Open311Requests requests;
    private final PublicProgress progress;
    private final ApiKeys keys;
    private final CaseManagement cases;
    private final AuditTrail audit;
    private final Clock clock;

    Open311Updates(JdbcClient jdbc, Open311Catalogue services, Open311Requests requests, PublicProgress progress,
                   ApiKeys keys, CaseManagement cases, AuditTrail audit, Clock clock) {
        this.jdbc = jdbc;
        this.services = services;
        this.requests = requests;
        this.progress = progress;
        this.keys = keys;
        this.cases = cases;
        this.audit = audit;
        this.clock = clock;
    }

    static final Map<String, String> MYSOCIETY_STATUS = Map.ofEntries(
            Map.entry("RECEIVED", "OPEN"), Map.entry("PENDING", "OPEN"), Map.entry("ACCEPTED", "INVESTIGATING"),
            Map.entry("REGISTERED", "INVESTIGATING"), Map.entry("DISPATCHED", "ACTION_SCHEDULED"),
            Map.entry("RETURNED", "INTERNAL_REFERRAL"), Map.entry("IN_PROGRESS", "IN_PROGRESS"),
            Map.entry("FED_BACK", "IN_PROGRESS"), Map.entry("REWORK", "IN_PROGRESS"),
            Map.entry("BACKLOG", "ACTION_SCHEDULED"), Map.entry("MEDIATION", "INTERNAL_REFERRAL"),
            Map.entry("SUPERVISED", "IN_PROGRESS"), Map.entry("CLOSED", "FIXED"),
            Map.entry("SOLVED_ON_SPOT", "FIXED"), Map.entry("REJECTED", "NO_FURTHER_ACTION"),
            Map.entry("MERGED", "DUPLICATE"));

    List<Map<String, Object>> updates(Open311Form f) {
        services.checkJurisdiction(f.one("jurisdiction_id"));
        List<String> problems = new ArrayList<>();
        Instant start = date(f.one("start_date"), "start_date", problems);
        Instant end = date(f.one("end_date"), "end_date", problems);
        if (!problems.isEmpty()) {
            throw Open311Exception.badRequest(problems.toArray(String[]::new));
        }
        Instant now = Instant.now(clock);
        if (end == null) {
            end = now;
        }
        if (start == null) {
            start = end.minus(Duration.ofDays(1));
        }
        if (end.isBefore(start) || Duration.between(start, end).compareTo(MAX_RANGE) > 0) {
            throw Open311Exception.badRequest("start_date must precede end_date by at most 90 days");
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (PublicProgress.Progress p : progress.ofReports(progress.changedBetween(PUBLISHED_CHANNELS, start, end,
                5000), PUBLISHED_CHANNELS)) {
            String status = "OPEN";
            for (PublicProgress.Step s : p.steps()) {
                if (!"NOTE".equals(s.code())) {
                    status = MYSOCIETY_STATUS.getOrDefault(s.code(), status);
                }
                if (s.at().isBefore(start) || s.at().isAfter(end)) {
                    continue;
                }
                String updateId = s.id() == 0 || s.code().equals(p.reportStatus().name())
                        ? "r" + p.reportId() + "-" + s.code() : "c" + s.id();
                out.add(org.fengqiao.open311.internal.Wire.obj(
                        "update_id", updateId,
                        "service_request_id", String.valueOf(p.reportId()),
                        "status", status,
                        "updated_datetime", format(s.at()),
                        "description", s.note() != null ? s.note() : services.state(s.code()),
                        "media_url", null,
                        "external_status_code", s.code()));
            }
        }
        for (Open311Requests.ClientUpdate u : requests.clientUpdates(null, start, end)) {
            out.add(org.fengqiao.open311.internal.Wire.obj("update_id", "u" + u.id(),
                    "service_request_id", String.valueOf(u.reportId()), "status", u.status(),
                    "updated_datetime", format(u.updatedAt()), "description", u.description(),
                    "media_url", u.mediaUrl(), "external_status_code", "CLIENT_UPDATE"));
        }
        return out;
    }

    static final Set<String> UPDATE_STATUSES = Set.of("OPEN", "CLOSED", "FIXED", "IN_PROGRESS", "ACTION_SCHEDULED",
            "INVESTIGATING", "DUPLICATE", "NOT_COUNCILS_RESPONSIBILITY", "NO_FURTHER_ACTION", "INTERNAL_REFERRAL",
            "FOR_TRIAGE", "CANCELLED", "REOPEN");

    @Transactional
    String postUpdate(Open311Form f) {
        ApiKeys.Key key = keys.require(f.one("api_key"));
        services.checkJurisdiction(f.one("jurisdiction_id"));
        List<String> problems = new ArrayList<>();
        String id = f.one("service_request_id");
        String status = f.one("status");
        Instant at = date(f.one("updated_datetime"), "updated_datetime", problems);
        String description = f.one("description");
        if (id == null) {
            problems.add("service_request_id is required");
        }
        if (status == null || !UPDATE_STATUSES.contains(status.toUpperCase(Locale.ROOT))) {
            problems.add("status is required, one of " + UPDATE_STATUSES);
        }
        if (f.one("updated_datetime") == null) {
            problems.add("updated_datetime is required");
        }
        if (description != null && description.length() > MAX_DESCRIPTION) {
            problems.add("description may have at most " + MAX_DESCRIPTION + " characters");
        }
        String media = f.one("media_url");
        if (media != null && (media.length() > 500 || !media.matches("https?://.+"))) {
            problems.add("media_url must be an http(s) URL of at most 500 characters");
        }
        if (!problems.isEmpty()) {
            throw Open311Exception.badRequest(problems.toArray(String[]::new));
        }
        long reportId = id.matches("\\d{1,18}") ? Long.parseLong(id) : -1;
        Optional<PublicProgress.Progress> current = requests.progress(reportId);
        if (current.isEmpty()) {
            throw Open311Exception.notFound("service_request_id " + id + " not found");
        }
        long updateId = jdbc.sql("""
                        insert into open311_update (report_id, api_key_id, client_update_id, status, description,
                                                    media_url, updated_at, received_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?) returning id""")
                .params(reportId, key.id(), f.one("update_id"), status.toUpperCase(Locale.ROOT), description, media,
                        ts(at), OffsetDateTime.now(clock))
                .query(Long.class).single();
        // staff see it on the case's timeline: an internal note attributed to the key's client (a report not yet
        // accepted as a case has no timeline; its updates stay in this feed and the request's notes)
        if (current.get().caseId() != null) {
            String actor = abbreviateTo("open311:" + key.id() + " " + key.name(), 64);
            String note = "Open311 " + status.toUpperCase(Locale.ROOT)
                    + (description == null || description.isBlank() ? "" : ": " + description.strip());
            cases.recordClientNote(current.get().caseId(), actor, abbreviateTo(note, 4000));
        }
        audit.record("open311:" + key.name(), "OPEN311_UPDATE_POSTED", "report:" + reportId,
                "key " + key.id() + " status " + status, AuditTrail.Outcome.SUCCESS);
        return "u" + updateId;
    }
}
