package org.fengqiao.platform;

import java.util.Comparator;
import java.util.List;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** Gives every page the signed-in user and the menu entries they may see. */
@ControllerAdvice
class ShellAdvice {

    private final ObjectProvider<Navigation> navigations;

    ShellAdvice(ObjectProvider<Navigation> navigations) {
        this.navigations = navigations;
    }

    @ModelAttribute("me")
    CurrentUser.User me() {
        return CurrentUser.get().orElse(null);
    }

    @ModelAttribute("navItems")
    List<Navigation.Item> navItems() {
        return CurrentUser.get().map(user -> navigations.orderedStream()
                .flatMap(n -> n.items().stream())
                .filter(item -> item.visibleTo(user))
                .sorted(Comparator.comparingInt(Navigation.Item::order))
                .toList()).orElse(List.of());
    }
}
