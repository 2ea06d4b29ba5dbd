package org.fengqiao.shell.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;

/**
 * The bad inputs a fuzzer sends, and what must never come back. Values for URLs are written as they go on the wire
 * (percent-encoded, or deliberately not); JSON values are JSON text; multipart bodies are raw bytes.
 */
public final class Faults {

    private Faults() {
    }

    /** A marker that must never come back unescaped in an HTML page or as a response header. */
    public static final String MARKUP = "<fq-x onmouseover=1>";
    public static final String INJECTED_HEADER = "Fq-Injected";

    /**
     * Values of a query or path parameter, on the wire. No value parses to a small positive number: in a path it would
     * name a real record (account 7, person 7) that a shared test database needs as it is.
     */
    public static final List<String> URL_VALUES = List.of(
            "", "%20", "+", "%00", "a%00b", "%ZZ", "%", "%%", "%C0%AF", "%FF%FE%FD", "%E4%B8", "%ED%A0%80",
            "%F0%9F%92%A9", "%E2%80%AEevil", "%EF%BB%BF1", "%0D%0A" + INJECTED_HEADER + ":%20yes",
            "..%2F..%2F..%2Fetc%2Fpasswd", "%2e%2e%2f%2e%2e%2f", "..%252F..%252F", "..;", "%5C..%5C..%5Cwindows",
            "%2F", "-1", "0", "-0", "1e999", "-1e999", "NaN", "Infinity", "0x1F", "1_000", "0900000007",
            "99999999999999999999999", "-9223372036854775809", "9223372036854775807", "2147483648", "1.5", "1,5",
            "true", "null", "undefined", "[]", "{}", "%5B%5D", "'", "%27%20or%20%271%27%3D%271", "%22",
            "%27%3B--", "%5C", "%3Cfq-x%20onmouseover%3D1%3E", "%24%7B7*7%7D", "*%7BT(Runtime).exec(1)%7D",
            "%5B%5B%24%7B7*7%7D%5D%5D", "%25s%25n%25x", "%u0041", "%E4%B8%AD%E6%96%87", "2026-02-30",
            "2026-13-01", "2026-01-01T25:61:00Z", "0000-00-00", "-999999999-01-01", "P1Y", "440784" + "0".repeat(30),
            "a".repeat(5000), "%E4%B8%AD".repeat(3000), "x".repeat(70_000));

    /** Bytes that are not allowed in a request line at all, put there raw. */
    public static final List<byte[]> RAW_URL_VALUES = List.of(
            "a b".getBytes(StandardCharsets.ISO_8859_1), new byte[] {'<', 'x', '>'}, new byte[] {(byte) 0xFF},
            new byte[] {(byte) 0xE4, (byte) 0xB8, (byte) 0xAD}, new byte[] {'{', '}'}, new byte[] {'|'},
            new byte[] {'\\'}, new byte[] {'"'}, new byte[] {0x7F}, new byte[] {'#', 'x'});

    /** Whole paths that play tricks with segments, dots and encodings. {@code P} is the operation's own path. */
    public static List<String> pathTricks(String path) {
        String noSlash = path.substring(1);
        return List.of("/" + noSlash + "/..", path + "/.;/x", path + ";jsessionid=x", path + "/", path + "//",
                "//" + noSlash, "/./" + noSlash, "/x/../" + noSlash, "/%2e/" + noSlash,
                path.replace("/", "%2F"), path.replace("/", "%5C"), path + "%00", path + "%2500", path + "/%2e%2e",
                path + "/..%2F..%2Factuator%2Fenv", path.toUpperCase(), path + ".json", path + ".xml",
                path + "?" + "a=".repeat(3000), path + "?%=%", path + "?&&&=&=", path + "#frag", "/%ZZ" + path);
    }

    /** JSON values of the wrong kind, or of the right kind but absurd. */
    public static final List<String> JSON_VALUES = List.of(
            "null", "true", "0", "-1", "1.5", "1e999", "-1e999", "1" + "0".repeat(1200), "9223372036854775808",
            "\"\"", "\" \"", "\"abc\"", "\"" + "a".repeat(100_000) + "\"", "\"\\u0000\"", "\"\\ud800\"",
            "\"\\uDFFF\\uD800\"", "\"" + MARKUP.replace("\"", "\\\"") + "\"", "\"' or '1'='1\"", "\"${7*7}\"",
            "\"../../etc/passwd\"", "\"\\r\\n" + INJECTED_HEADER + ": yes\"", "\"2026-02-30\"", "\"NaN\"",
            "\"\u202Eevil\"", "\"\uD83D\uDCA9\"", "[]", "[null]", "[[[]]]", "[1,\"a\",{}]", "{}",
            "{\"a\":{\"b\":{}}}", "\"" + "中".repeat(5000) + "\"", "NaN", "Infinity", "-0", "0x10", "'single'",
            "01", "[" + "1,".repeat(20_000) + "1]");

    /** Whole bodies for an endpoint that reads JSON. */
    public static List<byte[]> jsonBodies(String valid) {
        List<byte[]> out = new ArrayList<>();
        for (String s : List.of("", " ", "{", "}", "{\"a\":", "[1,2", "nul", "\"just a string\"", "[]", "null",
                "0", "{}", "{,}", "{\"a\":1,}", "{'a':1}", "{\"a\":1}{\"b\":2}", "{\"a\" 1}", "/* c */ {}",
                "{\"a\":1} trailing", "[" .repeat(5000) + "]".repeat(5000), "{\"a\":".repeat(3000) + "1"
                        + "}".repeat(3000), "<xml/>", "a=1&b=2", valid.substring(0, valid.length() / 2),
                valid + valid, valid.replace("\"", "'"), valid.replace(":", "="))) {
            out.add(s.getBytes(StandardCharsets.UTF_8));
        }
        // a byte-order mark, invalid UTF-8, UTF-16 and NUL bytes
        out.add(concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, valid.getBytes(StandardCharsets.UTF_8)));
        out.add(concat("{\"description\":\"".getBytes(StandardCharsets.UTF_8),
                new byte[] {(byte) 0xC3, 0x28, (byte) 0xA0, (byte) 0xA1, (byte) 0xF0, (byte) 0x90},
                "\"}".getBytes(StandardCharsets.UTF_8)));
        out.add(valid.getBytes(StandardCharsets.UTF_16LE));
        out.add(concat(valid.getBytes(StandardCharsets.UTF_8), new byte[] {0, 0, 0}));
        StringBuilder many = new StringBuilder("{");
        for (int i = 0; i < 20_000; i++) {
            many.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":").append(i);
        }
        out.add(many.append('}').toString().getBytes(StandardCharsets.UTF_8));
        return out;
    }

    /** Content types that do not fit (or do not parse). */
    public static final List<String> CONTENT_TYPES = List.of(
            "text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data",
            "multipart/form-data; boundary=", "application/json; charset=foo", "application/json; charset=UTF-16",
            "application/json; charset=EBCDIC-XX", "application/json;;;", "application/", "/", "*/*", "json",
            "application/json; boundary=\"unterminated", "application/octet-stream", "image/jpeg",
            "application/json, text/plain", "APPLICATION/JSON; CHARSET=\"UTF-8\"", "application/problem+json",
            "application/json; charset=" + "x".repeat(2000));

    /** Accept headers that ask for what is not served, or do not parse. */
    public static final List<String> ACCEPTS = List.of(
            "application/xml", "text/csv", "image/png", "garbage", "*/*;q=bogus", "text/html;q=2", "application/",
            "application/json;q=0", ",,,", "*/" + "*".repeat(500), "text/event-stream", "application/pdf");

    /** Accept-Language and cookies a browser would never send. */
    public static final List<String[]> ODD_HEADERS = List.of(
            new String[] {"Accept-Language", "xx-YY"}, new String[] {"Accept-Language", "zh-CN;q=abc"},
            new String[] {"Accept-Language", "*;q=0"}, new String[] {"Accept-Language", "-".repeat(3000)},
            new String[] {"Accept-Language", "en-US-x-" + "a".repeat(100)},
            new String[] {"Cookie", "FQ_LANG=%%%; FQ_VOL=garbage"}, new String[] {"Cookie", "FQ_LANG=xx_YY"},
            new String[] {"Cookie", "FQ_VOL=" + "A".repeat(3000)}, new String[] {"Cookie", "FQ_VOL=1.2.3.4"},
            new String[] {"Cookie", "JSESSIONID=" + "0".repeat(64)}, new String[] {"Cookie", "=;;=;"},
            new String[] {"Idempotency-Key", "../../x"}, new String[] {"Idempotency-Key", "k".repeat(500)},
            new String[] {"Idempotency-Key", "中文"}, new String[] {"Idempotency-Key", ""},
            new String[] {"Range", "bytes=999999-0"}, new String[] {"If-Modified-Since", "yesterday"},
            new String[] {"If-None-Match", "\"" + "x".repeat(1000)}, new String[] {"Origin", "null"},
            new String[] {"HX-Request", "true"}, new String[] {"HX-Request", "yes"},
            new String[] {"HX-Current-URL", "javascript:alert(1)"}, new String[] {"X-Forwarded-For", "::::"},
            new String[] {"Content-Encoding", "gzip"}, new String[] {"Expect", "200-ok"},
            new String[] {"Transfer-Encoding", "chunked"}, new String[] {"X-HTTP-Method-Override", "DELETE"});

    public static final List<String> METHODS = List.of("PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "TRACE",
            "PROPFIND", "FOO", "get");

    /** A small valid JPEG-looking header followed by garbage: passes a name check, fails a content check. */
    static final byte[] FAKE_JPEG = concat(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0},
            "not really an image".getBytes(StandardCharsets.US_ASCII));

    /** One broken multipart body with the content type to send it under. */
    public record Multipart(String contentType, byte[] body) {
    }

    /**
     * Multipart bodies for a form with these file fields and text fields: malformed file names (the RFC 5987 form
     * with bad escapes, control characters, paths), bad boundaries, truncated bodies, parts without names, files that
     * are not what they claim.
     */
    public static List<Multipart> multiparts(List<String> fileFields, List<String> textFields, Random random) {
        String file = fileFields.isEmpty() ? "file" : fileFields.get(random.nextInt(fileFields.size()));
        String text = textFields.isEmpty() ? "note" : textFields.get(random.nextInt(textFields.size()));
        String b = "fqBoundary" + random.nextInt(1_000_000);
        String ct = "multipart/form-data; boundary=" + b;
        List<Multipart> out = new ArrayList<>();
        for (String disposition : List.of(
                "form-data; name=\"" + file + "\"; filename*=UTF-8''%ZZ%E4",
                "form-data; name=\"" + file + "\"; filename*=UTF-8''%",
                "form-data; name=\"" + file + "\"; filename*=XX-UNKNOWN''abc",
                "form-data; name=\"" + file + "\"; filename*=''",
                "form-data; name=\"" + file + "\"; filename*=UTF-8'zh'%E4%B8%AD.jpg",
                "form-data; name=\"" + file + "\"; filename=\"a\\\"",
                "form-data; name=\"" + file + "\"; filename=\"../../../etc/passwd\"",
                "form-data; name=\"" + file + "\"; filename=\"C:\\\\x\\\\..\\\\y.jpg\"",
                "form-data; name=\"" + file + "\"; filename=\"a\u0000b.jpg\"",
                "form-data; name=\"" + file + "\"; filename=\"" + "x".repeat(5000) + ".jpg\"",
                "form-data; name=\"" + file + "\"; filename=",
                "form-data; name=\"" + file + "\"; filename=\"\"",
                "form-data; name=\"" + file + "\"; filename=\"中文.jpg\"",
                "form-data; name=\"" + file + "\"; filename=\"" + MARKUP.replace("\"", "") + ".jpg\"",
                "form-data; name=" + file + "; filename=unquoted name.jpg",
                "form-data; filename=\"noname.jpg\"",
                "form-data; name=\"\"; filename=\"x.jpg\"",
                "form-data; name=\"" + file + "\"; name=\"" + file + "\"; filename=\"twice.jpg\"",
                "attachment; name=\"" + file + "\"; filename=\"x.jpg\"",
                "form-data; name=\"" + file + "\";;;; filename",
                "garbage",
                "")) {
            String part = "--" + b + "\r\nContent-Disposition: " + disposition
                    + "\r\nContent-Type: image/jpeg\r\n\r\n";
            out.add(new Multipart(ct, concat(part.getBytes(StandardCharsets.UTF_8), FAKE_JPEG,
                    ("\r\n--" + b + "--\r\n").getBytes(StandardCharsets.UTF_8))));
        }
        String good = "--" + b + "\r\nContent-Disposition: form-data; name=\"" + file
                + "\"; filename=\"x.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n";
        byte[] goodBody = concat(good.getBytes(StandardCharsets.UTF_8), FAKE_JPEG,
                ("\r\n--" + b + "--\r\n").getBytes(StandardCharsets.UTF_8));
        // boundaries and framing
        out.add(new Multipart("multipart/form-data", goodBody));
        out.add(new Multipart("multipart/form-data; boundary=", goodBody));
        out.add(new Multipart("multipart/form-data; boundary=other", goodBody));
        out.add(new Multipart("multipart/form-data; boundary=" + "b".repeat(200), goodBody));
        out.add(new Multipart("multipart/form-data; boundary=\"" + b, goodBody));
        out.add(new Multipart(ct, java.util.Arrays.copyOf(goodBody, goodBody.length / 2)));
        out.add(new Multipart(ct, java.util.Arrays.copyOf(goodBody, goodBody.length - 6)));
        out.add(new Multipart(ct, new byte[0]));
        out.add(new Multipart(ct, ("--" + b + "--\r\n").getBytes(StandardCharsets.UTF_8)));
        out.add(new Multipart(ct, ("--" + b + "\r\n\r\n\r\n--" + b + "--\r\n").getBytes(StandardCharsets.UTF_8)));
        out.add(new Multipart(ct, ("--" + b + "\r\nContent-Disposition: form-data; name=\"" + file
                + "\"; filename=\"x.jpg\"\r\n" + "X-Long: " + "h".repeat(20_000) + "\r\n\r\nabc\r\n--" + b + "--\r\n")
                .getBytes(StandardCharsets.UTF_8)));
        out.add(new Multipart(ct, ("--" + b + "\r\nContent-Disposition: form-data; name=\"" + file
                + "\"; filename=\"x.jpg\"\r\nContent-Type: multipart/mixed; boundary=inner\r\n\r\n--inner\r\n\r\nx\r\n"
                + "--inner--\r\n--" + b + "--\r\n").getBytes(StandardCharsets.UTF_8)));
        out.add(new Multipart(ct, ("--" + b + "\r\nContent-Disposition: form-data; name=\"" + file
                + "\"; filename=\"x.jpg\"\r\nContent-Transfer-Encoding: base64\r\n\r\n!!!notbase64!!!\r\n--" + b
                + "--\r\n").getBytes(StandardCharsets.UTF_8)));
        out.add(new Multipart(ct, ("--" + b + "\nContent-Disposition: form-data; name=\"" + file
                + "\"; filename=\"lf-only.jpg\"\n\nabc\n--" + b + "--\n").getBytes(StandardCharsets.UTF_8)));
        // a text field where a file is expected, a file where text is expected, an empty file, many parts
        out.add(new Multipart(ct, ("--" + b + "\r\nContent-Disposition: form-data; name=\"" + file
                + "\"\r\n\r\njust text\r\n--" + b + "--\r\n").getBytes(StandardCharsets.UTF_8)));
        out.add(new Multipart(ct, concat(("--" + b + "\r\nContent-Disposition: form-data; name=\"" + text
                + "\"; filename=\"t.jpg\"\r\n\r\n").getBytes(StandardCharsets.UTF_8), FAKE_JPEG,
                ("\r\n--" + b + "--\r\n").getBytes(StandardCharsets.UTF_8))));
        out.add(new Multipart(ct, ("--" + b + "\r\nContent-Disposition: form-data; name=\"" + file
                + "\"; filename=\"empty.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n\r\n--" + b + "--\r\n")
                .getBytes(StandardCharsets.UTF_8)));
        out.add(new Multipart(ct, concat(("--" + b + "\r\nContent-Disposition: form-data; name=\"" + text
                + "\"\r\nContent-Type: text/plain; charset=Shift_JIS\r\n\r\n").getBytes(StandardCharsets.UTF_8),
                new byte[] {(byte) 0x82, (byte) 0xA0, (byte) 0xFF, (byte) 0xC3},
                ("\r\n--" + b + "--\r\n").getBytes(StandardCharsets.UTF_8))));
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            many.append("--").append(b).append("\r\nContent-Disposition: form-data; name=\"").append(file)
                    .append("\"; filename=\"p").append(i).append(".jpg\"\r\n\r\nxx\r\n");
        }
        out.add(new Multipart(ct, many.append("--").append(b).append("--\r\n").toString()
                .getBytes(StandardCharsets.UTF_8)));
        return out;
    }

    /** What must never appear in an answer: stack traces, Java internals, SQL and database errors. */
    public static final List<Pattern> LEAKS = List.of(
            Pattern.compile("(?m)^\\s*at [\\w.$]+\\([\\w.$]*(\\.java:\\d+|Native Method|Unknown Source)"),
            Pattern.compile("\\.java:\\d+\\)"),
            Pattern.compile("Caused by: "),
            Pattern.compile("\\b(java|javax|jakarta|jdk|sun|tools\\.jackson|com\\.fasterxml)\\.[a-z]+\\.[\\w.$]*[A-Z]"),
            Pattern.compile("\\borg\\.(springframework|fengqiao|postgresql|apache|flywaydb|thymeleaf|hibernate)\\."),
            Pattern.compile("(?i)\\bSQL ?State\\b|PSQLException|bad SQL grammar|PreparedStatementCallback"),
            Pattern.compile("(?i)violates (foreign key|unique|check|not-null|exclusion) constraint"),
            Pattern.compile("(?i)duplicate key value|syntax error at or near|relation \"\\w+\" does not exist"),
            Pattern.compile("(?i)column \"\\w+\" (does not exist|of relation)|invalid input syntax for type"),
            Pattern.compile("(?i)\\bselect\\b[^<>{}]{1,200}\\bfrom\\b[^<>{}]{1,200}\\bwhere\\b"),
            Pattern.compile("(?i)\\binsert into \\w+|\\bupdate \\w+ set\\b|\\bdelete from \\w+"));

    /** The first leak in a body, or null. */
    public static String leak(String body) {
        for (Pattern p : LEAKS) {
            var m = p.matcher(body);
            if (m.find()) {
                int from = Math.max(0, m.start() - 80);
                int to = Math.min(body.length(), m.end() + 80);
                return p.pattern() + " → …" + body.substring(from, to).replaceAll("\\s+", " ") + "…";
            }
        }
        return null;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
