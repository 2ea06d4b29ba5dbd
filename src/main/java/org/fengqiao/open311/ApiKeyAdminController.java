package org.fengqiao.open311;

import java.util.List;

import org.fengqiao.platform.Navigation;
import org.springframework.context.annotation.Bean;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The system administrator issues, lists and revokes Open311 API keys. */
@Controller
@RequestMapping("/admin/open311/keys")
class ApiKeyAdminController {

    private final ApiKeys keys;

    ApiKeyAdminController(ApiKeys keys) {
        this.keys = keys;
    }

    @GetMapping
    String list(Model model) {
        model.addAttribute("keys", keys.list());
        return "open311/keys";
    }

    @PostMapping
    String issue(@RequestParam String name, @RequestParam(required = false) String contact, Model model) {
        ApiKeys.Issued issued = keys.issue(name, contact);
        model.addAttribute("issued", issued);
        model.addAttribute("keys", keys.list());
        return "open311/keys";
    }

    @PostMapping("/{id}/revoke")
    String revoke(@PathVariable long id, @RequestParam String reason, RedirectAttributes redirect) {
        keys.revoke(id, reason);
        redirect.addFlashAttribute("revoked", id);
        return "redirect:/admin/open311/keys";
    }

    @org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
    static class Menu {
        @Bean
        Navigation open311Navigation() {
            return () -> List.of(new Navigation.Item("open311.nav.keys", "/admin/open311/keys", "🔑", 90,
                    Open311Permission.MANAGE_KEYS));
        }
    }
}
