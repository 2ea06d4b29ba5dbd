package org.fengqiao.access;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.fengqiao.audit.AuditTrail;
import org.fengqiao.people.RoleAssignments;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Keeps open sessions in step with the account (one indexed lookup per page or API call; assets are skipped):
 * a disabled account, or one whose person has been retired, loses its session at its next request; when the
 * person's active role assignments change (grant, revoke), the session's roles and data scope are reloaded, so a
 * revoked role stops working everywhere at once, not at the next login.
 *
 * <p>A session that was checked less than {@link #RECHECK_MILLIS} ago, with no account administration committed
 * since, skips the look-up: changes made on this instance (disable, grant, revoke) still apply at the very next
 * request, changes made on another instance as soon as this one sees the new value of {@code account_generation}
 * (read at most every {@link #GENERATION_READ_MILLIS}), and a person retired elsewhere loses the session within a
 * second. This keeps the check off the hot path of a client sending many requests a second. The session may be
 * served by any instance (sessions are in the database), so the mark is wall-clock time, not a process's nanoTime.
 */
class AccountStatusFilter extends OncePerRequestFilter {

    static final String CHECKED = "fengqiao.access.statusChecked";
    static final long RECHECK_MILLIS = 1_000L;
    static final long GENERATION_READ_MILLIS = 200L;
    /** The highest account_generation this process has seen (its own commits at once, others' when read). */
    private static final AtomicLong GENERATION = new AtomicLong();
    private static final AtomicLong GENERATION_READ_AT = new AtomicLong();

    /**
     * Account administration changed an account or its roles: counts it in the database within the caller's
     * transaction, and here at once after it commits, so every session on every instance checks again.
     */
    static void accountsChanged(JdbcClient jdbc) {
        long generation = jdbc.sql("update account_generation set generation = generation + 1 returning generation")
                .query(Long.class).single();
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    GENERATION.accumulateAndGet(generation, Math::max);
                }
            });
        } else {
            GENERATION.accumulateAndGet(generation, Math::max);
        }
    }

    static final String ROLE_STAMP = "fengqiao.access.roleStamp";

    private final JdbcClient jdbc;
    private final RoleAssignments assignments;
    private final AuditTrail audit;
    private final AccountUserDetailsService users;

    private final java.time.Clock clock;

    AccountStatusFilter(java.time.Clock clock, JdbcClient jdbc, RoleAssignments assignments, AuditTrail audit,
                        AccountUserDetailsService users) {
        this.jdbc = jdbc;
        this.assignments = assignments;
        this.clock = clock;
        this.audit = audit;
        this.users = users;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (auth != null && auth.getPrincipal() instanceof SignedInUser user && !isAsset(path)
                && !checkedRecently(request.getSession(false))) {
            long generation = GENERATION.get();
            long now = clock.millis();
            record Status(boolean active, String roles) {
            }
            boolean enabled = jdbc.sql("select enabled from account where id = ?").param(user.accountId())
                    .query(Boolean.class).optional().orElse(false);
            RoleAssignments.PostsStatus posts = assignments.status(user.personId());
            Status status = new Status(enabled && posts.personActive(), posts.stamp());
            HttpSession session = request.getSession(false);
            if (!status.active()) {
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
            if (session != null) {
                session.setAttribute(CHECKED, new long[] {now, generation});
                Object stamp = session.getAttribute(ROLE_STAMP);
                if (stamp == null) {
                    session.setAttribute(ROLE_STAMP, status.roles());
                } else if (!stamp.equals(status.roles())) {
                    SignedInUser fresh = users.loadUserByUsername(user.username());
                    SignedInUser refreshed = new SignedInUser(user.accountId(), user.personId(), user.username(),
                            fresh.displayName(), "", fresh.assignments(), fresh.enabled(), fresh.locked(),
                            user.mustChangePassword() || fresh.mustChangePassword(), user.secondFactorPending());
                    SignedInSessions.replace(request, refreshed);
                    session.setAttribute(ROLE_STAMP, status.roles());
                }
            }
        }
        chain.doFilter(request, response);
    }

    private boolean checkedRecently(HttpSession session) {
        if (!(session != null && session.getAttribute(CHECKED) instanceof long[] mark)) {
            return false;
        }
        long now = clock.millis();
        return mark[1] == currentGeneration(now) && now - mark[0] < RECHECK_MILLIS && now >= mark[0];
    }

    /** The newest account generation, read from the database at most every {@link #GENERATION_READ_MILLIS}. */
    private long currentGeneration(long now) {
        long readAt = GENERATION_READ_AT.get();
        if (now - readAt >= GENERATION_READ_MILLIS && GENERATION_READ_AT.compareAndSet(readAt, now)) {
            jdbc.sql("select generation from account_generation").query(Long.class).optional()
                    .ifPresent(g -> GENERATION.accumulateAndGet(g, Math::max));
        }
        return GENERATION.get();
    }

    private static boolean isAsset(String path) {
        return path.startsWith("/css/") || path.startsWith("/js/") || path.startsWith("/webjars/")
                || path.startsWith("/img/") || path.equals("/error") || path.equals("/favicon.ico");
    }
}
