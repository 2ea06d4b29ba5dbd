package org.fengqiao.access;

import java.util.Collection;
import java.util.Set;
import java.util.stream.Collectors;

import org.fengqiao.platform.CurrentUser;
import org.fengqiao.platform.DataScope;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

/** The principal put into the security context at login. */
record SignedInUser(long accountId, long personId, String username, String displayName, String passwordHash,
                    Set<String> roles, DataScope scope, boolean enabled, boolean locked, boolean mustChangePassword,
                    boolean secondFactorPending)
        implements UserDetails, CurrentUser.User {

    @Override
    public Collection<? extends GrantedAuthority> getAuthorities() {
        return roles.stream().map(r -> new SimpleGrantedAuthority("ROLE_" + r)).collect(Collectors.toSet());
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
        return new SignedInUser(accountId, personId, username, displayName, "", roles, scope, enabled, locked,
                mustChangePassword, secondFactorPending);
    }

    SignedInUser passwordChanged() {
        return new SignedInUser(accountId, personId, username, displayName, "", roles, scope, enabled, locked, false,
                secondFactorPending);
    }

    /** After the one-time code has been checked. */
    SignedInUser secondFactorPassed() {
        return new SignedInUser(accountId, personId, username, displayName, "", roles, scope, enabled, locked,
                mustChangePassword, false);
    }
}
