package org.fengqiao.platform;

import java.util.List;
import java.util.Set;

/**
 * A module contributes its menu entries by declaring a bean of this type; the layout shows each entry to users
 * holding one of its roles (an empty role set means every signed-in user).
 */
public interface Navigation {

    List<Item> items();

    /**
     * @param messageKey label key in the module's message bundle
     * @param path       where it leads
     * @param icon       a short emoji or symbol for the phone menu
     * @param order      position in the menu
     * @param roles      who sees it
     */
    record Item(String messageKey, String path, String icon, int order, Set<String> roles) {
        public boolean visibleTo(CurrentUser.User user) {
            return roles.isEmpty() || roles.stream().anyMatch(user.roles()::contains);
        }
    }
}
