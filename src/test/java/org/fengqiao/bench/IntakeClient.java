package org.fengqiao.bench;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One client of the intake JSON API over real HTTP, submitting reports with an Idempotency-Key: either a staff member
 * who signs in with the login form and keeps a session cookie and CSRF token (a phone app, a counter client), or a
 * machine client with an API token ({@code Authorization: Bearer}, no session, no CSRF), as a 12345 hotline would.
 */
final class IntakeClient {

    private static final Pattern HIDDEN_CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final Pattern META_CSRF = Pattern.compile("<meta name=\"_csrf\" content=\"([^\"]+)\"");

    private final String base;
    private final HttpClient http;
    private String csrf;
    private String bearer;

    IntakeClient(String base) {
        this.base = base;
        this.http = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(Duration.ofSeconds(5)).build();
    }

    void login(String user, String password) throws IOException, InterruptedException {
        String page = http.send(HttpRequest.newBuilder(URI.create(base + "/login")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        String form = "username=" + enc(user) + "&password=" + enc(password) + "&_csrf=" + enc(find(HIDDEN_CSRF, page));
        HttpResponse<String> home = http.send(HttpRequest.newBuilder(URI.create(base + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "text/html")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        if (home.uri().getPath().startsWith("/login")) {
            throw new IllegalStateException("login failed for " + user);
        }
        csrf = find(META_CSRF, home.body());
    }

    /** Uses an API token instead of a session. */
    IntakeClient withToken(String token) {
        this.bearer = token;
        return this;
    }

    /**
     * Signs in as a security administrator and issues a token holding this role assignment, valid for a day; returns
     * its secret.
     */
    String issueToken(String admin, String password, String name, String role, String areaCode)
            throws IOException, InterruptedException {
        login(admin, password);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/admin/tokens"))
                .header("Content-Type", "application/json").header("X-CSRF-TOKEN", csrf)
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + name + "\",\"reason\":\"load test\","
                        + "\"validDays\":1,\"assignments\":[{\"role\":\"" + role + "\",\"areaCode\":\"" + areaCode
                        + "\"}]}")).build(), HttpResponse.BodyHandlers.ofString());
        Matcher m = Pattern.compile("\"secret\":\"([^\"]+)\"").matcher(r.body());
        if (r.statusCode() != 201 || !m.find()) {
            throw new IllegalStateException("no token issued: " + r.statusCode() + " " + r.body());
        }
        return m.group(1);
    }

    /** The answer to one submission: HTTP status (0 when the server could not be reached) and body. */
    record Answer(int status, String body, boolean replayed) {
        long reportId() {
            Matcher m = Pattern.compile("\"id\":(\\d+)").matcher(body);
            return m.find() ? Long.parseLong(m.group(1)) : -1;
        }
    }

    Answer submit(String idempotencyKey, String json) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/api/reports"))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/json")
                    .header("Idempotency-Key", idempotencyKey);
            if (bearer != null) {
                b.header("Authorization", "Bearer " + bearer);
            } else {
                b.header("X-CSRF-TOKEN", csrf);
            }
            HttpResponse<String> r = http.send(b.POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.body(), r.headers().firstValue("Idempotent-Replayed").isPresent());
        } catch (IOException e) {
            return new Answer(0, e.toString(), false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(0, "interrupted", false);
        }
    }

    static String report(String category, double lon, double lat, String text) {
        return "{\"channel\":\"COUNTER\",\"categoryCode\":\"" + category + "\",\"description\":\"" + text
                + "\",\"lon\":" + lon + ",\"lat\":" + lat + "}";
    }

    private static String find(Pattern p, String html) {
        Matcher m = p.matcher(html);
        if (!m.find()) {
            throw new IllegalStateException("no CSRF token on the page");
        }
        return m.group(1);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
