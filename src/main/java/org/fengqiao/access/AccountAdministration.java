package org.fengqiao.access;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.fengqiao.audit.AuditTrail;
import org.fengqiao.people.PersonLookup;
import org.fengqiao.people.RoleAssignments;
import org.fengqiao.platform.AccessPolicy;
import org.fengqiao.platform.ConflictException;
import org.fengqiao.platform.CurrentUser;
import org.fengqiao.platform.DataScope;
import org.fengqiao.platform.InvalidRequestException;
import org.fengqiao.platform.NotFoundException;
import org.fengqiao.platform.Reasons;
import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Account administration ({@link AccessPermission#ADMINISTER_ACCOUNTS}: the SECURITY_ADMIN, only for accounts whose
 * person lies inside the area of such a post; 三员分立: the system administrator and the auditor cannot do this;
 * nobody administers their own account). Role grants are the people module's ({@code RoleGrants}). Every action needs a reason and is
 * audited; refusals are audited too. Checked here, in the service, whatever the page shows.
 */
@Service
public class AccountAdministration {

    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._-]{3,64}");

    private final JdbcClient jdbc;
    private final RoleAssignments assignments;
    private final PersonLookup persons;
    private final AccessPolicy policy;
    private final PasswordPolicy passwords;
    private final PasswordEncoder encoder;
    private final AuditTrail audit;
    private final MessageSource messages;
    private final Clock clock;

    AccountAdministration(JdbcClient jdbc, RoleAssignments assignments, PersonLookup persons, AccessPolicy policy,
                          PasswordPolicy passwords, PasswordEncoder encoder, AuditTrail audit, MessageSource messages,
                          Clock clock) {
        this.jdbc = jdbc;
        this.assignments = assignments;
        this.persons = persons;
        this.policy = policy;
        this.passwords = passwords;
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

    /** Whether the signed-in user administers accounts somewhere (for the menu and forms). */
    public boolean mayAdminister() {
        return policy.holds(AccessPermission.ADMINISTER_ACCOUNTS);
    }

    public List<AccountRow> list(String query) {
        DataScope scope = requireAdmin("ACCOUNT_LIST", "accounts");
        String q = query == null || query.isBlank() ? null
                : "%" + query.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        // the persons in scope come from the people module; the accounts are filtered by them in SQL
        Long[] inScope = persons.idsIn(scope, null).toArray(Long[]::new);
        Long[] byName = q == null ? new Long[0] : persons.idsIn(scope, query).toArray(Long[]::new);
        return withPersons(jdbc.sql(SELECT + """
                         where a.person_id = any (?)
                           and (?::text is null or a.username like ? or a.person_id = any (?))
                         order by a.username limit 500""")
                .params(inScope, q, q, byName).query(AccountRow.class).list());
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
        String why = Reasons.required(reason);
        personInScope(personId, scope, "ACCOUNT_CREATE");
        audit.refuseOwnPerson(personId, "ACCOUNT_CREATE", target);
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
        String why = Reasons.required(reason);
        jdbc.sql("update account set failed_attempts = 0, locked_until = null, version = version + 1 where id = ?")
                .param(accountId).update();
        audit.record("ACCOUNT_UNLOCK", "account:" + row.username(), "reason: " + why, AuditTrail.Outcome.SUCCESS);
    }

    /** Sets a new initial password that must be changed at the next login; also clears a lock. */
    @Transactional
    public void resetPassword(long accountId, String newPassword, String reason) {
        AccountRow row = target(accountId, "ACCOUNT_RESET_PASSWORD");
        String why = Reasons.required(reason);
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
        String why = Reasons.required(reason);
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
        String why = Reasons.required(reason);
        jdbc.sql("""
                        update account set enabled = ?, disabled_at = ?, disabled_reason = ?, version = version + 1
                        where id = ?""")
                .params(enabled, enabled ? null : OffsetDateTime.now(clock), enabled ? null : why, accountId)
                .update();
        audit.record(action, "account:" + row.username(), "reason: " + why, AuditTrail.Outcome.SUCCESS);
        AccountStatusFilter.accountsChanged(jdbc);
    }

    private static final String SELECT = """
            select a.id, a.username, a.person_id, null as name, null as area_code, a.enabled, a.locked_until,
                   a.must_change_password, a.last_login_at, a.password_changed_at, a.created_at, a.created_by,
                   a.disabled_reason, a.totp_enabled
            from account a
            """;

    /** The account rows with their person's name and area (from the people module). */
    private List<AccountRow> withPersons(List<AccountRow> rows) {
        Map<Long, PersonLookup.PersonRef> people = persons.find(rows.stream().map(AccountRow::personId).toList());
        return rows.stream().map(r -> {
            PersonLookup.PersonRef p = people.get(r.personId());
            return new AccountRow(r.id(), r.username(), r.personId(), p == null ? null : p.name(),
                    p == null ? null : p.areaCode(), r.enabled(), r.lockedUntil(), r.mustChangePassword(),
                    r.lastLoginAt(), r.passwordChangedAt(), r.createdAt(), r.createdBy(), r.disabledReason(),
                    r.totpEnabled());
        }).toList();
    }

    private DataScope requireAdmin(String action, String target) {
        DataScope scope = policy.scope(AccessPermission.ADMINISTER_ACCOUNTS);
        if (scope.isEmpty()) {
            audit.recordIndependently(CurrentUser.actor(), action, target, "not a security administrator",
                    AuditTrail.Outcome.DENIED);
            throw new AccessDeniedException("Only a security administrator may administer accounts.");
        }
        return scope;
    }

    /** The account to act on: admin, in scope, not one's own. */
    private AccountRow target(long accountId, String action) {
        DataScope scope = requireAdmin(action, "account:" + accountId);
        AccountRow row = account(accountId, scope, action);
        audit.refuseOwnPerson(row.personId(), action, "account:" + row.username());
        return row;
    }

    private AccountRow account(long accountId, DataScope scope, String action) {
        return jdbc.sql(SELECT + " where a.id = ?").param(accountId).query(AccountRow.class).optional()
                .map(r -> withPersons(List.of(r)).getFirst())
                .filter(r -> scope.covers(r.areaCode()))
                .orElseThrow(() -> {
                    audit.recordIndependently(CurrentUser.actor(), action, "account:" + accountId,
                            "unknown or outside scope", AuditTrail.Outcome.DENIED);
                    return new NotFoundException("No account " + accountId + " in your area.");
                });
    }

    private void personInScope(long personId, DataScope scope, String action) {
        if (persons.find(personId).filter(p -> !p.retired() && scope.covers(p.areaCode())).isEmpty()) {
            audit.recordIndependently(CurrentUser.actor(), action, "person:" + personId, "unknown or outside scope",
                    AuditTrail.Outcome.DENIED);
            throw new NotFoundException("No person " + personId + " in your area.");
        }
    }

    private void requireGoodPassword(String password, String username) {
        List<String> problems = passwords.violations(password, username);
        if (!problems.isEmpty()) {
            Locale locale = org.springframework.context.i18n.LocaleContextHolder.getLocale();
            throw new InvalidRequestException(problems.stream()
                    .map(k -> messages.getMessage(k, new Object[]{passwords.minLength()}, k, locale))
                    .collect(Collectors.joining(" ")));
        }
    }
}
