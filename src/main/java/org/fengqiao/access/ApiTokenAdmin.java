package org.fengqiao.access;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;


import jakarta.servlet.http.HttpServletResponse;
import org.fengqiao.platform.InvalidRequestException;
import org.fengqiao.platform.Navigation;
import org.fengqiao.platform.NotFoundException;
import org.fengqiao.platform.Role;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** API tokens for the security administrator: the JSON API and the page. */
final class ApiTokenAdmin {

    private ApiTokenAdmin() {
    }

    record NewToken(String name, String reason, Integer validDays, List<ApiTokens.Grant> assignments) {
    }

    record Reason(String reason) {
    }

    record IssuedToken(ApiTokens.Token token, String secret) {
    }

    @RestController
    static class Api {
        private final ApiTokens tokens;

        Api(ApiTokens tokens) {
            this.tokens = tokens;
        }

        @GetMapping("/api/admin/tokens")
        List<ApiTokens.Token> list() {
            return tokens.list();
        }

        @GetMapping("/api/admin/tokens/{id}")
        ApiTokens.Token get(@PathVariable long id) {
            return tokens.get(id);
        }

        /** Issues a token; its secret is in this answer and nowhere else, ever. */
        @PostMapping("/api/admin/tokens")
        ResponseEntity<IssuedToken> issue(@RequestBody(required = false) NewToken body) {
            if (body == null) {
                throw new InvalidRequestException("Send the name, reason, validDays and assignments as JSON.");
            }
            ApiTokens.Issued issued = tokens.issue(body.name(), body.assignments(), body.validDays(), body.reason());
            return ResponseEntity.created(URI.create("/api/admin/tokens/" + issued.token().id()))
                    .body(new IssuedToken(issued.token(), issued.secret()));
        }

        @PostMapping("/api/admin/tokens/{id}/revoke")
        ApiTokens.Token revoke(@PathVariable long id, @RequestBody(required = false) Reason r) {
            tokens.revoke(id, r == null ? null : r.reason());
            return tokens.get(id);
        }
    }

    @Controller
    static class Pages {
        private final ApiTokens tokens;

        Pages(ApiTokens tokens) {
            this.tokens = tokens;
        }

        @GetMapping("/admin/tokens")
        String list(Model model) {
            model.addAttribute("tokens", tokens.list());
            model.addAttribute("roles", java.util.Arrays.stream(Role.values()).filter(r -> !r.isSeparatedAdmin())
                    .map(Role::name).toList());
            return "access/admin/tokens";
        }

        @PostMapping("/admin/tokens")
        String issue(@RequestParam(required = false) String name, @RequestParam(required = false) String reason,
                     @RequestParam(required = false) Integer validDays,
                     @RequestParam(name = "role", required = false) List<String> roles,
                     @RequestParam(name = "areaCode", required = false) List<String> areaCodes,
                     @RequestParam(name = "organisationId", required = false) List<String> organisationIds,
                     Model model, HttpServletResponse response) {
            List<ApiTokens.Grant> grants = new ArrayList<>();
            int n = roles == null ? 0 : roles.size();
            for (int i = 0; i < n; i++) {
                String role = roles.get(i);
                String area = areaCodes != null && i < areaCodes.size() ? areaCodes.get(i) : null;
                String org = organisationIds != null && i < organisationIds.size() ? organisationIds.get(i) : null;
                if ((role == null || role.isBlank()) && (area == null || area.isBlank())) {
                    continue;
                }
                Long orgId = null;
                if (org != null && !org.isBlank()) {
                    try {
                        orgId = Long.valueOf(org.strip());
                    } catch (NumberFormatException e) {
                        throw new InvalidRequestException("An organisation is given by its number.");
                    }
                }
                grants.add(new ApiTokens.Grant(role, area, orgId));
            }
            try {
                ApiTokens.Issued issued = tokens.issue(name, grants, validDays, reason);
                model.addAttribute("issued", issued);
            } catch (InvalidRequestException e) {
                response.setStatus(400);
                model.addAttribute("problem", e.getMessage());
                model.addAttribute("name", name);
            }
            return list(model);
        }

        @PostMapping("/admin/tokens/{id}/revoke")
        String revoke(@PathVariable long id, @RequestParam(required = false) String reason, Model model,
                      HttpServletResponse response) {
            try {
                tokens.revoke(id, reason);
                return "redirect:/admin/tokens?revoked=" + id;
            } catch (InvalidRequestException e) {
                response.setStatus(400);
                model.addAttribute("problem", e.getMessage());
                return list(model);
            }
        }

        @ExceptionHandler(NotFoundException.class)
        void notFound(HttpServletResponse response) throws java.io.IOException {
            response.sendError(404);
        }
    }

    @Component
    static class Menu implements Navigation {
        @Override
        public List<Item> items() {
            return List.of(new Item("nav.tokens", "/admin/tokens", "🗝", 91, ApiTokenPermission.MANAGE_API_TOKENS));
        }
    }

}
