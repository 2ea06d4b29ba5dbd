package org.fengqiao.access;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.fengqiao.audit.AuditTrail;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A disabled account, or one whose person has been retired, loses its open sessions at its next request, not only
 * at its next login (one primary-key lookup per page or API call; static assets are skipped).
 */
class AccountStatusFilter extends OncePerRequestFilter {

    private final JdbcClient jdbc;
    private final AuditTrail audit;

    AccountStatusFilter(JdbcClient jdbc, AuditTrail audit) {
        this.jdbc = jdbc;
        this.audit = audit;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (auth != null && auth.getPrincipal() instanceof SignedInUser user && !isAsset(path)) {
            boolean active = jdbc.sql("""
                            select count(*) from account a join person p on p.id = a.person_id
                            where a.id = ? and a.enabled and p.retired_at is null""")
                    .param(user.accountId()).query(Long.class).single() > 0;
            if (!active) {
                HttpSession session = request.getSession(false);
                if (session != null) {
                    session.invalidate();
                }
                SecurityContextHolder.clearContext();
                audit.recordIndependently(user.username(), "SESSION_END", "account:" + user.username(),
                        "account disabled or person retired", AuditTrail.Outcome.SUCCESS);
                if (path.startsWith("/api/")) {
                    response.sendError(HttpServletResponse.SC_UNAUTHORIZED, "This account is disabled.");
                } else {
                    response.sendRedirect(request.getContextPath() + "/login?error=disabled");
                }
                return;
            }
        }
        chain.doFilter(request, response);
    }

    private static boolean isAsset(String path) {
        return path.startsWith("/css/") || path.startsWith("/js/") || path.startsWith("/webjars/")
                || path.startsWith("/img/") || path.equals("/error") || path.equals("/favicon.ico");
    }
}
