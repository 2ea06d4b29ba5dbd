package org.fengqiao.audit;

import java.time.LocalDate;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** JSON API of the audit trail, for the auditor. */
@RestController
@RequestMapping("/api/audit")
class AuditApi {

    private final AuditViewer viewer;

    AuditApi(AuditViewer viewer) {
        this.viewer = viewer;
    }

    @GetMapping
    AuditViewer.Page search(@RequestParam(required = false) String actor,
                            @RequestParam(required = false) String action,
                            @RequestParam(required = false) String outcome,
                            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
                            @RequestParam(required = false) Long before,
                            @RequestParam(defaultValue = "50") int limit) {
        return viewer.search(new AuditViewer.Filter(actor, action, outcome, from, to), before, limit);
    }

    @GetMapping("/verify")
    AuditViewer.Verification verify() {
        return viewer.verify();
    }
}
