package org.fengqiao.access;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

import org.fengqiao.people.PersonLookup;
import org.fengqiao.people.RoleAssignments;
import org.fengqiao.platform.CurrentUser;
import org.fengqiao.platform.FengqiaoProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Service;

/** Loads an account with its roles and the area scope those roles give. */
@Service
class AccountUserDetailsService implements UserDetailsService {

    private final JdbcClient jdbc;
    private final PersonLookup persons;
    private final RoleAssignments roleAssignments;
    private final Clock clock;
    private final Duration passwordExpiry;

    AccountUserDetailsService(JdbcClient jdbc, PersonLookup persons, RoleAssignments roleAssignments, Clock clock,
                              FengqiaoProperties properties) {
        this.jdbc = jdbc;
        this.persons = persons;
        this.roleAssignments = roleAssignments;
        this.clock = clock;
        this.passwordExpiry = properties.security().passwordExpiry();
    }

    /** A password older than {@code fengqiao.security.password-expiry} must be changed; 0 means never. */
    static boolean expired(OffsetDateTime changedAt, Duration expiry, Instant now) {
        return expiry != null && !expiry.isZero() && !expiry.isNegative() && changedAt != null
                && !changedAt.toInstant().plus(expiry).isAfter(now);
    }

    @Override
    public SignedInUser loadUserByUsername(String username) {
        record Row(long id, long personId, String username, String passwordHash, boolean enabled,
                   OffsetDateTime lockedUntil, boolean mustChangePassword, OffsetDateTime passwordChangedAt,
                   boolean totpEnabled) {
        }
        Row row = jdbc.sql("""
                        select a.id, a.person_id, a.username, a.password_hash, a.enabled, a.locked_until,
                               a.must_change_password, a.password_changed_at, a.totp_enabled
                        from account a where a.username = ?""")
                .param(username).query(Row.class).optional()
                .orElseThrow(() -> new UsernameNotFoundException("unknown account"));
        PersonLookup.PersonRef person = persons.find(row.personId()).filter(p -> !p.retired())
                .orElseThrow(() -> new UsernameNotFoundException("unknown account"));
        List<CurrentUser.Assignment> assignments = roleAssignments.postsOf(row.personId());
        boolean locked = row.lockedUntil() != null && row.lockedUntil().toInstant().isAfter(Instant.now(clock));
        return new SignedInUser(row.id(), row.personId(), row.username(), person.name(), row.passwordHash(),
                assignments, row.enabled(), locked,
                row.mustChangePassword() || expired(row.passwordChangedAt(), passwordExpiry, Instant.now(clock)),
                row.totpEnabled());
    }
}
