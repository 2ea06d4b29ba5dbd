package org.fengqiao.platform;

import java.util.Set;

/**
 * Something a person may be allowed to do. Each module declares its own as an enum implementing this interface,
 * naming the roles that grant it and how far an assignment of such a role reaches; {@link AccessPolicy} alone
 * decides. An action on an area-bound record is allowed only when ONE of the person's role assignments both grants
 * the permission and covers the record (ARCHITECTURE.md, "Permissions are per role assignment").
 */
public interface Permission {

    /** The constant's name, e.g. {@code DISPATCH}; with {@link #module()} it names the permission in audit rows. */
    String name();

    /** The roles whose assignments grant this permission. */
    Set<Role> grantedTo();

    /** How an assignment granting it must relate to the record acted on. */
    Reach reach();

    /** The module declaring it (its package's last segment): {@code cases}, {@code people} … */
    default String module() {
        String pkg = getClass().getPackageName();
        return pkg.substring(pkg.lastIndexOf('.') + 1);
    }

    default String qualifiedName() {
        return module() + "." + name();
    }

    enum Reach {
        /** The assignment's area covers the record's area (is a prefix of its code). */
        AREA,
        /**
         * A county-wide setting (working calendar, category catalogue, API keys …): the assignment is at county level
         * or above (its area code has at most six digits).
         */
        COUNTY,
        /**
         * Acting for an organisation (a department signing for a case): the assignment is for that organisation and
         * covers the record's area.
         */
        ORGANISATION,
        /** Concerns only the user's own things (their inbox, their own reports): holding the role anywhere. */
        OWN
    }
}
