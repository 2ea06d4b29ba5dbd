package org.fengqiao.access;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.fengqiao.people.RoleGrants;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** JSON API for account administration (SECURITY_ADMIN, in scope, with reasons). */
@RestController
@RequestMapping("/api/admin")
class AccountAdminApi {

    private final AccountAdministration admin;
    private final RoleGrants grants;

    AccountAdminApi(AccountAdministration admin, RoleGrants grants) {
        this.admin = admin;
        this.grants = grants;
    }

    record NewAccount(Long personId, String username, String initialPassword, String reason) {
    }

    record Reason(String reason) {
    }

    record NewPassword(String password, String reason) {
    }

    record Grant(String role, String areaCode, Long organisationId, String workerType, String reason) {
    }

    @GetMapping("/accounts")
    List<AccountAdministration.AccountRow> list(@RequestParam(required = false) String q) {
        return admin.list(q);
    }

    @GetMapping("/accounts/{id}")
    AccountAdministration.AccountDetail get(@PathVariable long id) {
        return admin.get(id);
    }

    @PostMapping("/accounts")
    ResponseEntity<Map<String, Long>> create(@RequestBody NewAccount body) {
        if (body == null || body.personId() == null) {
            throw new org.fengqiao.platform.InvalidRequestException("Say for which person (personId).");
        }
        long id = admin.create(body.personId(), body.username(), body.initialPassword(), body.reason());
        return ResponseEntity.created(URI.create("/api/admin/accounts/" + id)).body(Map.of("id", id));
    }

    @PostMapping("/accounts/{id}/unlock")
    AccountAdministration.AccountDetail unlock(@PathVariable long id, @RequestBody(required = false) Reason r) {
        admin.unlock(id, r == null ? null : r.reason());
        return admin.get(id);
    }

    @PostMapping("/accounts/{id}/reset-password")
    AccountAdministration.AccountDetail reset(@PathVariable long id, @RequestBody(required = false) NewPassword p) {
        admin.resetPassword(id, p == null ? null : p.password(), p == null ? null : p.reason());
        return admin.get(id);
    }

    @PostMapping("/accounts/{id}/reset-totp")
    AccountAdministration.AccountDetail resetTotp(@PathVariable long id, @RequestBody(required = false) Reason r) {
        admin.resetSecondFactor(id, r == null ? null : r.reason());
        return admin.get(id);
    }

    @PostMapping("/accounts/{id}/disable")
    AccountAdministration.AccountDetail disable(@PathVariable long id, @RequestBody(required = false) Reason r) {
        admin.setEnabled(id, false, r == null ? null : r.reason());
        return admin.get(id);
    }

    @PostMapping("/accounts/{id}/enable")
    AccountAdministration.AccountDetail enable(@PathVariable long id, @RequestBody(required = false) Reason r) {
        admin.setEnabled(id, true, r == null ? null : r.reason());
        return admin.get(id);
    }

    @PostMapping("/persons/{personId}/roles")
    ResponseEntity<Map<String, Long>> grant(@PathVariable long personId, @RequestBody(required = false) Grant g) {
        if (g == null) {
            throw new org.fengqiao.platform.InvalidRequestException("Send the role, area code and reason.");
        }
        long id = grants.grant(personId, g.role(), g.areaCode(), g.organisationId(), g.workerType(), g.reason());
        return ResponseEntity.status(201).body(Map.of("id", id));
    }

    @PostMapping("/roles/{assignmentId}/revoke")
    Map<String, Long> revoke(@PathVariable long assignmentId, @RequestBody(required = false) Reason r) {
        grants.revoke(assignmentId, r == null ? null : r.reason());
        return Map.of("id", assignmentId);
    }
}
