package org.fengqiao.access;

import java.util.List;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The login page and the user's own password change. */
@Controller
class AccountController {

    private final PasswordPolicy policy;
    private final PasswordChange passwords;

    AccountController(PasswordPolicy policy, PasswordChange passwords) {
        this.policy = policy;
        this.passwords = passwords;
    }

    @GetMapping("/login")
    String login() {
        return "access/login";
    }

    @GetMapping("/account/password")
    String passwordForm(Model model) {
        model.addAttribute("minLength", policy.minLength());
        return "access/password";
    }

    @PostMapping("/account/password")
    String changePassword(@AuthenticationPrincipal SignedInUser user, @RequestParam String current,
                          @RequestParam("password") String password, @RequestParam String confirm, Model model,
                          jakarta.servlet.http.HttpServletRequest request) {
        model.addAttribute("minLength", policy.minLength());
        List<String> problems = passwords.change(user, current, password, confirm);
        if (!problems.isEmpty()) {
            model.addAttribute("problems", problems);
            return "access/password";
        }
        SignedInUser updated = user.passwordChanged();
        SignedInSessions.replace(request, updated);
        return "redirect:/?passwordChanged";
    }
}
