package org.fengqiao.access;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;

import org.fengqiao.audit.AuditTrail;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Controller;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

@Controller
class AccountController {

    private final JdbcClient jdbc;
    private final PasswordEncoder encoder;
    private final PasswordPolicy policy;
    private final AuditTrail audit;
    private final Clock clock;

    AccountController(JdbcClient jdbc, PasswordEncoder encoder, PasswordPolicy policy, AuditTrail audit,
                      Clock clock) {
        this.jdbc = jdbc;
        this.encoder = encoder;
        this.policy = policy;
        this.audit = audit;
        this.clock = clock;
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
    @Transactional
    String changePassword(@AuthenticationPrincipal SignedInUser user, @RequestParam String current,
                          @RequestParam("password") String password, @RequestParam String confirm, Model model,
                          jakarta.servlet.http.HttpServletRequest request) {
        model.addAttribute("minLength", policy.minLength());
        String hash = jdbc.sql("select password_hash from account where id = ?").param(user.accountId())
                .query(String.class).single();
        List<String> problems = new java.util.ArrayList<>();
        if (!encoder.matches(current, hash)) {
            problems.add("password.rule.current");
        }
        if (!password.equals(confirm)) {
            problems.add("password.rule.confirm");
        }
        if (encoder.matches(password, hash)) {
            problems.add("password.rule.same");
        }
        problems.addAll(policy.violations(password, user.username()));
        if (!problems.isEmpty()) {
            model.addAttribute("problems", problems);
            return "access/password";
        }
        jdbc.sql("""
                        update account set password_hash = ?, must_change_password = false, password_changed_at = ?,
                               version = version + 1 where id = ?""")
                .params(encoder.encode(password), OffsetDateTime.now(clock), user.accountId()).update();
        audit.record(user.username(), "PASSWORD_CHANGE", "account:" + user.username(), null,
                AuditTrail.Outcome.SUCCESS);
        SignedInUser updated = user.passwordChanged();
        SignedInSessions.replace(request, updated);
        return "redirect:/?passwordChanged";
    }
}
