package org.fengqiao.platform;

import java.util.List;
import java.util.Set;

/**
 * A module contributes its menu entries by declaring a bean of this type; the layout shows each entry to users
 * holding its permission through some role assignment (or, for entries not yet moved to permissions, one of its
 * roles; an empty role set means every signed-in user). Showing an entry grants nothing: the facade behind it
 * checks again per record.
 */
public interface Navigation {

    List<Item> items();

    /**
     * @param messageKey label key in the module's message bundle
     * @param path       where it leads
     * @param icon       a short emoji or symbol for the phone menu
     * @param order      position in the menu
     * @param roles      who sees it, when no permission is given
     * @param permission who sees it: those holding it anywhere
     */
    record Item(String messageKey, String path, String icon, int order, Set<String> roles, Permission permission) {

        public Item(String messageKey, String path, String icon, int order, Set<String> roles) {
            this(messageKey, path, icon, order, roles, null);
        }

        public Item(String messageKey, String path, String icon, int order, Permission permission) {
            this(messageKey, path, icon, order, Set.of(), permission);
        }

        public boolean visibleTo(CurrentUser.User user) {
            if (permission != null) {
                return user.assignments().stream().anyMatch(a -> permission.grantedTo().contains(a.role())
                        && (permission.reach() != Permission.Reach.COUNTY || a.countyWide()));
            }
            return roles.isEmpty() || roles.stream().anyMatch(user.roles()::contains);
        }
    }
}
