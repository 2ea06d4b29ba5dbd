package org.fengqiao.shell.fuzz;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Function;

import tools.jackson.databind.JsonNode;

/**
 * Makes malformed requests for one endpoint at a time, deterministically from a seed: first a plausible request
 * (values of the right type, ids that do not exist), then exactly one fault in it — a parameter, a JSON field, the
 * whole body, the content type, the multipart framing, the method, a header, the path, or the credentials.
 */
public final class Fuzzer {

    /** Where a parameter goes. */
    public enum In { PATH, QUERY, HEADER, FORM, FILE }

    /**
     * A parameter and its kind: {@code string}, {@code integer}, {@code number}, {@code boolean}, {@code uuid},
     * {@code date}, {@code date-time} or {@code enum}; {@code base} is a plausible value (null: make one up).
     */
    public record Param(String name, In in, String kind, List<String> allowed, boolean required, String base) {
        public Param(String name, In in, String kind) {
            this(name, in, kind, List.of(), false, null);
        }

        public Param withBase(String value) {
            return new Param(name, in, kind, allowed, required, value);
        }
    }

    /**
     * One endpoint. {@code path} has {@code {name}} placeholders for its PATH parameters; {@code jsonSchema} is the
     * body's OpenAPI schema (null: no JSON body); FORM and FILE parameters go in an urlencoded or multipart body.
     */
    public record Target(String surface, String method, String path, List<Param> params, JsonNode jsonSchema) {
        boolean multipart() {
            return params.stream().anyMatch(p -> p.in() == In.FILE);
        }

        boolean form() {
            return params.stream().anyMatch(p -> p.in() == In.FORM || p.in() == In.FILE);
        }

        public String name() {
            return method + " " + path;
        }
    }

    /** Who sends a case: a user's session, nobody, or a user whose CSRF token or session cookie is missing. */
    public enum Credentials { SESSION, ANONYMOUS, NO_CSRF, FORGED_SESSION }

    /** One malformed request and what was wrong with it. */
    public record Case(Target target, String fault, RawHttp.Request request, Credentials credentials, int userPick) {
    }

    private static final String RAW_MARK = "\u0001raw\u0001";

    private final Function<JsonNode, JsonNode> resolver;

    /** @param resolver resolves {@code $ref}s of the OpenAPI document */
    public Fuzzer(Function<JsonNode, JsonNode> resolver) {
        this.resolver = resolver;
    }

    /** {@code count} cases for this target, the same ones for the same seed. */
    public List<Case> cases(Target t, long seed, int count) {
        Random r = new Random(seed ^ t.name().hashCode() * 0x9E3779B97F4A7C15L);
        List<Case> out = new ArrayList<>();
        List<String> kinds = new ArrayList<>(List.of("param", "param", "param", "extra-query", "method", "header",
                "accept", "path", "credentials"));
        if (t.jsonSchema() != null) {
            kinds.addAll(List.of("json-field", "json-field", "json-field", "json-field", "json-body", "json-body",
                    "content-type", "content-type", "multipart"));
        }
        if (t.form()) {
            kinds.addAll(List.of("form-field", "form-field", "form-field", "content-type", "multipart", "multipart",
                    "multipart"));
        }
        if (t.method().equals("GET")) {
            kinds.add("param");
        }
        for (int i = 0; i < count; i++) {
            String kind = kinds.get(i % kinds.size());
            out.add(one(t, kind, r));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private Case one(Target t, String kind, Random r) {
        Map<String, String> values = new LinkedHashMap<>();
        for (Param p : t.params()) {
            if (p.in() != In.FILE && (p.required() || p.in() == In.PATH || r.nextInt(3) > 0)) {
                values.put(p.name(), encode(p.base() != null ? p.base() : plausible(p, r)));
            }
        }
        Object json = t.jsonSchema() == null ? null : plausibleJson(t.jsonSchema(), r, 0);
        String method = t.method();
        String fault = kind;
        String contentType = null;
        byte[] body = null;
        String path = null;
        byte[] rawTarget = null;
        List<String[]> headers = new ArrayList<>();
        Credentials credentials = Credentials.SESSION;

        switch (kind) {
            case "param" -> {
                List<Param> ps = t.params().stream().filter(p -> p.in() != In.FILE && p.in() != In.FORM).toList();
                if (ps.isEmpty()) {
                    values.put("unexpected", pick(Faults.URL_VALUES, r));
                    fault = "param unexpected";
                } else {
                    Param p = ps.get(r.nextInt(ps.size()));
                    if (p.in() == In.HEADER) {
                        String v = pick(Faults.JSON_VALUES, r);
                        values.put(p.name(), v.length() > 4000 ? v.substring(0, 4000) : v);
                    } else if (r.nextInt(6) == 0) {
                        rawTarget = rawParam(t, values, p, pick(Faults.RAW_URL_VALUES, r));
                    } else if (p.kind().equals("enum") || r.nextInt(8) == 0) {
                        values.put(p.name(), r.nextBoolean() ? "NOT_A_" + p.name().toUpperCase() : "");
                    } else {
                        values.put(p.name(), pick(Faults.URL_VALUES, r));
                    }
                    fault = "param " + p.name() + "=" + shorten(values.get(p.name()));
                }
            }
            case "extra-query" -> {
                String v = pick(Faults.URL_VALUES, r);
                String name = switch (r.nextInt(5)) {
                    case 0 -> "a%5B%5D";
                    case 1 -> "%00";
                    case 2 -> "x".repeat(3000);
                    case 3 -> t.params().isEmpty() ? "q" : t.params().get(r.nextInt(t.params().size())).name();
                    default -> "_csrf";
                };
                path = fill(t, values, true) + (fill(t, values, true).contains("?") ? "&" : "?") + name + "=" + v
                        + "&" + name + "=" + pick(Faults.URL_VALUES, r);
                fault = "repeated/unexpected query " + shorten(name) + "=" + shorten(v);
            }
            case "method" -> {
                method = pick(Faults.METHODS, r);
                fault = "method " + method;
            }
            case "header" -> {
                String[] h = Faults.ODD_HEADERS.get(r.nextInt(Faults.ODD_HEADERS.size()));
                headers.add(h);
                fault = "header " + h[0] + ": " + shorten(h[1]);
            }
            case "accept" -> {
                String a = pick(Faults.ACCEPTS, r);
                headers.add(new String[] {"Accept", a});
                fault = "Accept: " + shorten(a);
            }
            case "path" -> {
                String p = pick(Faults.pathTricks(fill(t, values, false)), r);
                path = p;
                fault = "path " + shorten(p);
            }
            case "credentials" -> {
                credentials = Credentials.values()[1 + r.nextInt(3)];
                fault = "credentials " + credentials;
            }
            case "json-field" -> {
                List<List<Object>> paths = new ArrayList<>();
                leaves(json, new ArrayList<>(), paths, 0);
                if (paths.isEmpty() || !(json instanceof Map)) {
                    json = raw(pick(Faults.JSON_VALUES, r));
                    fault = "json body value";
                } else {
                    List<Object> at = paths.get(r.nextInt(paths.size()));
                    int how = r.nextInt(10);
                    Object replacement = switch (how) {
                        case 0 -> raw("\"NOT_A_VALUE\"");
                        case 1 -> null;
                        default -> raw(pick(Faults.JSON_VALUES, r));
                    };
                    if (how == 9) {
                        ((Map<String, Object>) json).put("unexpected" + r.nextInt(100), raw(pick(Faults.JSON_VALUES, r)));
                        fault = "json unknown field";
                    } else {
                        json = replace(json, at, 0, replacement);
                        fault = "json " + at + "=" + (replacement == null ? "null" : shorten(replacement.toString()));
                    }
                }
            }
            case "json-body" -> {
                List<byte[]> bodies = Faults.jsonBodies(write(json));
                int i = r.nextInt(bodies.size());
                body = bodies.get(i);
                contentType = "application/json";
                fault = "json body #" + i + " " + shorten(new String(body, 0, Math.min(body.length, 40),
                        StandardCharsets.UTF_8));
            }
            case "content-type" -> {
                contentType = r.nextInt(8) == 0 ? null : pick(Faults.CONTENT_TYPES, r);
                fault = "content type " + (contentType == null ? "missing" : shorten(contentType));
            }
            case "multipart" -> {
                List<String> files = t.params().stream().filter(p -> p.in() == In.FILE).map(Param::name).toList();
                List<String> texts = t.params().stream().filter(p -> p.in() == In.FORM).map(Param::name).toList();
                List<Faults.Multipart> mps = Faults.multiparts(files, texts, r);
                int i = r.nextInt(mps.size());
                contentType = mps.get(i).contentType();
                body = mps.get(i).body();
                fault = "multipart #" + i;
            }
            case "form-field" -> {
                List<Param> fs = t.params().stream().filter(p -> p.in() == In.FORM).toList();
                if (fs.isEmpty()) {
                    values.put("unexpected", pick(Faults.URL_VALUES, r));
                    fault = "form unexpected";
                } else {
                    Param p = fs.get(r.nextInt(fs.size()));
                    values.put(p.name(), pick(Faults.URL_VALUES, r));
                    fault = "form " + p.name() + "=" + shorten(values.get(p.name()));
                }
            }
            default -> throw new IllegalStateException(kind);
        }

        // the body, unless a fault made one already
        if (body == null && t.jsonSchema() != null && !kind.equals("multipart")) {
            body = write(json).getBytes(StandardCharsets.UTF_8);
            if (!kind.equals("content-type")) {
                contentType = "application/json";
            }
        }
        if (body == null && t.form()) {
            if (t.multipart() || kind.equals("multipart")) {
                String b = "fqb" + r.nextInt(100000);
                StringBuilder s = new StringBuilder();
                for (Param p : t.params()) {
                    if (p.in() == In.FORM && values.containsKey(p.name())) {
                        s.append("--").append(b).append("\r\nContent-Disposition: form-data; name=\"").append(p.name())
                                .append("\"\r\n\r\n").append(decodeLoosely(values.get(p.name()))).append("\r\n");
                    }
                }
                byte[] head = s.toString().getBytes(StandardCharsets.UTF_8);
                List<byte[]> parts = new ArrayList<>(List.of(head));
                for (Param p : t.params()) {
                    if (p.in() == In.FILE && r.nextBoolean()) {
                        parts.add(("--" + b + "\r\nContent-Disposition: form-data; name=\"" + p.name()
                                + "\"; filename=\"p.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n")
                                .getBytes(StandardCharsets.UTF_8));
                        parts.add(Faults.FAKE_JPEG);
                        parts.add("\r\n".getBytes(StandardCharsets.UTF_8));
                    }
                }
                parts.add(("--" + b + "--\r\n").getBytes(StandardCharsets.UTF_8));
                body = Faults.concat(parts.toArray(byte[][]::new));
                if (!kind.equals("content-type")) {
                    contentType = "multipart/form-data; boundary=" + b;
                }
            } else {
                StringBuilder s = new StringBuilder();
                for (Param p : t.params()) {
                    if (p.in() == In.FORM && values.containsKey(p.name())) {
                        s.append(s.isEmpty() ? "" : "&").append(p.name()).append('=').append(values.get(p.name()));
                    }
                }
                if (values.containsKey("unexpected")) {
                    s.append("&unexpected=").append(values.get("unexpected"));
                }
                body = s.toString().getBytes(StandardCharsets.ISO_8859_1);
                if (!kind.equals("content-type")) {
                    contentType = "application/x-www-form-urlencoded";
                }
            }
        }
        if (body == null && kind.equals("content-type")) {
            body = "x=1".getBytes(StandardCharsets.UTF_8);
        }
        RawHttp.Request request = rawTarget != null ? new RawHttp.Request(method, rawTarget)
                : new RawHttp.Request(method, path != null ? path : fill(t, values, true));
        for (Param p : t.params()) {
            if (p.in() == In.HEADER && values.containsKey(p.name())) {
                request.header(p.name(), values.get(p.name()));
            }
        }
        headers.forEach(h -> request.header(h[0], h[1]));
        if (body != null) {
            request.body(contentType, body);
        }
        return new Case(t, fault, request, credentials, r.nextInt(1 << 20));
    }

    /** The path with its PATH parameters filled in, and (if asked) the QUERY parameters appended. */
    private static String fill(Target t, Map<String, String> values, boolean query) {
        String path = t.path();
        StringBuilder q = new StringBuilder();
        for (Param p : t.params()) {
            String v = values.get(p.name());
            if (p.in() == In.PATH) {
                path = path.replace("{" + p.name() + "}", v == null ? "" : v);
            } else if (p.in() == In.QUERY && v != null && query) {
                q.append(q.isEmpty() ? "?" : "&").append(p.name()).append('=').append(v);
            }
        }
        if (query && values.containsKey("unexpected") && !t.form()) {
            q.append(q.isEmpty() ? "?" : "&").append("unexpected=").append(values.get("unexpected"));
        }
        return path + q;
    }

    private static byte[] rawParam(Target t, Map<String, String> values, Param p, byte[] raw) {
        String marker = "\u0002RAW\u0002";
        values.put(p.name(), marker);
        String text = fill(t, values, true);
        int at = text.indexOf(marker);
        if (at < 0) {
            text = text + (text.contains("?") ? "&" : "?") + p.name() + "=" + marker;
            at = text.indexOf(marker);
        }
        return Faults.concat(text.substring(0, at).getBytes(StandardCharsets.UTF_8), raw,
                text.substring(at + marker.length()).getBytes(StandardCharsets.UTF_8));
    }

    /** A value of the right kind that refers to nothing that exists. */
    static String plausible(Param p, Random r) {
        return switch (p.kind()) {
            case "integer" -> String.valueOf(900_000_000L + r.nextInt(90_000_000));
            case "number" -> String.valueOf(112.5 + r.nextInt(1000) / 1000.0);
            case "boolean" -> String.valueOf(r.nextBoolean());
            case "uuid" -> new UUID(r.nextLong(), r.nextLong()).toString();
            case "date" -> "2026-0" + (1 + r.nextInt(9)) + "-1" + r.nextInt(10);
            case "date-time" -> "2026-0" + (1 + r.nextInt(9)) + "-1" + r.nextInt(10) + "T08:00:00Z";
            case "enum" -> p.allowed().isEmpty() ? "X" : p.allowed().get(r.nextInt(p.allowed().size()));
            default -> "fuzz" + Integer.toString(r.nextInt(1 << 20), 36);
        };
    }

    /** A JSON value that fits the schema: nested objects and arrays, strings, numbers, enums. */
    Object plausibleJson(JsonNode schema, Random r, int depth) {
        JsonNode s = resolver.apply(schema);
        if (s == null || s.isMissingNode() || depth > 4) {
            return null;
        }
        if (s.has("allOf") || s.has("oneOf") || s.has("anyOf")) {
            JsonNode list = s.has("allOf") ? s.get("allOf") : s.has("oneOf") ? s.get("oneOf") : s.get("anyOf");
            return list.isEmpty() ? null : plausibleJson(list.get(0), r, depth + 1);
        }
        if (s.has("enum")) {
            List<String> values = new ArrayList<>();
            s.get("enum").values().forEach(v -> values.add(v.asString()));
            return values.isEmpty() ? "X" : values.get(r.nextInt(values.size()));
        }
        String type = s.path("type").asString("");
        String format = s.path("format").asString("");
        switch (type) {
            case "object" -> {
                Map<String, Object> m = new LinkedHashMap<>();
                if (s.has("properties")) {
                    for (var e : s.get("properties").properties()) {
                        m.put(e.getKey(), plausibleJson(e.getValue(), r, depth + 1));
                    }
                }
                return m;
            }
            case "array" -> {
                List<Object> l = new ArrayList<>();
                if (r.nextBoolean()) {
                    l.add(plausibleJson(s.path("items"), r, depth + 1));
                }
                return l;
            }
            case "integer" -> {
                return 900_000_000L + r.nextInt(90_000_000);
            }
            case "number" -> {
                return 112.5 + r.nextInt(1000) / 1000.0;
            }
            case "boolean" -> {
                return r.nextBoolean();
            }
            case "string" -> {
                return switch (format) {
                    case "uuid" -> new UUID(r.nextLong(), r.nextLong()).toString();
                    case "date" -> "2026-03-1" + r.nextInt(10);
                    case "date-time" -> "2026-03-1" + r.nextInt(10) + "T08:00:00Z";
                    case "binary", "byte" -> "AAAA";
                    default -> "fuzz " + Integer.toString(r.nextInt(1 << 20), 36);
                };
            }
            default -> {
                return s.isEmpty() ? Map.of() : null;
            }
        }
    }

    /** Paths (keys and indexes) to every value in a JSON tree, up to a depth. */
    @SuppressWarnings("unchecked")
    private static void leaves(Object node, List<Object> at, List<List<Object>> out, int depth) {
        if (depth > 0) {
            out.add(List.copyOf(at));
        }
        if (depth > 3) {
            return;
        }
        if (node instanceof Map<?, ?> m) {
            for (Object k : m.keySet()) {
                at.add(k);
                leaves(m.get(k), at, out, depth + 1);
                at.removeLast();
            }
        } else if (node instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) {
                at.add(i);
                leaves(l.get(i), at, out, depth + 1);
                at.removeLast();
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Object replace(Object node, List<Object> at, int i, Object value) {
        if (i == at.size()) {
            return value;
        }
        if (node instanceof Map<?, ?> m) {
            Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) m);
            copy.put((String) at.get(i), replace(m.get(at.get(i)), at, i + 1, value));
            return copy;
        }
        if (node instanceof List<?> l) {
            List<Object> copy = new ArrayList<>(l);
            int index = (Integer) at.get(i);
            copy.set(index, replace(l.get(index), at, i + 1, value));
            return copy;
        }
        return node;
    }

    /** Raw JSON text to splice in as it is (it may be invalid on purpose). */
    private static Object raw(String json) {
        return new Raw(json);
    }

    private record Raw(String json) {
        @Override
        public String toString() {
            return json;
        }
    }

    /** Writes a tree of maps, lists and scalars as JSON, with raw pieces as they are. */
    static String write(Object node) {
        StringBuilder b = new StringBuilder();
        write(node, b);
        return b.toString();
    }

    private static void write(Object node, StringBuilder b) {
        switch (node) {
            case null -> b.append("null");
            case Raw raw -> b.append(raw.json());
            case Map<?, ?> m -> {
                b.append('{');
                boolean first = true;
                for (var e : m.entrySet()) {
                    b.append(first ? "" : ",");
                    first = false;
                    string(String.valueOf(e.getKey()), b);
                    b.append(':');
                    write(e.getValue(), b);
                }
                b.append('}');
            }
            case List<?> l -> {
                b.append('[');
                for (int i = 0; i < l.size(); i++) {
                    b.append(i == 0 ? "" : ",");
                    write(l.get(i), b);
                }
                b.append(']');
            }
            case String s -> string(s, b);
            default -> b.append(node);
        }
    }

    private static void string(String s, StringBuilder b) {
        b.append('"');
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** A percent-encoded value as text for a multipart field (bad escapes stay as they are). */
    private static String decodeLoosely(String v) {
        try {
            return java.net.URLDecoder.decode(v, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return v;
        }
    }

    private static <T> T pick(List<T> list, Random r) {
        return list.get(r.nextInt(list.size()));
    }

    private static String shorten(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "…(" + s.length() + ")" : s;
    }
}
