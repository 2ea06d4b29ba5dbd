package org.fengqiao.audit;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The auditor's page and CSV export. */
@Controller
class AuditController {

    static final int PAGE = 50;

    private final AuditViewer viewer;

    AuditController(AuditViewer viewer) {
        this.viewer = viewer;
    }

    @GetMapping("/audit")
    String page(@RequestParam(required = false) String actor, @RequestParam(required = false) String action,
                @RequestParam(required = false) String outcome,
                @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
                @RequestParam(required = false) Long before, @RequestParam(defaultValue = "false") boolean verify,
                Model model) {
        AuditViewer.Filter filter = new AuditViewer.Filter(actor, action, outcome, from, to);
        model.addAttribute("filter", filter);
        model.addAttribute("page", viewer.search(filter, before, PAGE));
        if (verify) {
            model.addAttribute("verification", viewer.verify());
        }
        return "audit/audit";
    }

    @GetMapping("/audit/export.csv")
    void export(@RequestParam(required = false) String actor, @RequestParam(required = false) String action,
                @RequestParam(required = false) String outcome,
                @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
                HttpServletResponse response) throws IOException {
        AuditViewer.Filter filter = new AuditViewer.Filter(actor, action, outcome, from, to);
        if (!viewer.mayRead()) {
            viewer.search(filter, null, 1); // refuses and audits the attempt
        }
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"audit-trail.csv\"");
        response.setHeader("Cache-Control", "no-store");
        OutputStreamWriter out = new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8);
        out.write('\uFEFF'); // so spreadsheet programs read UTF-8
        viewer.exportCsv(filter, out);
    }
}
