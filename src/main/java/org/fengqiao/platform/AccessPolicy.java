package org.fengqiao.platform;

import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Component;

/**
 * The one policy that answers "may this person do X to this record?" for every facade and every page. An action
 * is allowed only when ONE of the person's role assignments both grants the permission and covers the record:
 * its area (a code prefix), for {@link Permission.Reach#ORGANISATION} also its organisation, for
 * {@link Permission.Reach#COUNTY} a county-level assignment. Roles held in one place never combine with areas held
 * in another.
 *
 * <p>Facades call {@code check…} (403 when refused); list queries take {@link #scope} (the areas of exactly the
 * assignments that grant the reading permission) and filter in SQL; pages ask {@code allows…} to show or hide an
 * action. All methods also take an explicit user for tests and for system work.
 */
@Component
public class AccessPolicy {

    // ---- decisions for an explicit user ----

    /** May the user do this to a record in this area? For COUNTY permissions the area is ignored. */
    public boolean allows(CurrentUser.User user, Permission p, String areaCode) {
        return allows(user, p, areaCode, null);
    }

    /** May the user do this to a record in this area that belongs to (or is led by) this organisation? */
    public boolean allows(CurrentUser.User user, Permission p, String areaCode, Long organisationId) {
        return user != null && user.assignments().stream().anyMatch(granting(p, areaCode, organisationId));
    }

    /** The areas of the assignments granting this permission: the data scope of a list or search. */
    public DataScope scope(CurrentUser.User user, Permission p) {
        if (user == null) {
            return DataScope.NOTHING;
        }
        return DataScope.of(user.assignments().stream().filter(a -> p.grantedTo().contains(a.role()))
                .filter(a -> p.reach() != Permission.Reach.COUNTY || a.countyWide())
                .map(CurrentUser.Assignment::areaCode).toList());
    }

    /** The organisations the user acts for with this permission (department handlers). */
    public List<Long> organisations(CurrentUser.User user, Permission p) {
        if (user == null) {
            return List.of();
        }
        return user.assignments().stream().filter(a -> p.grantedTo().contains(a.role()))
                .map(CurrentUser.Assignment::organisationId).filter(Objects::nonNull).distinct().toList();
    }

    /** Whether some assignment grants this permission at all: for menus and for lists filtered by {@link #scope}. */
    public boolean holds(CurrentUser.User user, Permission p) {
        return user != null && user.assignments().stream().anyMatch(a -> p.grantedTo().contains(a.role())
                && (p.reach() != Permission.Reach.COUNTY || a.countyWide()));
    }

    private static Predicate<CurrentUser.Assignment> granting(Permission p, String areaCode, Long organisationId) {
        return a -> p.grantedTo().contains(a.role()) && switch (p.reach()) {
            case AREA -> a.covers(areaCode);
            case COUNTY -> a.countyWide();
            case ORGANISATION -> organisationId != null && organisationId.equals(a.organisationId())
                    && a.covers(areaCode);
            case OWN -> true;
        };
    }

    // ---- the signed-in user ----

    public boolean allows(Permission p, String areaCode) {
        return allows(CurrentUser.get().orElse(null), p, areaCode, null);
    }

    public boolean allows(Permission p, String areaCode, Long organisationId) {
        return allows(CurrentUser.get().orElse(null), p, areaCode, organisationId);
    }

    public boolean holds(Permission p) {
        return holds(CurrentUser.get().orElse(null), p);
    }

    /** The signed-in user's scope for this permission; 403 when no assignment grants it. */
    public DataScope requireScope(Permission p) {
        CurrentUser.User user = CurrentUser.require();
        DataScope scope = scope(user, p);
        if (scope.isEmpty()) {
            throw denied(p, null);
        }
        return scope;
    }

    /** The signed-in user's scope for this permission, empty when none grants it (lists then show nothing). */
    public DataScope scope(Permission p) {
        return scope(CurrentUser.get().orElse(null), p);
    }

    public List<Long> organisations(Permission p) {
        return organisations(CurrentUser.get().orElse(null), p);
    }

    /** 403 unless one assignment grants the permission and covers the area. */
    public void check(Permission p, String areaCode) {
        check(CurrentUser.require(), p, areaCode, null);
    }

    public void check(Permission p, String areaCode, Long organisationId) {
        check(CurrentUser.require(), p, areaCode, organisationId);
    }

    public void check(CurrentUser.User user, Permission p, String areaCode, Long organisationId) {
        if (!allows(user, p, areaCode, organisationId)) {
            throw denied(p, areaCode);
        }
    }

    /**
     * 403 unless ONE assignment grants the permission and covers every one of these areas (a move from one place to
     * another, a role granted to a person of one area for another): an assignment's code is a prefix of them all
     * exactly when it is a prefix of their longest common prefix.
     */
    public void checkAll(Permission p, String... areaCodes) {
        check(CurrentUser.require(), p, commonPrefix(areaCodes), null);
    }

    public boolean allowsAll(Permission p, String... areaCodes) {
        return allows(CurrentUser.get().orElse(null), p, commonPrefix(areaCodes), null);
    }

    static String commonPrefix(String... codes) {
        if (codes.length == 0 || java.util.Arrays.stream(codes).anyMatch(Objects::isNull)) {
            return null;
        }
        String prefix = codes[0];
        for (String c : codes) {
            int n = 0;
            while (n < prefix.length() && n < c.length() && prefix.charAt(n) == c.charAt(n)) {
                n++;
            }
            prefix = prefix.substring(0, n);
        }
        return prefix.isEmpty() ? null : prefix;
    }

    /** 403 unless a county-level assignment grants this county-wide permission. */
    public void checkCountyWide(Permission p) {
        if (p.reach() != Permission.Reach.COUNTY) {
            throw new IllegalArgumentException(p.qualifiedName() + " is not a county-wide permission");
        }
        check(CurrentUser.require(), p, null, null);
    }

    /** 403 unless the user holds the permission anywhere: for OWN permissions and the start of scoped lists. */
    public void checkHeld(Permission p) {
        if (!holds(CurrentUser.require(), p)) {
            throw denied(p, null);
        }
    }

    private static AccessDeniedException denied(Permission p, String areaCode) {
        return new AccessDeniedException("None of your role assignments allows " + p.qualifiedName()
                + (areaCode == null ? "" : " in area " + areaCode));
    }
}
