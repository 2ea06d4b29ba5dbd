package org.fengqiao.access;

import java.time.Instant;

import org.fengqiao.people.TestWorld;
import org.fengqiao.support.IntegrationTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.mock.web.MockHttpSession;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The optional TOTP second factor: enrolment, login with a code, no replay, lockout, reset by the admin. */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecondFactorTest {

    @Autowired
    ApplicationContext ctx;

    TestWorld w;

    @BeforeAll
    void world() {
        w = TestWorld.create(ctx);
    }

    /** Enrols the user's authenticator and returns the secret and the step used. */
    private String enrol(String username) throws Exception {
        MockHttpSession s = w.login(username);
        w.mvc.perform(get("/account/totp").session(s)).andExpect(status().isOk());
        String secret = (String) s.getAttribute(SecondFactorController.PENDING_SECRET);
        assertThat(secret).hasSize(32);
        w.mvc.perform(get("/account/totp/qr.png").session(s)).andExpect(status().isOk())
                .andExpect(content().contentType("image/png"));
        w.mvc.perform(post("/account/totp").session(s).with(csrf()).param("code", "000000"))
                .andExpect(status().isBadRequest());
        long step = Totp.step(Instant.now());
        w.mvc.perform(post("/account/totp").session(s).with(csrf()).param("code", Totp.code(secret, step)))
                .andExpect(redirectedUrl("/account/totp?enabled"));
        return secret;
    }

    private MockHttpSession passwordOnly(String username) throws Exception {
        var r = w.mvc.perform(formLogin("/login").user(username).password(TestWorld.PASSWORD))
                .andExpect(redirectedUrl("/login/totp")).andReturn();
        return (MockHttpSession) r.getRequest().getSession(false);
    }

    @Test
    void afterEnrolmentEverySignInNeedsAFreshCode() throws Exception {
        TestWorld.Staff s = w.staff("SHIFT_LEAD", w.townA);
        String secret = enrol(s.username());
        byte[] stored = w.jdbc.sql("select totp_secret_enc from account where username = ?").param(s.username())
                .query(byte[].class).single();
        assertThat(new String(stored, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain(secret);
        assertThat(w.cipher.decrypt(stored)).isEqualTo(secret);

        MockHttpSession session = passwordOnly(s.username());
        w.mvc.perform(get("/persons").session(session)).andExpect(redirectedUrl("/login/totp"));
        w.mvc.perform(get("/api/persons").session(session)).andExpect(status().isUnauthorized());
        w.mvc.perform(post("/login/totp").session(session).with(csrf()).param("code", "123456"))
                .andExpect(status().isBadRequest());
        String next = Totp.code(secret, Totp.step(Instant.now()) + 1);
        w.mvc.perform(post("/login/totp").session(session).with(csrf()).param("code", next))
                .andExpect(redirectedUrl("/"));
        w.mvc.perform(get("/persons").session(session)).andExpect(status().isOk());
        assertThat(w.auditCount(s.username(), "LOGIN_TOTP", "SUCCESS")).isEqualTo(1);
        assertThat(w.auditCount(s.username(), "LOGIN_TOTP", "FAILURE")).isEqualTo(1);

        // the same code cannot be used again
        MockHttpSession again = passwordOnly(s.username());
        w.mvc.perform(post("/login/totp").session(again).with(csrf()).param("code", next))
                .andExpect(status().isBadRequest());
    }

    @Test
    void wrongCodesLockTheAccountAndTheAdminCanRemoveALostAuthenticator() throws Exception {
        TestWorld.Staff s = w.staff("DISPATCHER", w.townA);
        enrol(s.username());
        MockHttpSession session = passwordOnly(s.username());
        for (int i = 0; i < 4; i++) {
            w.mvc.perform(post("/login/totp").session(session).with(csrf()).param("code", "00000" + i))
                    .andExpect(status().isBadRequest());
        }
        w.mvc.perform(post("/login/totp").session(session).with(csrf()).param("code", "000009"))
                .andExpect(redirectedUrl("/login?error=locked"));
        w.mvc.perform(formLogin("/login").user(s.username()).password(TestWorld.PASSWORD))
                .andExpect(redirectedUrl("/login?error=locked"));

        TestWorld.Staff admin = w.staff("SECURITY_ADMIN", w.county);
        long accountId = w.jdbc.sql("select id from account where username = ?").param(s.username())
                .query(Long.class).single();
        MockHttpSession a = w.login(admin.username());
        w.mvc.perform(post("/api/admin/accounts/" + accountId + "/reset-totp").session(a).with(csrf())
                .contentType("application/json").content("{\"reason\":\"手机遗失\"}")).andExpect(status().isOk());
        w.mvc.perform(post("/api/admin/accounts/" + accountId + "/unlock").session(a).with(csrf())
                .contentType("application/json").content("{\"reason\":\"本人核实\"}")).andExpect(status().isOk());
        w.mvc.perform(formLogin("/login").user(s.username()).password(TestWorld.PASSWORD))
                .andExpect(redirectedUrl("/"));
        assertThat(w.auditCount(admin.username(), "TOTP_RESET", "SUCCESS")).isEqualTo(1);
    }
}
