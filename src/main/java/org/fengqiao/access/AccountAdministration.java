package org.fengqiao.access;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.fengqiao.audit.AuditTrail;
import org.fengqiao.people.RoleAssignments;
import org.fengqiao.platform.Role;
import org.fengqiao.platform.ConflictException;
import org.fengqiao.platform.CurrentUser;
import org.fengqiao.platform.DataScope;
import org.fengqiao.platform.InvalidRequestException;
import org.fengqiao.platform.NotFoundException;
import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Account administration, for the SECURITY_ADMIN only and only inside the areas of their SECURITY_ADMIN role
 * (三员分立: the system administrator and the auditor cannot do this; nobody administers their own account or grants
 * themselves a role; one person never holds two of the three admin roles). Every action needs a reason and is
 * audited; refusals are audited too. Checked here, in the service, whatever the page shows.
 */
@Service
public class AccountAdministration {

    static final Set<String> ADMIN = Set.of(Role.SECURITY_ADMIN.name());
    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._-]{3,64}");
    private static final Set<String> WORKER_TYPES = Set.of("FULL_TIME", "PART_TIME", "PROFESSIONAL");

    private final JdbcClient jdbc;
    private final RoleAssignments assignments;
    private final PasswordPolicy policy;
    private final PasswordEncoder encoder;
    private final AuditTrail audit;
    private final MessageSource messages;
    private final Clock clock;

    AccountAdministration(JdbcClient jdbc, RoleAssignments assignments, PasswordPolicy policy,
                          PasswordEncoder encoder, AuditTrail audit, MessageSource messages, Clock clock) {
        this.jdbc = jdbc;
        this.assignments = assignments;
        this.policy = policy;
        this.encoder = encoder;
        this.audit = audit;
        this.messages = messages;
        this.clock = clock;
    }

    public record AccountRow(long id, String username, long personId, String name, String areaCode, boolean enabled,
                             OffsetDateTime lockedUntil, boolean mustChangePassword, OffsetDateTime lastLoginAt,
                             OffsetDateTime passwordChangedAt, OffsetDateTime createdAt, String createdBy,
                             String disabledReason, boolean totpEnabled) {
    }

    public record AccountDetail(AccountRow account, boolean locked, List<RoleAssignments.Assignment> roles) {
    }

    /** Whether the signed-in user is a security administrator somewhere (for the menu and forms). */
    public boolean mayAdminister() {
        return assignments.currentUserHolds(ADMIN);
    }

    public List<AccountRow> list(String query) {
        DataScope scope = requireAdmin("ACCOUNT_LIST", "accounts");
        String q = query == null || query.isBlank() ? null
                : "%" + query.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        return jdbc.sql(SELECT + """
                         where p.area_code like any (?) and (?::text is null or a.username like ? or p.name like ?)
                         order by a.username limit 500""")
                .params(scope.likePatterns(), q, q, q).query(AccountRow.class).list();
    }

    public AccountDetail get(long accountId) {
        DataScope scope = requireAdmin("ACCOUNT_VIEW", "account:" + accountId);
        AccountRow row = account(accountId, scope, "ACCOUNT_VIEW");
        boolean locked = row.lockedUntil() != null && row.lockedUntil().toInstant().isAfter(Instant.now(clock));
        return new AccountDetail(row, locked, assignments.activeOf(row.personId()));
    }

    @Transactional
    public long create(long personId, String username, String initialPassword, String reason) {
        String target = "person:" + personId;
        DataScope scope = requireAdmin("ACCOUNT_CREATE", target);
        String why = requireReason(reason);
        personInScope(personId, scope, "ACCOUNT_CREATE");
        notSelf(personId, "ACCOUNT_CREATE", target);
        String name = username == null ? "" : username.strip();
        if (!USERNAME.matcher(name).matches()) {
            throw new InvalidRequestException("The user name must have 3 to 64 letters, digits, '.', '-' or '_'.");
        }
        requireGoodPassword(initialPassword, name);
        if (jdbc.sql("select count(*) from account where lower(username) = lower(?)").param(name)
                .query(Long.class).single() > 0) {
            throw new ConflictException("The user name '" + name + "' is taken.");
        }
        if (jdbc.sql("select count(*) from account where person_id = ?").param(personId)
                .query(Long.class).single() > 0) {
            throw new ConflictException("This person already has an account.");
        }
        long id = jdbc.sql("""
                        insert into account (username, person_id, password_hash, password_changed_at,
                                             must_change_password, created_by)
                        values (?, ?, ?, ?, true, ?) returning id""")
                .params(name, personId, encoder.encode(initialPassword), OffsetDateTime.now(clock),
                        CurrentUser.actor())
                .query(Long.class).single();
        audit.record("ACCOUNT_CREATE", "account:" + name, "person " + personId + "; reason: " + why,
                AuditTrail.Outcome.SUCCESS);
        return id;
    }

    @Transactional
    public void unlock(long accountId, String reason) {
        AccountRow row = target(accountId, "ACCOUNT_UNLOCK");
        String why = requireReason(reason);
        jdbc.sql("update account set failed_attempts = 0, locked_until = null, version = version + 1 where id = ?")
                .param(accountId).update();
        audit.record("ACCOUNT_UNLOCK", "account:" + row.username(), "reason: " + why, AuditTrail.Outcome.SUCCESS);
    }

    /** Sets a new initial password that must be changed at the next login; also clears a lock. */
    @Transactional
    public void resetPassword(long accountId, String newPassword, String reason) {
        AccountRow row = target(accountId, "ACCOUNT_RESET_PASSWORD");
        String why = requireReason(reason);
        requireGoodPassword(newPassword, row.username());
        jdbc.sql("""
                        update account set password_hash = ?, must_change_password = true, password_changed_at = ?,
                               failed_attempts = 0, locked_until = null, version = version + 1 where id = ?""")
                .params(encoder.encode(newPassword), OffsetDateTime.now(clock), accountId).update();
        audit.record("ACCOUNT_RESET_PASSWORD", "account:" + row.username(), "reason: " + why,
                AuditTrail.Outcome.SUCCESS);
    }

    /** Removes a lost authenticator: the next sign-in asks for the password only. */
    @Transactional
    public void resetSecondFactor(long accountId, String reason) {
        AccountRow row = target(accountId, "TOTP_RESET");
        String why = requireReason(reason);
        jdbc.sql("""
                        update account set totp_secret_enc = null, totp_enabled = false, totp_last_step = null,
                               version = version + 1 where id = ?""")
                .param(accountId).update();
        audit.record("TOTP_RESET", "account:" + row.username(), "reason: " + why, AuditTrail.Outcome.SUCCESS);
    }

    @Transactional
    public void setEnabled(long accountId, boolean enabled, String reason) {
        String action = enabled ? "ACCOUNT_ENABLE" : "ACCOUNT_DISABLE";
        AccountRow row = target(accountId, action);
        String why = requireReason(reason);
        jdbc.sql("""
                        update account set enabled = ?, disabled_at = ?, disabled_reason = ?, version = version + 1
                        where id = ?""")
                .params(enabled, enabled ? null : OffsetDateTime.now(clock), enabled ? null : why, accountId)
                .update();
        audit.record(action, "account:" + row.username(), "reason: " + why, AuditTrail.Outcome.SUCCESS);
        AccountStatusFilter.accountsChanged(jdbc);
    }

    @Transactional
    public long grant(long personId, String role, String areaCode, Long organisationId, String workerType,
                      String reason) {
        String target = "person:" + personId;
        DataScope scope = requireAdmin("ROLE_GRANT", target);
        String why = requireReason(reason);
        personInScope(personId, scope, "ROLE_GRANT");
        notSelf(personId, "ROLE_GRANT", target);
        Role r;
        try {
            r = Role.valueOf(role == null ? "" : role.strip());
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("Unknown role '" + role + "'.");
        }
        String area = areaCode == null ? "" : areaCode.strip();
        if (jdbc.sql("select count(*) from area where code = ? and retired_at is null and code like any (?)")
                .params(area, scope.likePatterns()).query(Long.class).single() == 0) {
            throw new InvalidRequestException("The area code '" + area + "' does not exist or lies outside your area.");
        }
        String wt = workerType == null || workerType.isBlank() ? null : workerType.strip();
        if (r == Role.GRID_WORKER && (wt == null || !WORKER_TYPES.contains(wt))) {
            throw new InvalidRequestException("A grid worker needs a worker type: FULL_TIME, PART_TIME or PROFESSIONAL.");
        }
        if (r != Role.GRID_WORKER && wt != null) {
            throw new InvalidRequestException("Only grid workers have a worker type.");
        }
        if (r == Role.DEPARTMENT_HANDLER && organisationId == null) {
            throw new InvalidRequestException("A department handler needs an organisation.");
        }
        if (organisationId != null && jdbc.sql("""
                        select count(*) from organisation where id = ? and retired_at is null and area_code like any (?)""")
                .params(organisationId, scope.likePatterns()).query(Long.class).single() == 0) {
            throw new InvalidRequestException("The organisation does not exist or lies outside your area.");
        }
        List<String> held = jdbc.sql("select role from role_assignment where person_id = ? and revoked_at is null")
                .param(personId).query(String.class).list();
        if (r.isSeparatedAdmin()) {
            Set<String> conflicting = held.stream().filter(h -> !h.equals(r.name()))
                    .filter(h -> Role.SEPARATED_ADMINS.stream().anyMatch(a -> a.name().equals(h)))
                    .collect(Collectors.toSet());
            if (!conflicting.isEmpty()) {
                audit.recordIndependently(CurrentUser.actor(), "ROLE_GRANT", target,
                        "三员分立: holds " + conflicting + ", asked " + r, AuditTrail.Outcome.DENIED);
                throw new ConflictException("三员分立: this person already holds " + conflicting
                        + "; system administrator, security administrator and auditor must be different people.");
            }
        }
        if (jdbc.sql("""
                        select count(*) from role_assignment where person_id = ? and role = ? and area_code = ?
                          and revoked_at is null""")
                .params(personId, r.name(), area).query(Long.class).single() > 0) {
            throw new ConflictException("This person already holds this role for this area.");
        }
        long id = jdbc.sql("""
                        insert into role_assignment (person_id, role, area_code, organisation_id, worker_type,
                                                     granted_at, granted_by, granted_reason)
                        values (?, ?, ?, ?, ?, ?, ?, ?) returning id""")
                .params(personId, r.name(), area, organisationId, wt, OffsetDateTime.now(clock), CurrentUser.actor(),
                        why)
                .query(Long.class).single();
        audit.record("ROLE_GRANT", target, r + " for " + area + (wt == null ? "" : " " + wt)
                + (organisationId == null ? "" : " org " + organisationId) + "; reason: " + why,
                AuditTrail.Outcome.SUCCESS);
        AccountStatusFilter.accountsChanged(jdbc);
        return id;
    }

    @Transactional
    public void revoke(long assignmentId, String reason) {
        String target = "role_assignment:" + assignmentId;
        DataScope scope = requireAdmin("ROLE_REVOKE", target);
        String why = requireReason(reason);
        record A(long personId, String role, String areaCode) {
        }
        A a = jdbc.sql("""
                        select r.person_id, r.role, r.area_code from role_assignment r join person p on p.id = r.person_id
                        where r.id = ? and r.revoked_at is null and r.area_code like any (?)
                          and p.area_code like any (?)""")
                .params(assignmentId, scope.likePatterns(), scope.likePatterns()).query(A.class).optional()
                .orElseThrow(() -> {
                    audit.recordIndependently(CurrentUser.actor(), "ROLE_REVOKE", target, "unknown or outside scope",
                            AuditTrail.Outcome.DENIED);
                    return new NotFoundException("No active role assignment " + assignmentId + " in your area.");
                });
        notSelf(a.personId(), "ROLE_REVOKE", target);
        jdbc.sql("""
                        update role_assignment set revoked_at = ?, revoked_by = ?, revoked_reason = ?
                        where id = ? and revoked_at is null""")
                .params(OffsetDateTime.now(clock), CurrentUser.actor(), why, assignmentId).update();
        audit.record("ROLE_REVOKE", "person:" + a.personId(), a.role() + " for " + a.areaCode() + "; reason: " + why,
                AuditTrail.Outcome.SUCCESS);
        AccountStatusFilter.accountsChanged(jdbc);
    }

    private static final String SELECT = """
            select a.id, a.username, a.person_id, p.name, p.area_code, a.enabled, a.locked_until,
                   a.must_change_password, a.last_login_at, a.password_changed_at, a.created_at, a.created_by,
                   a.disabled_reason, a.totp_enabled
            from account a join person p on p.id = a.person_id
            """;

    private DataScope requireAdmin(String action, String target) {
        try {
            return assignments.requireScope(ADMIN);
        } catch (AccessDeniedException e) {
            audit.recordIndependently(CurrentUser.actor(), action, target, "not a security administrator",
                    AuditTrail.Outcome.DENIED);
            throw e;
        }
    }

    /** The account to act on: admin, in scope, not one's own. */
    private AccountRow target(long accountId, String action) {
        DataScope scope = requireAdmin(action, "account:" + accountId);
        AccountRow row = account(accountId, scope, action);
        notSelf(row.personId(), action, "account:" + row.username());
        return row;
    }

    private AccountRow account(long accountId, DataScope scope, String action) {
        return jdbc.sql(SELECT + " where a.id = ? and p.area_code like any (?)")
                .params(accountId, scope.likePatterns()).query(AccountRow.class).optional()
                .orElseThrow(() -> {
                    audit.recordIndependently(CurrentUser.actor(), action, "account:" + accountId,
                            "unknown or outside scope", AuditTrail.Outcome.DENIED);
                    return new NotFoundException("No account " + accountId + " in your area.");
                });
    }

    private void personInScope(long personId, DataScope scope, String action) {
        if (jdbc.sql("select count(*) from person where id = ? and retired_at is null and area_code like any (?)")
                .params(personId, scope.likePatterns()).query(Long.class).single() == 0) {
            audit.recordIndependently(CurrentUser.actor(), action, "person:" + personId, "unknown or outside scope",
                    AuditTrail.Outcome.DENIED);
            throw new NotFoundException("No person " + personId + " in your area.");
        }
    }

    private void notSelf(long personId, String action, String target) {
        long me = CurrentUser.get().map(CurrentUser.User::personId).orElse(-1L);
        if (me == personId) {
            audit.recordIndependently(CurrentUser.actor(), action, target, "own account or roles",
                    AuditTrail.Outcome.DENIED);
            throw new AccessDeniedException("Nobody may administer their own account or grant themselves a role.");
        }
    }

    private static String requireReason(String reason) {
        String why = reason == null ? "" : reason.strip();
        if (why.length() < 2) {
            throw new InvalidRequestException("State the reason for this change.");
        }
        return why.length() > 500 ? why.substring(0, 500) : why;
    }

    private void requireGoodPassword(String password, String username) {
        List<String> problems = policy.violations(password, username);
        if (!problems.isEmpty()) {
            Locale locale = org.springframework.context.i18n.LocaleContextHolder.getLocale();
            throw new InvalidRequestException(problems.stream()
                    .map(k -> messages.getMessage(k, new Object[]{policy.minLength()}, k, locale))
                    .collect(Collectors.joining(" ")));
        }
    }
}
