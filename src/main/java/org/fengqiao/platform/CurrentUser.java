package org.fengqiao.platform;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Who is acting. The access module puts a {@link User} into the security context at login; every other module
 * reads it from here, so none of them depends on how login works. What the user may do is decided per role
 * assignment by {@link AccessPolicy}, never from {@link User#roles()} and {@link User#scope()} together.
 */
public final class CurrentUser {

    private CurrentUser() {
    }

    /**
     * One post a person holds: a role in an area subtree, for a department handler also for an organisation.
     *
     * @param areaCode       the subtree the assignment covers (a code prefix)
     * @param organisationId the organisation the person acts for, or null
     */
    public record Assignment(Role role, String areaCode, Long organisationId) implements java.io.Serializable {
        public Assignment {
            if (role == null || areaCode == null || areaCode.isBlank()) {
                throw new IllegalArgumentException("An assignment has a role and an area");
            }
        }

        public Assignment(Role role, String areaCode) {
            this(role, areaCode, null);
        }

        /** Whether the record's area lies in this assignment's subtree. */
        public boolean covers(String recordAreaCode) {
            return recordAreaCode != null && recordAreaCode.startsWith(areaCode);
        }

        /** County level or above: county-wide settings need such an assignment. */
        public boolean countyWide() {
            return areaCode.length() <= 6;
        }
    }

    /** The signed-in user as the domain sees them. */
    public interface User {
        long personId();

        String username();

        String displayName();

        /** Every post the person holds; permissions are decided per assignment. */
        List<Assignment> assignments();

        /** The roles held anywhere: for labels and menus only, never for a permission. */
        default Set<String> roles() {
            return assignments().stream().map(a -> a.role().name()).collect(Collectors.toUnmodifiableSet());
        }

        default Set<Role> heldRoles() {
            Set<Role> roles = EnumSet.noneOf(Role.class);
            assignments().forEach(a -> roles.add(a.role()));
            return roles;
        }

        /** The union of all assignments' areas: what the user may see at all, for labels and menus. */
        default DataScope scope() {
            return DataScope.of(assignments().stream().map(Assignment::areaCode).toList());
        }
    }

    public static Optional<User> get() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth != null && auth.getPrincipal() instanceof User user) {
            return Optional.of(user);
        }
        return Optional.empty();
    }

    /** The signed-in user, or 403 when nobody is. */
    public static User require() {
        return get().orElseThrow(() -> new org.springframework.security.access.AccessDeniedException("not signed in"));
    }

    /** The union of the user's areas; nothing when nobody is signed in. Prefer {@link AccessPolicy#scope}. */
    public static DataScope scope() {
        return get().map(User::scope).orElse(DataScope.NOTHING);
    }

    /** The user's name for audit and history rows; "system" outside a request. */
    public static String actor() {
        return get().map(User::username).orElse("system");
    }
}
