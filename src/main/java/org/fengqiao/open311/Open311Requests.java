package org.fengqiao.open311;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.fengqiao.cases.Category;
import org.fengqiao.cases.CategoryCatalogue;
import org.fengqiao.publicchannel.PublicProgress;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import static org.fengqiao.open311.Open311Catalogue.label;
import static org.fengqiao.open311.Open311Params.DEFAULT_LIMIT;
import static org.fengqiao.open311.Open311Params.MAX_RANGE;
import static org.fengqiao.open311.Open311Params.PUBLISHED_CHANNELS;
import static org.fengqiao.open311.Open311Params.date;
import static org.fengqiao.open311.Open311Params.format;
import static org.fengqiao.open311.Open311Params.intParam;
import static org.fengqiao.open311.Open311Params.locale;
import static org.fengqiao.open311.Open311Params.split;
import static org.fengqiao.open311.Open311Params.ts;

/** Open311 GET requests: service requests as the public may see them, from publicchannel's tracking read model. */
@Service
class Open311Requests {

    private final JdbcClient jdbc;
    private final Open311Catalogue services;
    private final CategoryCatalogue catalogue;
    private final PublicProgress progress;
    private final org.fengqiao.publicchannel.PublicReports publicReports;
    private final Clock clock;

    Open311Requests(JdbcClient jdbc, Open311Catalogue services, CategoryCatalogue catalogue, PublicProgress progress,
                    org.fengqiao.publicchannel.PublicReports publicReports, Clock clock) {
        this.jdbc = jdbc;
        this.services = services;
        this.catalogue = catalogue;
        this.progress = progress;
        this.publicReports = publicReports;
        this.clock = clock;
    }

    record Query(List<String> ids, List<String> serviceCodes, Instant start, Instant end, Set<String> statuses,
                 int limit, int offset) {
    }

    Query query(Open311Form f) {
        services.checkJurisdiction(f.one("jurisdiction_id"));
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
                "status_notes", services.state(p.platformState()),
                "service_name", c == null ? p.categoryCode() : c.label(locale()),
                "service_code", p.categoryCode(),
                "description", s != null ? s.descriptionOf(p) : p.description(),
                "agency_responsible", p.agency(),
                "service_notice", c == null ? null : services.notice(c),
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
                Map<String, Open311Catalogue.Attribute> defs = new LinkedHashMap<>();
                services.attributes(c.code()).forEach(a -> defs.put(a.code(), a));
                for (Map.Entry<String, Object> e : parseAttributes(s.attributes()).entrySet()) {
                    Open311Catalogue.Attribute a = defs.get(e.getKey());
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
                        "description", step.note() != null ? services.state(step.code()) + ": " + step.note()
                                : services.state(step.code()),
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

    record ClientUpdate(long id, long reportId, String status, String description, String mediaUrl,
                        Instant updatedAt) {
    }

    List<ClientUpdate> clientUpdates(Long reportId, Instant from, Instant to) {
        return jdbc.sql("""
                        select id, report_id, status, description, media_url, updated_at from open311_update
                        where (?::bigint is null or report_id = ?)
                          and (?::timestamptz is null or received_at >= ?)
                          and (?::timestamptz is null or received_at <= ?)
                        order by id""")
                .params(reportId, reportId, ts(from), ts(from), ts(to), ts(to))
                .query((rs, n) -> new ClientUpdate(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getObject(6, OffsetDateTime.class).toInstant()))
                .list();
    }
}
