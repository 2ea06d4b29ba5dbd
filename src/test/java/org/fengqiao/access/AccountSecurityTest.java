package org.fengqiao.access;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.fengqiao.people.TestWorld;
import org.fengqiao.platform.FengqiaoProperties;
import org.fengqiao.support.IntegrationTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationContext;
import org.springframework.mock.web.MockHttpSession;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** 等保 level 3 identification rules, through the real login form and filter chain. */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccountSecurityTest {

    @Autowired
    ApplicationContext ctx;
    @Autowired
    FengqiaoProperties properties;
    @Value("${local.server.port}")
    int port;

    TestWorld w;

    @BeforeAll
    void world() {
        w = TestWorld.create(ctx);
    }

    @Test
    void fiveFailuresLockTheAccountForTheConfiguredTimeEvenForTheRightPassword() throws Exception {
        TestWorld.Staff s = w.staff("DISPATCHER", w.townA);
        for (int i = 0; i < 4; i++) {
            w.mvc.perform(formLogin("/login").user(s.username()).password("Wrong-pass-" + i))
                    .andExpect(redirectedUrl("/login?error=bad"));
        }
        OffsetDateTime before = OffsetDateTime.now();
        w.mvc.perform(formLogin("/login").user(s.username()).password("Wrong-pass-5"))
                .andExpect(redirectedUrl("/login?error=locked"));
        OffsetDateTime lockedUntil = w.jdbc.sql("select locked_until from account where username = ?")
                .param(s.username()).query(OffsetDateTime.class).single();
        assertThat(Duration.between(before, lockedUntil))
                .isCloseTo(properties.security().lockout(), Duration.ofSeconds(30));
        w.mvc.perform(formLogin("/login").user(s.username()).password(TestWorld.PASSWORD))
                .andExpect(redirectedUrl("/login?error=locked"));
        assertThat(w.auditCount(s.username(), "LOGIN", "FAILURE")).isEqualTo(6);

        // when the lock has run out, the right password works and a new failure starts a fresh count
        w.jdbc.sql("update account set locked_until = now() - interval '1 second' where username = ?")
                .param(s.username()).update();
        w.mvc.perform(formLogin("/login").user(s.username()).password("Wrong-again-1"))
                .andExpect(redirectedUrl("/login?error=bad"));
        w.mvc.perform(formLogin("/login").user(s.username()).password(TestWorld.PASSWORD))
                .andExpect(redirectedUrl("/"));
        assertThat(w.jdbc.sql("select failed_attempts from account where username = ?").param(s.username())
                .query(Integer.class).single()).isZero();
    }

    @Test
    void anInitialPasswordMustBeChangedBeforeAnythingElse() throws Exception {
        long p = w.person("初始密码", w.townA, TestWorld.idNumber(), TestWorld.phone());
        w.grant(p, "INTAKE_CLERK", w.townA, null);
        String user = w.account(p, "Initial-Pass-1", true);
        w.mvc.perform(formLogin("/login").user(user).password("Initial-Pass-1"))
                .andExpect(redirectedUrl("/account/password"));
        MockHttpSession s = w.login(user, "Initial-Pass-1");
        w.mvc.perform(get("/persons").session(s)).andExpect(redirectedUrl("/account/password"));
        w.mvc.perform(get("/api/persons").session(s)).andExpect(status().isForbidden());
        // the policy is enforced on change
        w.mvc.perform(post("/account/password").session(s).with(csrf()).param("current", "Initial-Pass-1")
                        .param("password", "weakweak").param("confirm", "weakweak"))
                .andExpect(status().isOk()).andExpect(content().string(containsString("class=\"error\"")));
        w.mvc.perform(post("/account/password").session(s).with(csrf()).param("current", "Initial-Pass-1")
                        .param("password", "Better-Pass-22").param("confirm", "Better-Pass-22"))
                .andExpect(redirectedUrl("/?passwordChanged"));
        w.mvc.perform(get("/persons").session(s)).andExpect(status().isOk());
        assertThat(w.jdbc.sql("select must_change_password from account where username = ?").param(user)
                .query(Boolean.class).single()).isFalse();
        assertThat(w.auditCount(user, "PASSWORD_CHANGE", "SUCCESS")).isEqualTo(1);
    }

    @Test
    void anExpiredPasswordMustBeChanged() {
        TestWorld.Staff s = w.staff("DISPATCHER", w.townA);
        AccountUserDetailsService withExpiry = new AccountUserDetailsService(w.jdbc,
                ctx.getBean(org.fengqiao.people.PersonLookup.class),
                ctx.getBean(org.fengqiao.people.RoleAssignments.class), Clock.systemUTC(),
                PasswordPolicyTest.properties(Duration.ofDays(90)));
        assertThat(withExpiry.loadUserByUsername(s.username()).mustChangePassword()).isFalse();
        w.jdbc.sql("update account set password_changed_at = now() - interval '91 days' where username = ?")
                .param(s.username()).update();
        assertThat(withExpiry.loadUserByUsername(s.username()).mustChangePassword()).isTrue();
        // with the configured default (no expiry) the same account is not forced
        assertThat(ctx.getBean(AccountUserDetailsService.class).loadUserByUsername(s.username())
                .mustChangePassword()).isEqualTo(!properties.security().passwordExpiry().isZero());
    }

    @Test
    void aPostWithoutCsrfTokenIsRefused() throws Exception {
        TestWorld.Staff s = w.staff("LEADER", w.townA);
        MockHttpSession session = w.login(s.username());
        // as in a browser: a page has been shown, so the session holds a token the form would have sent
        w.mvc.perform(get("/account/password").session(session)).andExpect(status().isOk());
        String hash = w.jdbc.sql("select password_hash from account where username = ?").param(s.username())
                .query(String.class).single();
        w.mvc.perform(post("/account/password").session(session).param("current", TestWorld.PASSWORD)
                .param("password", "Another-Pass-9").param("confirm", "Another-Pass-9"))
                .andExpect(status().isForbidden());
        w.mvc.perform(post("/api/persons").session(session).contentType("application/json")
                .content("{\"name\":\"x\",\"areaCode\":\"" + w.townA + "\"}")).andExpect(status().isForbidden());
        assertThat(w.jdbc.sql("select password_hash from account where username = ?").param(s.username())
                .query(String.class).single()).isEqualTo(hash);
        assertThat(w.jdbc.sql("select count(*) from person where name = 'x' and area_code = ?").param(w.townA)
                .query(Long.class).single()).isZero();
    }

    @Test
    void afterLogoutTheOldSessionCookieNoLongerWorks() throws Exception {
        TestWorld.Staff s = w.staff("LEADER", w.townA);
        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        String base = "http://localhost:" + port;
        HttpResponse<String> loginPage = http.send(HttpRequest.newBuilder(URI.create(base + "/login")).build(),
                HttpResponse.BodyHandlers.ofString());
        String cookie = sessionCookie(loginPage, null);
        String token = find(loginPage.body(), "name=\"_csrf\" value=\"([^\"]+)\"");
        HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create(base + "/login"))
                .header("Cookie", "JSESSIONID=" + cookie).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=" + enc(s.username()) + "&password="
                        + enc(TestWorld.PASSWORD) + "&_csrf=" + enc(token))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).isEqualTo(302);
        String session = sessionCookie(login, cookie);
        assertThat(session).isNotEqualTo(cookie); // a new id at login (session fixation)
        HttpResponse<String> home = http.send(HttpRequest.newBuilder(URI.create(base + "/"))
                .header("Cookie", "JSESSIONID=" + session).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(home.statusCode()).isEqualTo(200);
        String pageToken = find(home.body(), "name=\"_csrf\" content=\"([^\"]+)\"");
        HttpResponse<String> logout = http.send(HttpRequest.newBuilder(URI.create(base + "/logout"))
                .header("Cookie", "JSESSIONID=" + session).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("_csrf=" + enc(pageToken))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(logout.statusCode()).isEqualTo(302);
        assertThat(logout.headers().firstValue("Location").orElse("")).contains("/login?logout");
        HttpResponse<String> again = http.send(HttpRequest.newBuilder(URI.create(base + "/persons"))
                .header("Cookie", "JSESSIONID=" + session).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(again.statusCode()).isEqualTo(302);
        assertThat(again.headers().firstValue("Location").orElse("")).contains("/login");
        HttpResponse<String> api = http.send(HttpRequest.newBuilder(URI.create(base + "/api/persons"))
                .header("Cookie", "JSESSIONID=" + session).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(api.statusCode()).isNotEqualTo(200);
        assertThat(w.auditCount(s.username(), "LOGOUT", "SUCCESS")).isEqualTo(1);
    }

    private static String sessionCookie(HttpResponse<?> response, String fallback) {
        return response.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("JSESSIONID="))
                .map(c -> c.substring("JSESSIONID=".length(), c.indexOf(';'))).findFirst().orElse(fallback);
    }

    private static String find(String body, String regex) {
        Matcher m = Pattern.compile(regex).matcher(body);
        assertThat(m.find()).as("pattern %s in page", regex).isTrue();
        return m.group(1);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
