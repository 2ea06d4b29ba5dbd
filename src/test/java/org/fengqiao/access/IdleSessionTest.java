package org.fengqiao.access;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.fengqiao.FengqiaoApplication;
import org.fengqiao.demo.DemoAccounts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 等保: idle sessions end. The platform runs as a real server with a two-second idle timeout; a signed-in browser
 * that keeps working stays in, and one that stays idle longer than the timeout is sent back to the login page.
 */
class IdleSessionTest {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

    @Test
    void aSessionIdleLongerThanTheTimeoutEnds(@TempDir Path dataDir) throws Exception {
        try (ConfigurableApplicationContext app = new SpringApplication(FengqiaoApplication.class).run(
                "--spring.profiles.active=test", "--server.port=0", "--fengqiao.data-dir=" + dataDir,
                "--fengqiao.security.idle-timeout=2s")) {
            String base = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
            HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
                    .followRedirects(HttpClient.Redirect.NEVER).build();
            String loginPage = browser.send(HttpRequest.newBuilder(URI.create(base + "/login")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            Matcher token = CSRF.matcher(loginPage);
            assertThat(token.find()).as("the login form carries a CSRF token").isTrue();
            String form = "username=auditor&password=" + URLEncoder.encode(DemoAccounts.PASSWORD,
                    StandardCharsets.UTF_8) + "&_csrf=" + URLEncoder.encode(token.group(1), StandardCharsets.UTF_8);
            HttpResponse<String> login = browser.send(HttpRequest.newBuilder(URI.create(base + "/login"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(login.headers().firstValue("Location").orElse("")).as("signed in").endsWith("/");

            // working: each request within the timeout keeps the session alive
            for (int i = 0; i < 3; i++) {
                Thread.sleep(1_000);
                assertThat(home(browser, base).statusCode()).as("still signed in after 1 s of quiet").isEqualTo(200);
            }
            // idle past the timeout: the session has ended
            Thread.sleep(3_000);
            HttpResponse<String> after = home(browser, base);
            assertThat(after.statusCode()).isEqualTo(302);
            assertThat(after.headers().firstValue("Location").orElse("")).contains("/login");
        }
    }

    private static HttpResponse<String> home(HttpClient browser, String base) throws Exception {
        return browser.send(HttpRequest.newBuilder(URI.create(base + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
