package org.fengqiao.platform;

import java.util.Comparator;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Gives every rendered page the signed-in user ({@code me}) and the menu entries they may see ({@code navItems}).
 * Only pages: JSON answers have no view, so the API pays nothing for the shell.
 */
@Configuration(proxyBeanMethods = false)
class ShellAdvice implements WebMvcConfigurer, HandlerInterceptor {

    private final ObjectProvider<Navigation> navigations;
    private volatile List<Navigation.Item> allItems;

    ShellAdvice(ObjectProvider<Navigation> navigations) {
        this.navigations = navigations;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this);
    }

    @Override
    public void postHandle(HttpServletRequest request, HttpServletResponse response, Object handler,
                           ModelAndView mav) {
        if (mav == null || (mav.getViewName() != null && mav.getViewName().startsWith("redirect:"))) {
            return;
        }
        CurrentUser.User user = CurrentUser.get().orElse(null);
        mav.addObject("me", user);
        mav.addObject("navItems", user == null ? List.of()
                : items().stream().filter(item -> item.visibleTo(user)).toList());
    }

    /** The menu of every module, in order; the beans do not change while the application runs. */
    private List<Navigation.Item> items() {
        List<Navigation.Item> items = allItems;
        if (items == null) {
            items = navigations.orderedStream().flatMap(n -> n.items().stream())
                    .sorted(Comparator.comparingInt(Navigation.Item::order)).toList();
            allItems = items;
        }
        return items;
    }
}
