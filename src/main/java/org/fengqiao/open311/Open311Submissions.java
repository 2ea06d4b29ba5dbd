package org.fengqiao.open311;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.fengqiao.audit.AuditTrail;
import org.fengqiao.cases.Category;
import org.fengqiao.intake.ReportChannel;
import org.fengqiao.intake.ReportIntake;
import org.fengqiao.intake.Submission;
import org.fengqiao.intake.SubmitReport;
import org.fengqiao.platform.ConflictException;
import org.fengqiao.platform.InvalidRequestException;
import org.fengqiao.publicchannel.PublicCodes;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import static org.fengqiao.open311.Open311Catalogue.label;
import static org.fengqiao.open311.Open311Params.INTAKE_DESCRIPTION;
import static org.fengqiao.open311.Open311Params.MAX_DESCRIPTION;
import static org.fengqiao.open311.Open311Params.abbreviate;
import static org.fengqiao.open311.Open311Params.abbreviateTo;
import static org.fengqiao.open311.Open311Params.join;
import static org.fengqiao.open311.Open311Params.number;

/** Open311 POST requests: every one goes through intake's one submit path ({@link ReportIntake#submitPublic}). */
@Service
class Open311Submissions {

    private final JdbcClient jdbc;
    private final Open311Catalogue services;
    private final ReportIntake intake;
    private final PublicCodes codes;
    private final ApiKeys keys;
    private final org.fengqiao.intake.Photos photos;
    private final org.fengqiao.geography.AreaDirectory areas;
    private final AuditTrail audit;
    private final Clock clock;
    private final String defaultArea;

    Open311Submissions(JdbcClient jdbc, Open311Catalogue services, ReportIntake intake, PublicCodes codes,
                       ApiKeys keys, org.fengqiao.intake.Photos photos, org.fengqiao.geography.AreaDirectory areas,
                       AuditTrail audit, Clock clock,
                       @Value("${fengqiao.open311.default-area:440784}") String defaultArea) {
        this.jdbc = jdbc;
        this.services = services;
        this.intake = intake;
        this.codes = codes;
        this.keys = keys;
        this.photos = photos;
        this.areas = areas;
        this.audit = audit;
        this.clock = clock;
        this.defaultArea = defaultArea;
    }

    record Created(String serviceRequestId, String token, String serviceNotice) {
    }

    static final int MAX_PHOTOS = 3;
    static final int MAX_PHOTO_BYTES = 5 * 1024 * 1024;

    @Transactional
    Created create(Open311Form form) {
        return create(form, List.of());
    }

    /** A POST, with the photos of a multipart body (checked by content through intake's Photos). */
    @Transactional
    Created create(Open311Form form, List<byte[]> photoFiles) {
        ApiKeys.Key key = keys.require(form.one("api_key"));
        services.checkJurisdiction(form.one("jurisdiction_id"));
        Category service = services.service(form.one("service_code"));
        List<String> problems = new ArrayList<>();

        // location: lat+long, address_string or address_id
        Double lat = number(form.one("lat"), "lat", problems);
        Double lon = number(form.one("long"), "long", problems);
        if ((lat == null) != (lon == null) && problems.isEmpty()) {
            problems.add("lat and long must be given together");
        }
        String addressString = form.one("address_string");
        String addressId = form.one("address_id");
        if (lat == null && lon == null && addressString == null && addressId == null && problems.isEmpty()) {
            problems.add("a location is required: lat and long, address_string or address_id");
        }
        String area = null;
        if (addressId != null) {
            area = resolveAddressId(addressId);
            if (area == null) {
                problems.add("address_id " + addressId + " is neither a door-plate code nor an area code here");
            }
        }
        if (area == null) {
            area = defaultArea();
        }

        String description = form.one("description");
        if (description != null && description.length() > MAX_DESCRIPTION) {
            problems.add("description may have at most " + MAX_DESCRIPTION + " characters");
        }
        Map<String, Object> attributeValues = attributeValues(form, service.code(), problems);
        List<String> media = form.all("media_url");
        for (String m : media) {
            if (m.length() > 500 || !(m.startsWith("http://") || m.startsWith("https://"))) {
                problems.add("media_url must be an http(s) URL of at most 500 characters: " + abbreviate(m));
            }
        }
        if (media.size() > 9) {
            problems.add("at most 9 media_url values");
        }
        if (photoFiles.size() > MAX_PHOTOS) {
            problems.add("at most " + MAX_PHOTOS + " uploaded photos");
        }
        if (photoFiles.stream().anyMatch(b -> b.length > MAX_PHOTO_BYTES)) {
            problems.add("an uploaded photo may have at most 5 MB");
        }
        if (!problems.isEmpty()) {
            throw Open311Exception.badRequest(problems.toArray(String[]::new));
        }

        String reporterName = join(form.one("first_name"), form.one("last_name"));
        String ownText = description == null || description.isBlank() ? null : description.strip();
        String text = intakeText(service, ownText, attributeValues, media);
        String idempotencyKey = null;
        Object fmsId = attributeValues.get("fixmystreet_id");
        if (fmsId instanceof String s && s.matches("[A-Za-z0-9._:-]{1,60}")) {
            idempotencyKey = "fms-" + s;
        }
        Submission submission;
        List<SubmitReport.AttachedPhoto> attached = new ArrayList<>();
        String client = "open311:" + key.id();
        try {
            // recorded as this key's uploads; intake attaches them to the report like staff photos
            for (byte[] f : photoFiles) {
                attached.add(new SubmitReport.AttachedPhoto(photos.uploadFor(client, f).id(),
                        org.fengqiao.intake.PhotoRole.EVIDENCE));
            }
            submission = intake.submitPublic(new SubmitReport(ReportChannel.OPEN311, service.code(), text, lon, lat,
                    area, addressString == null ? null : abbreviateTo(addressString, 200), reporterName,
                    form.one("phone"), attached, false), idempotencyKey, client);
        } catch (InvalidRequestException e) {
            throw Open311Exception.badRequest(e.getMessage());
        } catch (ConflictException e) {
            throw Open311Exception.badRequest(e.getMessage());
        }
        long reportId = submission.report().id();
        String token = "batch".equals(Open311Catalogue.type(service))
                ? "t-" + UUID.randomUUID().toString().replace("-", "") : null;
        if (!submission.replayed()) {
            // the description lives in intake's report (its first description_chars characters); no copy here
            jdbc.sql("""
                            insert into open311_request (report_id, api_key_id, token, attributes, media_urls,
                                                         address_id, description_chars, created_at)
                            values (?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(reportId, key.id(), token, org.fengqiao.open311.internal.Wire.json(attributeValues),
                            media.toArray(String[]::new), addressId, ownText == null ? null : ownText.length(),
                            OffsetDateTime.now(clock))
                    .update();
            audit.record("open311:" + key.name(), "OPEN311_REQUEST_CREATED", "report:" + reportId,
                    "key " + key.id() + " service " + service.code(), AuditTrail.Outcome.SUCCESS);
        } else {
            token = jdbc.sql("select token from open311_request where report_id = ?").param(reportId)
                    .query(String.class).optional().orElse(token);
        }
        return new Created(token == null ? String.valueOf(reportId) : null, token, services.notice(service));
    }

    private String defaultArea() {
        List<org.fengqiao.geography.AreaView> counties = areas.counties();
        return counties.stream().map(org.fengqiao.geography.AreaView::code).filter(defaultArea::equals).findFirst()
                .or(() -> counties.stream().map(org.fengqiao.geography.AreaView::code).findFirst())
                .orElseThrow(() -> Open311Exception.badRequest("the jurisdiction has no area yet"));
    }

    private String resolveAddressId(String addressId) {
        Optional<org.fengqiao.publicchannel.PublicCode> code = codes.find(addressId);
        if (code.isPresent()) {
            return code.get().areaCode();
        }
        if (addressId.matches("\\d{6,24}")) {
            return areas.find(addressId).filter(a -> !a.retired()).map(org.fengqiao.geography.AreaView::code)
                    .orElse(null);
        }
        return null;
    }

    private Map<String, Object> attributeValues(Open311Form form, String serviceCode, List<String> problems) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> e : form.params().entrySet()) {
            String k = e.getKey();
            if (!k.startsWith("attribute[") || !k.contains("]")) {
                continue;
            }
            String code = k.substring("attribute[".length(), k.indexOf(']'));
            boolean multi = k.endsWith("[]") && k.indexOf(']') < k.length() - 2;
            List<String> v = form.all(k);
            if (v.isEmpty() || code.isBlank()) {
                continue;
            }
            values.put(code, multi || v.size() > 1 ? v : v.get(0));
        }
        for (Open311Catalogue.Attribute a : services.attributes(serviceCode)) {
            if (!a.variable()) {
                values.remove(a.code());
                continue;
            }
            Object v = values.get(a.code());
            if (v == null) {
                if (a.required()) {
                    problems.add("attribute[" + a.code() + "] is required");
                }
                continue;
            }
            List<String> given = v instanceof List<?> l ? l.stream().map(String::valueOf).toList()
                    : List.of((String) v);
            Set<String> keys = new LinkedHashSet<>(a.values().stream().map(x -> x[0]).toList());
            switch (a.datatype()) {
                case "number" -> given.forEach(g -> number(g, "attribute[" + a.code() + "]", problems));
                case "datetime" -> given.forEach(g -> {
                    try {
                        OffsetDateTime.parse(g);
                    } catch (DateTimeParseException ex) {
                        problems.add("attribute[" + a.code() + "] must be an ISO 8601 date-time with a zone");
                    }
                });
                case "singlevaluelist" -> {
                    if (given.size() != 1 || !keys.contains(given.get(0))) {
                        problems.add("attribute[" + a.code() + "] must be one of " + keys);
                    }
                }
                case "multivaluelist" -> {
                    if (!keys.containsAll(given)) {
                        problems.add("attribute[" + a.code() + "][] values must be among " + keys);
                    }
                    values.put(a.code(), given);
                }
                default -> {
                    if (given.size() != 1) {
                        problems.add("attribute[" + a.code() + "] takes one value");
                    }
                }
            }
        }
        return values;
    }

    /**
     * The report's text for intake: the client's whole description (never cut: intake takes Open311's 4000), then,
     * as far as they fit, the answers to the service's questions and the media links for staff to read (they are
     * also kept whole in open311_request).
     */
    private String intakeText(Category service, String description, Map<String, Object> attrs, List<String> media) {
        StringBuilder sb = new StringBuilder(description == null ? service.name() : description);
        List<String> extra = new ArrayList<>();
        List<Open311Catalogue.Attribute> defs = services.attributes(service.code());
        for (Open311Catalogue.Attribute a : defs) {
            Object v = attrs.get(a.code());
            if (v != null) {
                String shown = v instanceof List<?> l ? String.join("、", l.stream().map(x -> label(a, (String) x))
                        .toList()) : label(a, (String) v);
                extra.add(a.description() + ": " + shown);
            }
        }
        extra.addAll(media);
        for (String line : extra) {
            if (sb.length() + 1 + line.length() > INTAKE_DESCRIPTION) {
                break;
            }
            sb.append('\n').append(line);
        }
        return sb.toString();
    }

    Map<String, Object> token(String token) {
        record Row(long reportId, String token) {
        }
        Row row = jdbc.sql("select report_id, token from open311_request where token = ?").param(token)
                .query(Row.class).optional()
                .orElseThrow(() -> Open311Exception.notFound("token " + token + " not found"));
        return org.fengqiao.open311.internal.Wire.obj("service_request_id", String.valueOf(row.reportId()),
                "token", row.token());
    }
}
