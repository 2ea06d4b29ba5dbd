package org.fengqiao.support;

import java.io.IOException;
import java.io.UncheckedIOException;
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
 * A signed-in staff member over real HTTP (no browser): the login form, then the session cookie and CSRF token on
 * every request. For tests that run the platform as a process or in its own context (upgrades, several instances).
 */
public final class StaffClient {

    private static final Pattern HIDDEN_CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final Pattern META_CSRF = Pattern.compile("<meta name=\"_csrf\" content=\"([^\"]+)\"");

    private final HttpClient http;
    private final CookieManager cookies = new CookieManager();
    private String csrf;

    public StaffClient() {
        this.http = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** The cookies this client holds (the session), to hand them to another client or a browser. */
    public CookieManager cookies() {
        return cookies;
    }

    /** Signs in through the login form of the platform at {@code base}; fails if the login page comes back. */
    public StaffClient login(String base, String user, String password) {
        String page = get(base + "/login").body();
        String form = "username=" + enc(user) + "&password=" + enc(password) + "&_csrf=" + enc(find(HIDDEN_CSRF, page));
        HttpResponse<String> home = send(HttpRequest.newBuilder(URI.create(base + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "text/html")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
        if (home.uri().getPath().startsWith("/login")) {
            throw new IllegalStateException("login failed for " + user + " at " + base);
        }
        csrf = find(META_CSRF, home.body());
        return this;
    }

    public HttpResponse<String> get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/html,application/json"));
    }

    /** A GET accepting only the given media type (e.g. text/plain for Prometheus). */
    public HttpResponse<String> get(String url, String accept) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Accept", accept));
    }

    public HttpResponse<String> getJson(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Accept", "application/json"));
    }

    /** POSTs JSON with the CSRF token (and the idempotency key, if not null). */
    public HttpResponse<String> postJson(String url, String json, String idempotencyKey) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .header("Accept", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        if (csrf != null) {
            b.header("X-CSRF-TOKEN", csrf);
        }
        if (idempotencyKey != null) {
            b.header("Idempotency-Key", idempotencyKey);
        }
        return send(b);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String find(Pattern p, String html) {
        Matcher m = p.matcher(html);
        if (!m.find()) {
            throw new IllegalStateException("no CSRF token in the page");
        }
        return m.group(1);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
