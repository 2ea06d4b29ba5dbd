package org.fengqiao.open311;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.fengqiao.audit.AuditTrail;
import org.fengqiao.cases.CaseManagement;
import org.fengqiao.cases.Category;
import org.fengqiao.cases.CategoryCatalogue;
import org.fengqiao.intake.ReportChannel;
import org.fengqiao.intake.ReportIntake;
import org.fengqiao.intake.Submission;
import org.fengqiao.intake.SubmitReport;
import org.fengqiao.platform.ConflictException;
import org.fengqiao.platform.DataScope;
import org.fengqiao.platform.InvalidRequestException;
import org.fengqiao.publicchannel.PublicCodes;
import org.fengqiao.publicchannel.PublicProgress;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Open311 GeoReport v2 on top of intake (every POST goes through {@link ReportIntake#submitPublic}) and cases
 * (status, agency, expected time and the public timeline through {@link PublicProgress}).
 */
@Service
class Open311Service {

    static final ZoneId ZONE = org.fengqiao.platform.CountyTime.ZONE;
    static final DateTimeFormatter W3C = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");
    static final int MAX_DESCRIPTION = 4000;
    /** Intake keeps the whole description (its limit is Open311's), so no copy is kept here. */
    static final int INTAKE_DESCRIPTION = SubmitReport.MAX_DESCRIPTION;
    static final int DEFAULT_LIMIT = 1000;
    static final Duration MAX_RANGE = Duration.ofDays(90);
    /** Only reports that arrived through a public channel are published by the unauthenticated GETs. */
    static final List<String> PUBLISHED_CHANNELS = List.of("QR", "OPEN311");

    private final JdbcClient jdbc;
    private final CategoryCatalogue catalogue;
    private final ReportIntake intake;
    private final PublicProgress progress;
    private final PublicCodes codes;
    private final ApiKeys keys;
    private final org.fengqiao.intake.Photos photos;
    private final org.fengqiao.geography.AreaDirectory areas;
    private final org.fengqiao.publicchannel.PublicReports publicReports;
    private final CaseManagement cases;
    private final AuditTrail audit;
    private final MessageSource messages;
    private final Clock clock;
    private final String jurisdictionId;
    private final String defaultArea;

    Open311Service(JdbcClient jdbc, CategoryCatalogue catalogue, ReportIntake intake, PublicProgress progress,
                   PublicCodes codes, ApiKeys keys, org.fengqiao.intake.Photos photos, CaseManagement cases,
                   org.fengqiao.geography.AreaDirectory areas, org.fengqiao.publicchannel.PublicReports publicReports,
                   AuditTrail audit,
                   MessageSource messages, Clock clock,
                   @Value("${fengqiao.open311.jurisdiction-id:fengqiao}") String jurisdictionId,
                   @Value("${fengqiao.open311.default-area:440784}") String defaultArea) {
        this.jdbc = jdbc;
        this.catalogue = catalogue;
        this.intake = intake;
        this.progress = progress;
        this.codes = codes;
        this.keys = keys;
        this.photos = photos;
        this.areas = areas;
        this.publicReports = publicReports;
        this.cases = cases;
        this.audit = audit;
        this.messages = messages;
        this.clock = clock;
        this.jurisdictionId = jurisdictionId;
        this.defaultArea = defaultArea;
    }

    String jurisdictionId() {
        return jurisdictionId;
    }

    /** A missing or empty jurisdiction_id is fine (one jurisdiction); another one does not exist here. */
    void checkJurisdiction(String given) {
        if (given != null && !given.isBlank() && !given.strip().equalsIgnoreCase(jurisdictionId)) {
            throw Open311Exception.notFound("jurisdiction_id " + given.strip() + " not found; this endpoint serves "
                    + jurisdictionId);
        }
    }

    /** The time of the last change to services or their definitions. */
    String changeset() {
        Instant catalogueChange = catalogue.lastChange().orElse(Instant.EPOCH);
        Instant attributeChange = jdbc.sql("select max(updated_at) from open311_attribute")
                .query(OffsetDateTime.class).optional().map(OffsetDateTime::toInstant).orElse(Instant.EPOCH);
        return format(catalogueChange.isAfter(attributeChange) ? catalogueChange : attributeChange);
    }

    // ---- services ----

    record Attribute(String serviceCode, String code, boolean variable, String datatype, boolean required,
                     String datatypeDescription, int order, String description, String descriptionEn,
                     List<String[]> values) {
    }

    List<Map<String, Object>> services() {
        Set<String> withMetadata = new LinkedHashSet<>(jdbc.sql(
                "select distinct service_code from open311_attribute").query(String.class).list());
        List<Map<String, Object>> out = new ArrayList<>();
        for (Category c : catalogue.active()) {
            out.add(org.fengqiao.open311.internal.Wire.obj(
                    "service_code", c.code(),
                    "service_name", c.label(locale()),
                    "description", serviceDescription(c),
                    "metadata", withMetadata.contains(c.code()),
                    "type", type(c),
                    "keywords", keywords(c),
                    "group", c.groupCode()));
        }
        return out;
    }

    static String type(Category c) {
        // disputes are triaged (mediation first) before anything is promised: the POST answers with a token
        return c.dispute() ? "batch" : "realtime";
    }

    private String serviceDescription(Category c) {
        String other = "en".equals(locale().getLanguage()) ? c.name() : c.nameEn();
        String cond = c.intakeConditions() == null || c.intakeConditions().isBlank() ? "" : " — "
                + c.intakeConditions();
        return other + cond;
    }

    private static String keywords(Category c) {
        Set<String> k = new LinkedHashSet<>();
        k.add(c.name());
        for (String w : c.nameEn().toLowerCase(Locale.ROOT).split("[^a-z]+")) {
            if (w.length() > 3) {
                k.add(w);
            }
        }
        k.add(c.groupCode().toLowerCase(Locale.ROOT));
        return String.join(",", k);
    }

    Category service(String code) {
        if (code == null || code.isBlank()) {
            throw Open311Exception.badRequest("service_code is required");
        }
        return catalogue.find(code.strip()).filter(Category::active)
                .orElseThrow(() -> Open311Exception.notFound("service_code " + code.strip() + " not found"));
    }

    List<Attribute> attributes(String serviceCode) {
        return jdbc.sql("""
                        select service_code, code, variable, datatype, required, datatype_description, ordinal,
                               description, description_en, list_values
                        from open311_attribute where service_code = ? order by ordinal""")
                .param(serviceCode)
                .query((rs, n) -> new Attribute(rs.getString(1), rs.getString(2), rs.getBoolean(3), rs.getString(4),
                        rs.getBoolean(5), rs.getString(6), rs.getInt(7), rs.getString(8), rs.getString(9),
                        values(rs.getString(10))))
                .list();
    }

    private static List<String[]> values(String s) {
        List<String[]> out = new ArrayList<>();
        if (s != null && !s.isBlank()) {
            for (String pair : s.split("\\|")) {
                int eq = pair.indexOf('=');
                out.add(new String[] {pair.substring(0, eq), pair.substring(eq + 1)});
            }
        }
        return out;
    }

    Map<String, Object> definition(String serviceCode) {
        Category c = service(serviceCode);
        List<Map<String, Object>> attrs = new ArrayList<>();
        boolean en = "en".equals(locale().getLanguage());
        for (Attribute a : attributes(c.code())) {
            Map<String, Object> m = org.fengqiao.open311.internal.Wire.obj(
                    "variable", a.variable(), "code", a.code(), "datatype", a.datatype(), "required", a.required(),
                    "datatype_description", a.datatypeDescription(), "order", a.order(),
                    "description", en ? a.descriptionEn() : a.description());
            if (a.datatype().endsWith("valuelist")) {
                m.put("values", new org.fengqiao.open311.internal.Wire.Rep("value", a.values().stream()
                        .map(v -> org.fengqiao.open311.internal.Wire.obj("key", v[0], "name", v[1])).toList()));
            }
            attrs.add(m);
        }
        return org.fengqiao.open311.internal.Wire.obj("service_code", c.code(),
                "attributes", new org.fengqiao.open311.internal.Wire.Rep("attribute", attrs));
    }

    // ---- POST requests ----

    /** The parsed body of a POST: single values, and every value of repeated keys. */
    record Form(Map<String, List<String>> params) {
        String one(String key) {
            List<String> v = params.get(key);
            if (v == null || v.isEmpty()) {
                return null;
            }
            String s = v.get(0);
            return s == null || s.isBlank() ? null : s.strip();
        }

        List<String> all(String key) {
            return params.getOrDefault(key, List.of()).stream().filter(s -> s != null && !s.isBlank())
                    .map(String::strip).toList();
        }
    }

    record Created(String serviceRequestId, String token, String serviceNotice) {
    }

    ApiKeys.Key requireKey(String apiKey) {
        if (apiKey == null || apiKey.isBlank()) {
            throw Open311Exception.forbidden("api_key is missing");
        }
        return keys.authenticate(apiKey).orElseThrow(() -> Open311Exception.forbidden("api_key is invalid or revoked"));
    }

    static final int MAX_PHOTOS = 3;
    static final int MAX_PHOTO_BYTES = 5 * 1024 * 1024;

    @Transactional
    Created create(Form form) {
        return create(form, List.of());
    }

    /** A POST, with the photos of a multipart body (checked by content through intake's Photos). */
    @Transactional
    Created create(Form form, List<byte[]> photoFiles) {
        ApiKeys.Key key = requireKey(form.one("api_key"));
        checkJurisdiction(form.one("jurisdiction_id"));
        Category service = service(form.one("service_code"));
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
        String token = "batch".equals(type(service)) ? "t-" + UUID.randomUUID().toString().replace("-", "") : null;
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
        return new Created(token == null ? String.valueOf(reportId) : null, token, notice(service));
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

    private Map<String, Object> attributeValues(Form form, String serviceCode, List<String> problems) {
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
        for (Attribute a : attributes(serviceCode)) {
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
        List<Attribute> defs = attributes(service.code());
        for (Attribute a : defs) {
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

    private static String label(Attribute a, String key) {
        return a.values().stream().filter(v -> v[0].equals(key)).map(v -> v[1]).findFirst().orElse(key);
    }

    String notice(Category c) {
        return messages.getMessage("open311.notice", new Object[] {
                limit(c.accept()), limit(c.handle())}, locale());
    }

    private String limit(org.fengqiao.cases.DeadlineRule r) {
        return messages.getMessage("open311.unit." + r.unit().name(), new Object[] {r.amount()}, locale());
    }

    // ---- tokens ----

    Map<String, Object> token(String token) {
        record Row(long reportId, String token) {
        }
        Row row = jdbc.sql("select report_id, token from open311_request where token = ?").param(token)
                .query(Row.class).optional()
                .orElseThrow(() -> Open311Exception.notFound("token " + token + " not found"));
        return org.fengqiao.open311.internal.Wire.obj("service_request_id", String.valueOf(row.reportId()),
                "token", row.token());
    }

    // ---- GET requests ----

    record Query(List<String> ids, List<String> serviceCodes, Instant start, Instant end, Set<String> statuses,
                 int limit, int offset) {
    }

    Query query(Form f) {
        checkJurisdiction(f.one("jurisdiction_id"));
        List<String> problems = new ArrayList<>();
        List<String> ids = split(f.one("service_request_id"));
        List<String> codes = split(f.one("service_code"));
        Instant start = date(f.one("start_date"), "start_date", problems);
        Instant end = date(f.one("end_date"), "end_date", problems);
        Set<String> statuses = new LinkedHashSet<>();
        for (String s : split(f.one("status"))) {
            String st = s.toLowerCase(Locale.ROOT);
            if (!st.equals("open") && !st.equals("closed")) {
                problems.add("status must be open and/or closed, not " + s);
            }
            statuses.add(st);
        }
        int pageSize = intParam(f.one("page_size"), "page_size", problems, DEFAULT_LIMIT);
        int maxRequests = intParam(f.one("max_requests"), "max_requests", problems, DEFAULT_LIMIT);
        int page = intParam(f.one("page"), "page", problems, 1);
        if (!problems.isEmpty()) {
            throw Open311Exception.badRequest(problems.toArray(String[]::new));
        }
        Instant now = Instant.now(clock);
        if (start == null && end == null) {
            end = now;
            start = now.minus(MAX_RANGE);
        } else if (start == null) {
            start = end.minus(MAX_RANGE);
        } else if (end == null) {
            end = start.plus(MAX_RANGE).isAfter(now) ? now : start.plus(MAX_RANGE);
        }
        if (end.isBefore(start)) {
            throw Open311Exception.badRequest("end_date is before start_date");
        }
        if (Duration.between(start, end).compareTo(MAX_RANGE) > 0) {
            throw Open311Exception.badRequest("the date range may not exceed 90 days");
        }
        int limit = Math.max(1, Math.min(DEFAULT_LIMIT, Math.min(pageSize, maxRequests)));
        return new Query(ids, codes, start, end, statuses, limit, (Math.max(page, 1) - 1) * limit);
    }

    /** Ids of published reports matching the query, newest first. */
    List<Long> find(Query q) {
        if (!q.ids().isEmpty()) {
            List<Long> ids = q.ids().stream().filter(s -> s.matches("\\d{1,18}")).map(Long::valueOf).toList();
            if (ids.isEmpty()) {
                return List.of();
            }
            return progress.ofReports(ids.stream().sorted(java.util.Comparator.reverseOrder()).toList(),
                    PUBLISHED_CHANNELS).stream().map(PublicProgress.Progress::reportId).toList();
        }
        boolean open = q.statuses().isEmpty() || q.statuses().contains("open");
        boolean closed = q.statuses().isEmpty() || q.statuses().contains("closed");
        return progress.search(PUBLISHED_CHANNELS, q.start(), q.end(), q.serviceCodes(), open, closed, q.limit(),
                q.offset());
    }

    Optional<PublicProgress.Progress> progress(long reportId) {
        return progress.ofReports(List.of(reportId), PUBLISHED_CHANNELS).stream().findFirst();
    }

    /**
     * What Open311 keeps beside intake's report.
     *
     * @param description      the client's description, kept only by requests made before intake took 4000
     *                         characters (V952); newer ones read it from intake
     * @param descriptionChars how many leading characters of intake's description are the client's own
     */
    record Stored(String attributes, String[] mediaUrls, String addressId, String description,
                  Integer descriptionChars) {

        String descriptionOf(PublicProgress.Progress p) {
            if (description != null) {
                return description;
            }
            if (descriptionChars != null && p.description() != null && descriptionChars <= p.description().length()) {
                return p.description().substring(0, descriptionChars);
            }
            return p.description();
        }
    }

    Optional<Stored> stored(long reportId) {
        return jdbc.sql("select attributes, media_urls, address_id, description, description_chars"
                        + " from open311_request where report_id = ?").param(reportId)
                .query((rs, n) -> new Stored(rs.getString(1), (String[]) rs.getArray(2).getArray(), rs.getString(3),
                        rs.getString(4), rs.getObject(5, Integer.class)))
                .optional();
    }

    String publicCode(long reportId) {
        return publicReports.plateOf(reportId).orElse(null);
    }

    Map<String, Object> request(PublicProgress.Progress p, boolean extensions) {
        Category c = catalogue.find(p.categoryCode()).orElse(null);
        Stored s = stored(p.reportId()).orElse(null);
        String addressId = s != null && s.addressId() != null ? s.addressId() : publicCode(p.reportId());
        String media = s != null && s.mediaUrls().length > 0 ? s.mediaUrls()[0] : null;
        Map<String, Object> m = org.fengqiao.open311.internal.Wire.obj(
                "service_request_id", String.valueOf(p.reportId()),
                "status", p.open() ? "open" : "closed",
                "status_notes", state(p.platformState()),
                "service_name", c == null ? p.categoryCode() : c.label(locale()),
                "service_code", p.categoryCode(),
                "description", s != null ? s.descriptionOf(p) : p.description(),
                "agency_responsible", p.agency(),
                "service_notice", c == null ? null : notice(c),
                "requested_datetime", format(p.receivedAt()),
                "updated_datetime", format(p.open() ? p.updatedAt() : (p.closedAt() != null ? p.closedAt()
                        : p.updatedAt())),
                "expected_datetime", p.expectedAt() == null ? null : format(p.expectedAt()),
                "address", p.address(),
                "address_id", addressId == null ? p.areaCode() : addressId,
                "zipcode", null,
                "lat", p.lat(),
                "long", p.lon(),
                "media_url", media);
        if (extensions) {
            List<Map<String, Object>> attrs = new ArrayList<>();
            if (s != null && s.attributes() != null && c != null) {
                Map<String, Attribute> defs = new LinkedHashMap<>();
                attributes(c.code()).forEach(a -> defs.put(a.code(), a));
                for (Map.Entry<String, Object> e : parseAttributes(s.attributes()).entrySet()) {
                    Attribute a = defs.get(e.getKey());
                    String value = e.getValue() instanceof List<?> l ? String.join(",", l.stream()
                            .map(String::valueOf).toList()) : String.valueOf(e.getValue());
                    attrs.add(org.fengqiao.open311.internal.Wire.obj(
                            "label", a == null ? e.getKey() : a.description(),
                            "name", a == null ? value : (e.getValue() instanceof List<?> l
                                    ? String.join("、", l.stream().map(x -> label(a, (String) x)).toList())
                                    : label(a, value)),
                            "value", value, "code", e.getKey()));
                }
            }
            m.put("attributes", new org.fengqiao.open311.internal.Wire.Rep("attribute", attrs));
            m.put("extended_attributes", org.fengqiao.open311.internal.Wire.obj(
                    "channel", p.channel(),
                    "platform_state", p.platformState(),
                    "case_number", p.caseNumber(),
                    "photo_count", p.photoIds().size(),
                    "photos", new org.fengqiao.open311.internal.Wire.Rep("photo",
                            s == null ? List.of() : List.of(s.mediaUrls()))));
            List<Map<String, Object>> notes = new ArrayList<>();
            for (PublicProgress.Step step : p.steps()) {
                notes.add(org.fengqiao.open311.internal.Wire.obj("datetime", format(step.at()),
                        "description", step.note() != null ? state(step.code()) + ": " + step.note()
                                : state(step.code()),
                        "type", step.code()));
            }
            for (ClientUpdate u : clientUpdates(p.reportId(), null, null)) {
                notes.add(org.fengqiao.open311.internal.Wire.obj("datetime", format(u.updatedAt()),
                        "description", u.description(), "type", "CLIENT_UPDATE"));
            }
            m.put("notes", new org.fengqiao.open311.internal.Wire.Rep("note", notes));
        }
        return m;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parseAttributes(String json) {
        // the stored form is our own simple JSON object of strings or string arrays
        Map<String, Object> out = new LinkedHashMap<>();
        try {
            Object parsed = tools.jackson.databind.json.JsonMapper.builder().build().readValue(json, Map.class);
            out.putAll((Map<String, Object>) parsed);
        } catch (RuntimeException e) {
            // leave empty
        }
        return out;
    }

    // ---- servicerequestupdates ----

    record ClientUpdate(long id, long reportId, String status, String description, String mediaUrl,
                        Instant updatedAt) {
    }

    List<ClientUpdate> clientUpdates(Long reportId, Instant from, Instant to) {
        return jdbc.sql("""
                        select id, report_id, status, description, media_url, updated_at from open311_update
                        where (?::bigint is null or report_id = ?)
                          and (?::timestamptz is null or received_at >= ?) and (?::timestamptz is null or received_at <= ?)
                        order by id""")
                .params(reportId, reportId, ts(from), ts(from), ts(to), ts(to))
                .query((rs, n) -> new ClientUpdate(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getObject(6, OffsetDateTime.class).toInstant()))
                .list();
    }

    private static OffsetDateTime ts(Instant i) {
        return i == null ? null : OffsetDateTime.ofInstant(i, ZONE);
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

    List<Map<String, Object>> updates(Form f) {
        checkJurisdiction(f.one("jurisdiction_id"));
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
                        "description", s.note() != null ? s.note() : state(s.code()),
                        "media_url", null,
                        "external_status_code", s.code()));
            }
        }
        for (ClientUpdate u : clientUpdates(null, start, end)) {
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
    String postUpdate(Form f) {
        ApiKeys.Key key = requireKey(f.one("api_key"));
        checkJurisdiction(f.one("jurisdiction_id"));
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
        Optional<PublicProgress.Progress> current = progress(reportId);
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

    // ---- helpers ----

    String state(String code) {
        return messages.getMessage("open311.state." + code, null, code, locale());
    }

    static Locale locale() {
        return LocaleContextHolder.getLocale();
    }

    static String format(Instant i) {
        return i == null ? null : W3C.format(i.atZone(ZONE).truncatedTo(ChronoUnit.SECONDS));
    }

    private static Double number(String s, String name, List<String> problems) {
        if (s == null) {
            return null;
        }
        try {
            double d = Double.parseDouble(s);
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new NumberFormatException();
            }
            if ((name.equals("lat") && Math.abs(d) > 90) || (name.equals("long") && Math.abs(d) > 180)) {
                problems.add(name + " is out of range");
            }
            return d;
        } catch (NumberFormatException e) {
            problems.add(name + " must be a decimal number");
            return null;
        }
    }

    private static int intParam(String s, String name, List<String> problems, int dflt) {
        if (s == null) {
            return dflt;
        }
        try {
            int v = Integer.parseInt(s);
            if (v < 1) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            problems.add(name + " must be a positive whole number");
            return dflt;
        }
    }

    /** A W3C date-time with a mandatory zone; a missing zone is an error (rule 1.4). */
    static Instant date(String s, String name, List<String> problems) {
        if (s == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(s.replace(' ', '+')).toInstant();
        } catch (DateTimeParseException e) {
            problems.add(name + " must be a W3C date-time with a zone, e.g. 2026-03-15T08:00:00+08:00 or "
                    + "2026-03-15T00:00:00Z");
            return null;
        }
    }

    private static List<String> split(String s) {
        if (s == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String p : s.split(",")) {
            if (!p.isBlank()) {
                out.add(p.strip());
            }
        }
        return out;
    }

    private static String join(String a, String b) {
        String s = ((a == null ? "" : a) + " " + (b == null ? "" : b)).strip();
        return s.isEmpty() ? null : abbreviateTo(s, 60);
    }

    private static String abbreviate(String s) {
        return abbreviateTo(s, 60);
    }

    private static String abbreviateTo(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
