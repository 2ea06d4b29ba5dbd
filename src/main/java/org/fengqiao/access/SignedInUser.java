package org.fengqiao.access;

import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

import org.fengqiao.platform.CurrentUser;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

/** The principal put into the security context at login: the account and every role assignment of its person. */
record SignedInUser(long accountId, long personId, String username, String displayName, String passwordHash,
                    List<CurrentUser.Assignment> assignments, boolean enabled, boolean locked, boolean mustChangePassword,
                    boolean secondFactorPending)
        implements UserDetails, CurrentUser.User {

    @Override
    public Collection<? extends GrantedAuthority> getAuthorities() {
        return heldRoles().stream().map(r -> new SimpleGrantedAuthority(r.authority())).collect(Collectors.toSet());
    }

    @Override
    public String getPassword() {
        return passwordHash;
    }

    @Override
    public String getUsername() {
        return username;
    }

    @Override
    public boolean isAccountNonLocked() {
        return !locked;
    }

    @Override
    public boolean isEnabled() {
        return enabled;
    }

    /** Never keep the hash in the session once authenticated. */
    SignedInUser withoutPassword() {
        return new SignedInUser(accountId, personId, username, displayName, "", assignments, enabled, locked,
                mustChangePassword, secondFactorPending);
    }

    SignedInUser passwordChanged() {
        return new SignedInUser(accountId, personId, username, displayName, "", assignments, enabled, locked, false,
                secondFactorPending);
    }

    /** After the one-time code has been checked. */
    SignedInUser secondFactorPassed() {
        return new SignedInUser(accountId, personId, username, displayName, "", assignments, enabled, locked,
                mustChangePassword, false);
    }
}
