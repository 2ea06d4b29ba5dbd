package org.fengqiao.access;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.fengqiao.audit.AuditTrail;
import org.fengqiao.platform.FengqiaoProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.logout.LogoutHandler;
import org.springframework.stereotype.Component;

/**
 * Counts failed logins and locks an account after {@code fengqiao.security.max-failed-logins} failures for
 * {@code fengqiao.security.lockout}; audits every login, failure and logout.
 */
@Component
class LoginAttempts implements AuthenticationSuccessHandler, AuthenticationFailureHandler, LogoutHandler {

    private final JdbcClient jdbc;
    private final Clock clock;
    private final FengqiaoProperties.Security policy;
    private final AuditTrail audit;

    LoginAttempts(JdbcClient jdbc, Clock clock, FengqiaoProperties properties, AuditTrail audit) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.policy = properties.security();
        this.audit = audit;
    }

    @Override
    public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
                                        Authentication authentication) throws IOException {
        SignedInUser user = (SignedInUser) authentication.getPrincipal();
        if (!user.secondFactorPending()) {
            // with a second factor the failure count is reset only once the code has been accepted
            succeeded(user.accountId());
        }
        // the password hash does not travel in the session
        SignedInUser stored = user.withoutPassword();
        SecurityContextHolder.getContext().setAuthentication(
                UsernamePasswordAuthenticationToken.authenticated(stored, null, stored.getAuthorities()));
        audit.recordIndependently(user.username(), "LOGIN", "account:" + user.username(),
                user.secondFactorPending() ? "password accepted; one-time code pending" : null,
                AuditTrail.Outcome.SUCCESS);
        request.getSession().setMaxInactiveInterval((int) policy.idleTimeout().toSeconds());
        response.sendRedirect(request.getContextPath() + (user.secondFactorPending() ? "/login/totp"
                : user.mustChangePassword() ? "/account/password" : "/"));
    }

    /** A completed sign-in: the failure count starts again. */
    void succeeded(long accountId) {
        jdbc.sql("update account set failed_attempts = 0, locked_until = null, last_login_at = ? where id = ?")
                .params(now(), accountId).update();
    }

    /** A failed one-time code counts like a failed password; true when the account is now locked. */
    boolean secondFactorFailed(long accountId) {
        OffsetDateTime now = now();
        Integer attempts = jdbc.sql("""
                        update account set failed_attempts = failed_attempts + 1,
                               locked_until = case when failed_attempts + 1 >= ? then ? else locked_until end
                        where id = ? returning failed_attempts""")
                .params(policy.maxFailedLogins(), now.plus(policy.lockout()), accountId)
                .query(Integer.class).single();
        return attempts >= policy.maxFailedLogins();
    }

    @Override
    public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
                                        AuthenticationException exception) throws IOException {
        String username = request.getParameter("username");
        String reason = "bad";
        if (exception instanceof LockedException) {
            reason = "locked";
        } else if (exception instanceof org.springframework.security.authentication.DisabledException) {
            reason = "disabled";
        } else if (username != null) {
            // a lock that has run out starts a fresh count; the failure that reaches the limit locks
            OffsetDateTime now = now();
            Integer attempts = jdbc.sql("""
                            with n as (
                                select id, case when locked_until is not null and locked_until <= ? then 1
                                                else failed_attempts + 1 end as attempts
                                from account where username = ?)
                            update account a set failed_attempts = n.attempts,
                                   locked_until = case when n.attempts >= ? then ?
                                                       when a.locked_until <= ? then null else a.locked_until end
                            from n where a.id = n.id returning a.failed_attempts""")
                    .params(now, username, policy.maxFailedLogins(), now.plus(policy.lockout()), now)
                    .query(Integer.class).optional().orElse(null);
            if (attempts != null && attempts >= policy.maxFailedLogins()) {
                reason = "locked";
            }
        }
        audit.recordIndependently(username == null ? "anonymous" : truncate(username), "LOGIN",
                "account:" + truncate(username), reason, AuditTrail.Outcome.FAILURE);
        response.sendRedirect(request.getContextPath() + "/login?error=" + reason);
    }

    @Override
    public void logout(HttpServletRequest request, HttpServletResponse response, Authentication authentication) {
        if (authentication != null && authentication.getPrincipal() instanceof SignedInUser user) {
            audit.recordIndependently(user.username(), "LOGOUT", "account:" + user.username(), null,
                    AuditTrail.Outcome.SUCCESS);
        }
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(Instant.now(clock), ZoneOffset.UTC);
    }

    private static String truncate(String s) {
        return s == null ? null : s.length() > 60 ? s.substring(0, 60) : s;
    }
}
