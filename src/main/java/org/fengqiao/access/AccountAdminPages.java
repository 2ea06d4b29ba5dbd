package org.fengqiao.access;

import java.io.IOException;
import java.util.Arrays;

import jakarta.servlet.http.HttpServletResponse;
import org.fengqiao.people.RoleGrants;
import org.fengqiao.platform.Role;
import org.fengqiao.platform.ConflictException;
import org.fengqiao.platform.InvalidRequestException;
import org.fengqiao.platform.NotFoundException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Pages for the security administrator: accounts in scope, and the actions on one account. */
@Controller
class AccountAdminPages {

    private final AccountAdministration admin;
    private final RoleGrants grants;

    AccountAdminPages(AccountAdministration admin, RoleGrants grants) {
        this.admin = admin;
        this.grants = grants;
    }

    @GetMapping("/admin/accounts")
    String list(@RequestParam(required = false) String q, Model model) {
        model.addAttribute("accounts", admin.list(q));
        model.addAttribute("q", q);
        return "access/admin/accounts";
    }

    @PostMapping("/admin/accounts")
    String create(@RequestParam(required = false) Long personId, @RequestParam(required = false) String username,
                  @RequestParam(required = false) String initialPassword,
                  @RequestParam(required = false) String reason, Model model, HttpServletResponse response) {
        try {
            if (personId == null) {
                throw new InvalidRequestException("Say for which person (person number).");
            }
            long id = admin.create(personId, username, initialPassword, reason);
            return "redirect:/admin/accounts/" + id + "?done=created";
        } catch (InvalidRequestException | ConflictException e) {
            response.setStatus(e instanceof ConflictException ? 409 : 400);
            model.addAttribute("problem", e.getMessage());
            model.addAttribute("personId", personId);
            model.addAttribute("username", username);
            return list(null, model);
        }
    }

    @GetMapping("/admin/accounts/{id}")
    String detail(@PathVariable long id, Model model) {
        model.addAttribute("detail", admin.get(id));
        model.addAttribute("roles", Arrays.stream(Role.values()).map(Role::name).toList());
        return "access/admin/account";
    }

    @PostMapping("/admin/accounts/{id}/{action}")
    String act(@PathVariable long id, @PathVariable String action, @RequestParam(required = false) String reason,
               @RequestParam(required = false) String password, @RequestParam(required = false) String role,
               @RequestParam(required = false) String areaCode, @RequestParam(required = false) Long organisationId,
               @RequestParam(required = false) String workerType, @RequestParam(required = false) Long assignmentId,
               Model model, HttpServletResponse response, RedirectAttributes redirect) {
        try {
            switch (action) {
                case "unlock" -> admin.unlock(id, reason);
                case "reset-password" -> admin.resetPassword(id, password, reason);
                case "disable" -> admin.setEnabled(id, false, reason);
                case "reset-totp" -> admin.resetSecondFactor(id, reason);
                case "enable" -> admin.setEnabled(id, true, reason);
                case "grant" -> grants.grant(admin.get(id).account().personId(), role, areaCode, organisationId,
                        workerType, reason);
                case "revoke" -> {
                    if (assignmentId == null) {
                        throw new InvalidRequestException("Say which role assignment to revoke.");
                    }
                    grants.revoke(assignmentId, reason);
                }
                default -> throw new NotFoundException("No such action.");
            }
            return "redirect:/admin/accounts/" + id + "?done=" + action;
        } catch (InvalidRequestException | ConflictException e) {
            response.setStatus(e instanceof ConflictException ? 409 : 400);
            model.addAttribute("problem", e.getMessage());
            return detail(id, model);
        }
    }

    @ExceptionHandler(NotFoundException.class)
    void notFound(HttpServletResponse response) throws IOException {
        response.sendError(404);
    }
}
