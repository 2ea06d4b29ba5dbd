package org.fengqiao.open311;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.fengqiao.cases.Category;
import org.fengqiao.cases.CategoryCatalogue;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import static org.fengqiao.open311.Open311Params.format;
import static org.fengqiao.open311.Open311Params.locale;

/** The services Open311 offers (the category catalogue and its questions), and the jurisdiction's own facts. */
@Service
class Open311Catalogue {

    private final JdbcClient jdbc;
    private final CategoryCatalogue catalogue;
    private final MessageSource messages;
    private final String jurisdictionId;

    Open311Catalogue(JdbcClient jdbc, CategoryCatalogue catalogue, MessageSource messages,
                     @Value("${fengqiao.open311.jurisdiction-id:fengqiao}") String jurisdictionId) {
        this.jdbc = jdbc;
        this.catalogue = catalogue;
        this.messages = messages;
        this.jurisdictionId = jurisdictionId;
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

    static String label(Attribute a, String key) {
        return a.values().stream().filter(v -> v[0].equals(key)).map(v -> v[1]).findFirst().orElse(key);
    }

    String notice(Category c) {
        return messages.getMessage("open311.notice", new Object[] {
                limit(c.accept()), limit(c.handle())}, locale());
    }

    private String limit(org.fengqiao.cases.DeadlineRule r) {
        return messages.getMessage("open311.unit." + r.unit().name(), new Object[] {r.amount()}, locale());
    }

    String state(String code) {
        return messages.getMessage("open311.state." + code, null, code, locale());
    }
}
