package org.fengqiao.notifications;

import java.util.List;

import org.fengqiao.platform.CurrentUser;
import org.fengqiao.platform.Navigation;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

/** Every user's in-app inbox. */
@Controller
class InboxController {

    private final Notifications notifications;

    InboxController(Notifications notifications) {
        this.notifications = notifications;
    }

    private long me() {
        return CurrentUser.get().orElseThrow().personId();
    }

    @GetMapping("/inbox")
    String inbox(@RequestParam(required = false) Long before, Model model) {
        List<Notifications.Message> messages = notifications.inbox(me(), before, 50);
        model.addAttribute("messages", messages);
        model.addAttribute("unread", notifications.unread(me()));
        model.addAttribute("next", messages.size() == 50 ? messages.getLast().id() : null);
        return "notifications/inbox";
    }

    @PostMapping("/inbox/{id}/read")
    String read(@PathVariable long id, @RequestParam(required = false) String next) {
        notifications.markRead(me(), id);
        return "redirect:" + (next != null && next.startsWith("/") && !next.startsWith("//") ? next : "/inbox");
    }

    @PostMapping("/inbox/read-all")
    String readAll() {
        notifications.markRead(me(), null);
        return "redirect:/inbox";
    }

    /** Unread count for a badge or a poll. */
    @GetMapping("/api/inbox/unread")
    @ResponseBody
    java.util.Map<String, Long> unread() {
        return java.util.Map.of("unread", notifications.unread(me()));
    }

    @Configuration(proxyBeanMethods = false)
    static class Menu {
        @Bean
        Navigation inboxNavigation() {
            return () -> List.of(new Navigation.Item("notifications.nav.inbox", "/inbox", "🔔", 90,
                    java.util.Set.of()));
        }
    }
}
