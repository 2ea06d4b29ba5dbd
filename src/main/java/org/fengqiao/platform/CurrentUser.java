package org.fengqiao.platform;

import java.util.Optional;
import java.util.Set;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Who is acting. The access module puts a {@link User} into the security context at login; every other module
 * reads it from here, so none of them depends on how login works.
 */
public final class CurrentUser {

    private CurrentUser() {
    }

    /** The signed-in user as the domain sees them. */
    public interface User {
        long personId();

        String username();

        String displayName();

        Set<String> roles();

        DataScope scope();

        default boolean hasRole(String role) {
            return roles().contains(role);
        }
    }

    public static Optional<User> get() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth != null && auth.getPrincipal() instanceof User user) {
            return Optional.of(user);
        }
        return Optional.empty();
    }

    /** The user's data scope; nothing when nobody is signed in. */
    public static DataScope scope() {
        return get().map(User::scope).orElse(DataScope.NOTHING);
    }

    /** The user's name for audit and history rows; "system" outside a request. */
    public static String actor() {
        return get().map(User::username).orElse("system");
    }
}
