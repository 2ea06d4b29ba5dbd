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
 * One staff client of the intake JSON API over real HTTP: signs in with the login form, keeps its session cookie
 * and CSRF token, and submits reports with an Idempotency-Key, as a phone app or counter client would.
 */
final class IntakeClient {

    private static final Pattern HIDDEN_CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final Pattern META_CSRF = Pattern.compile("<meta name=\"_csrf\" content=\"([^\"]+)\"");

    private final String base;
    private final HttpClient http;
    private String csrf;

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

    /** The answer to one submission: HTTP status (0 when the server could not be reached) and body. */
    record Answer(int status, String body, boolean replayed) {
        long reportId() {
            Matcher m = Pattern.compile("\"id\":(\\d+)").matcher(body);
            return m.find() ? Long.parseLong(m.group(1)) : -1;
        }
    }

    Answer submit(String idempotencyKey, String json) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/reports"))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/json")
                    .header("X-CSRF-TOKEN", csrf)
                    .header("Idempotency-Key", idempotencyKey)
                    .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
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
