package org.fengqiao.cases;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.fengqiao.intake.ReportView;
import org.fengqiao.platform.CurrentUser;
import org.fengqiao.platform.InvalidRequestException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** JSON API of the workflow. A step not allowed in the case's state answers 409 with the reason. */
@RestController
@RequestMapping("/api")
class CaseApi {

    private final CaseManagement cases;
    private final CaseQueries queries;
    private final Indicators indicators;
    private final org.fengqiao.platform.AccessPolicy policy;

    CaseApi(CaseManagement cases, CaseQueries queries, Indicators indicators,
            org.fengqiao.platform.AccessPolicy policy) {
        this.policy = policy;
        this.cases = cases;
        this.queries = queries;
        this.indicators = indicators;
    }

    record Page(List<CaseQueries.Row> items, Long next) {
    }

    @GetMapping("/cases")
    Page list(@RequestParam(defaultValue = "ALL") String list, @RequestParam(required = false) String category,
              @RequestParam(required = false) String state, @RequestParam(required = false) String area,
              @RequestParam(required = false) String number, @RequestParam(required = false) Long before,
              @RequestParam(defaultValue = "50") int limit) {
        CaseQueries.WorkList wl;
        try {
            wl = CaseQueries.WorkList.valueOf(list);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("Unknown worklist " + list);
        }
        List<CaseQueries.Row> rows = queries.list(wl, new CaseQueries.Filter(category, state, area, number), before,
                limit);
        return new Page(rows, rows.size() == Math.max(1, Math.min(limit, 200)) ? rows.getLast().id() : null);
    }

    @GetMapping("/cases/{id}")
    CaseView find(@PathVariable long id) {
        return cases.find(id);
    }

    @GetMapping("/cases/{id}/timeline")
    List<CaseManagement.TimelineEntry> timeline(@PathVariable long id) {
        return cases.timeline(id);
    }

    @PostMapping("/cases/{id}/{action}")
    CaseView act(@PathVariable long id, @PathVariable String action,
                 @RequestBody(required = false) CommandForm body) {
        CommandForm f = body == null ? new CommandForm(null, null, null, null, null, null, null, null, null) : body;
        return cases.act(id, f.version(), f.toCommand(action));
    }

    record Triage(String categoryCode, String reason, Long caseId) {
    }

    @PostMapping("/triage/{reportId}/{decision}")
    Map<String, Object> triage(@PathVariable long reportId, @PathVariable String decision,
                               @RequestBody(required = false) Triage body) {
        Triage t = body == null ? new Triage(null, null, null) : body;
        return switch (decision) {
            case "accept" -> Map.of("case", cases.accept(reportId, t.categoryCode(), t.reason()));
            case "merge" -> {
                if (t.caseId() == null) {
                    throw new InvalidRequestException("Name the case to merge into (caseId)");
                }
                yield Map.of("case", cases.merge(reportId, t.caseId()));
            }
            case "reject" -> {
                cases.reject(reportId, t.reason());
                yield Map.of("reportId", reportId, "status", "REJECTED");
            }
            default -> throw new InvalidRequestException("A decision is accept, merge or reject");
        };
    }

    @GetMapping("/indicators")
    Map<String, Object> indicators(@RequestParam(required = false) String area,
                                   @RequestParam(required = false) Long org,
                                   @RequestParam(required = false) String category,
                                   @RequestParam(required = false) LocalDate from,
                                   @RequestParam(required = false) LocalDate to, Locale locale) {
        Indicators.Query q = CasePages.query(area, org, category, from, to,
                policy.scope(CasePermission.READ_INDICATORS));
        Indicators.Figures f = indicators.figures(q);
        return Map.of("query", q, "figures", f, "rates", rates(f), "byArea", indicators.byArea(q));
    }

    static Map<String, Object> rates(Indicators.Figures f) {
        java.util.LinkedHashMap<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("completionRate", f.completionRate());
        m.put("onTimeRate", f.onTimeRate());
        m.put("timelyIntakeRate", f.timelyIntakeRate());
        m.put("returnRate", f.returnRate());
        m.put("reworkRate", f.reworkRate());
        m.put("satisfactionRate", f.satisfactionRate());
        m.put("repeatRate", f.repeatRate());
        m.put("resolutionRate", f.resolutionRate());
        m.put("meanHandlingHours", f.meanHandlingHours());
        return m;
    }

}
