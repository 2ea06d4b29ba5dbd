package org.fengqiao.cases;

import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

import org.fengqiao.intake.Photos;
import org.fengqiao.intake.ReportView;
import org.fengqiao.intake.Reports;
import org.fengqiao.platform.ConflictException;
import org.fengqiao.platform.AccessPolicy;
import org.fengqiao.platform.CurrentUser;
import org.fengqiao.platform.DataScope;
import org.fengqiao.platform.InvalidRequestException;
import org.fengqiao.platform.Navigation;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The center's pages: the queue of new reports, worklists, a case with its actions and timeline, indicators. */
@Controller
@RequestMapping("/cases")
class CasePages {

    private final CaseManagement cases;
    private final CaseQueries queries;
    private final Reports reports;
    private final Photos photos;
    private final Indicators indicators;
    private final CategoryCatalogue catalogue;
    private final CalendarStore calendar;
    private final AccessPolicy policy;

    CasePages(CaseManagement cases, CaseQueries queries, Reports reports, Photos photos, Indicators indicators,
              CategoryCatalogue catalogue, CalendarStore calendar, AccessPolicy policy) {
        this.policy = policy;
        this.cases = cases;
        this.queries = queries;
        this.reports = reports;
        this.photos = photos;
        this.indicators = indicators;
        this.catalogue = catalogue;
        this.calendar = calendar;
    }

    static final Set<String> REASON_ACTIONS = Set.of("RETURN", "VERIFY_FAIL", "BACKLOG_IT", "ESCALATE", "SUPERVISE",
            "REFER_TO_MEDIATION", "CLOSE", "REQUEST_EXTENSION", "REFUSE_EXTENSION", "APPROVE_EXTENSION", "REOPEN");
    static final Set<String> REQUIRED_TEXT = Set.of("RETURN", "VERIFY_FAIL", "BACKLOG_IT", "ESCALATE", "SUPERVISE",
            "REFER_TO_MEDIATION", "CLOSE", "REQUEST_EXTENSION", "REFUSE_EXTENSION", "NOTE", "FEEDBACK", "REOPEN");

    private static CurrentUser.User me() {
        return CurrentUser.get().orElseThrow();
    }

    // ---- worklists ----

    @GetMapping
    String list(@RequestParam(required = false) String list, @RequestParam(required = false) String category,
                @RequestParam(required = false) String state, @RequestParam(required = false) String area,
                @RequestParam(required = false) String number, @RequestParam(required = false) Long before,
                Model model) {
        List<CaseQueries.WorkList> lists = queries.listsFor(me());
        CaseQueries.WorkList current = lists.getFirst();
        if (list != null) {
            try {
                current = CaseQueries.WorkList.valueOf(list);
            } catch (IllegalArgumentException e) {
                throw new InvalidRequestException("Unknown worklist " + list);
            }
        }
        List<CaseQueries.Row> rows = queries.list(current, new CaseQueries.Filter(category, state, area, number),
                before, 50);
        model.addAttribute("lists", lists);
        model.addAttribute("current", current);
        model.addAttribute("rows", rows);
        model.addAttribute("next", rows.size() == 50 ? rows.getLast().id() : null);
        model.addAttribute("categories", catalogue.all());
        model.addAttribute("states", CaseState.values());
        model.addAttribute("filter", new CaseQueries.Filter(category, state, area, number));
        return "cases/list";
    }

    // ---- the queue of new reports ----

    @GetMapping("/queue")
    String queue(@RequestParam(required = false) String category, Model model) {
        Reports.Waiting waiting = reports.waiting(policy.scope(CasePermission.TRIAGE));
        queueModel(category, waiting.newestId(), waiting, model);
        model.addAttribute("categories", catalogue.all());
        return "cases/queue";
    }

    /**
     * The queue's rows, polled by htmx every few seconds so new reports appear without a reload. {@code since} is the
     * newest report id when the page was opened: what arrived after it is listed first and marked new, even when
     * more reports wait than the oldest-first list shows.
     */
    @GetMapping("/queue/rows")
    String queueRows(@RequestParam(required = false) String category, @RequestParam(required = false) Long since,
                     Model model) {
        Reports.Waiting waiting = reports.waiting(policy.scope(CasePermission.TRIAGE));
        queueModel(category, since == null ? waiting.newestId() : since, waiting, model);
        return "cases/queue :: rows";
    }

    private void queueModel(String category, long since, Reports.Waiting waiting, Model model) {
        String c = category == null || category.isBlank() ? null : category;
        List<ReportView> fresh = reports.pending(policy.scope(CasePermission.TRIAGE), c, since, 100);
        List<ReportView> rows = new ArrayList<>();
        for (ReportView r : reports.pending(policy.scope(CasePermission.TRIAGE), c, null, 100)) {
            if (r.id() <= since) {
                rows.add(r);
            }
        }
        model.addAttribute("fresh", fresh.reversed());
        model.addAttribute("rows", rows);
        model.addAttribute("waiting", waiting);
        model.addAttribute("since", since);
        model.addAttribute("category", c);
    }

    @GetMapping("/queue/{reportId}")
    String triage(@PathVariable long reportId, Model model) {
        ReportView r = reports.find(reportId, policy.scope(CasePermission.READ));
        model.addAttribute("report", r);
        model.addAttribute("duplicates", reports.similar(r));
        model.addAttribute("categories", catalogue.active());
        return "cases/triage";
    }

    @PostMapping("/queue/{reportId}/accept")
    String accept(@PathVariable long reportId, @RequestParam(required = false) String categoryCode,
                  RedirectAttributes redirect) {
        try {
            CaseView c = cases.accept(reportId, categoryCode, null);
            return "redirect:/cases/" + c.id();
        } catch (InvalidRequestException | ConflictException e) {
            redirect.addFlashAttribute("error", e.getMessage());
            return "redirect:/cases/queue/" + reportId;
        }
    }

    @PostMapping("/queue/{reportId}/reject")
    String reject(@PathVariable long reportId, @RequestParam(required = false) String reason,
                  RedirectAttributes redirect) {
        try {
            cases.reject(reportId, reason);
            redirect.addFlashAttribute("notice", "rejected");
            return "redirect:/cases/queue";
        } catch (InvalidRequestException | ConflictException e) {
            redirect.addFlashAttribute("error", e.getMessage());
            return "redirect:/cases/queue/" + reportId;
        }
    }

    @PostMapping("/queue/{reportId}/merge")
    String merge(@PathVariable long reportId, @RequestParam(required = false) String caseNumber,
                 RedirectAttributes redirect) {
        try {
            List<CaseQueries.Row> found = queries.list(CaseQueries.WorkList.ALL,
                    new CaseQueries.Filter(null, null, null, caseNumber), null, 1);
            if (found.isEmpty()) {
                throw new InvalidRequestException("No case numbered " + caseNumber + " in your area");
            }
            CaseView c = cases.merge(reportId, found.getFirst().id());
            return "redirect:/cases/" + c.id();
        } catch (InvalidRequestException | ConflictException e) {
            redirect.addFlashAttribute("error", e.getMessage());
            return "redirect:/cases/queue/" + reportId;
        }
    }

    // ---- a case ----

    @GetMapping("/{id:\\d+}")
    String detail(@PathVariable long id, Model model) {
        CaseView c = cases.find(id);
        model.addAttribute("c", c);
        model.addAttribute("timeline", cases.timeline(id));
        model.addAttribute("reports", cases.reportsOf(id));
        model.addAttribute("category", catalogue.find(c.categoryCode()).orElse(null));
        if (c.may("DISPATCH")) {
            List<org.fengqiao.people.Organisations.Department> departments = cases.departmentsFor(c.areaCode());
            model.addAttribute("departments", departments);
            String suffix = catalogue.find(c.categoryCode()).map(Category::defaultLeadOrg).orElse(null);
            model.addAttribute("defaultLead", suffix == null ? null : departments.stream()
                    .filter(d -> d.code().endsWith("-" + suffix)).map(org.fengqiao.people.Organisations.Department::id)
                    .findFirst().orElse(null));
        }
        model.addAttribute("units", DeadlineUnit.values());
        model.addAttribute("reasonActions", REASON_ACTIONS);
        model.addAttribute("requiredText", REQUIRED_TEXT);
        model.addAttribute("ratings", List.of("SATISFIED", "BASICALLY_SATISFIED", "DISSATISFIED", "UNREACHABLE"));
        return "cases/detail";
    }

    @PostMapping("/{id:\\d+}/act/{action}")
    String act(@PathVariable long id, @PathVariable String action, @RequestParam(required = false) Integer version,
               @RequestParam(required = false) String reason, @RequestParam(required = false) String note,
               @RequestParam(required = false) Long leadOrgId,
               @RequestParam(required = false) List<Long> assistOrgIds,
               @RequestParam(required = false) String rating, @RequestParam(required = false) Integer amount,
               @RequestParam(required = false) String unit,
               @RequestParam(required = false) List<MultipartFile> photos,
               @RequestParam(name = "public", required = false) Boolean publicNote, RedirectAttributes redirect) {
        try {
            List<UUID> ids = upload(photos);
            CommandForm form = new CommandForm(version, reason, note, leadOrgId, assistOrgIds, rating, amount, unit,
                    ids, publicNote);
            cases.act(id, version, form.toCommand(action));
            redirect.addFlashAttribute("notice", action);
        } catch (InvalidRequestException | ConflictException | IllegalArgumentException e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/cases/" + id;
    }

    private List<UUID> upload(List<MultipartFile> files) {
        List<UUID> ids = new ArrayList<>();
        if (files == null) {
            return ids;
        }
        for (MultipartFile f : files) {
            if (f != null && !f.isEmpty()) {
                try {
                    ids.add(photos.upload(f.getBytes()).id());
                } catch (IOException e) {
                    throw new InvalidRequestException("The photo could not be received; try again");
                }
            }
        }
        return ids;
    }

    // ---- indicators ----

    /** The indicators' query; without an area, the first area where the user may see indicators. */
    static Indicators.Query query(String area, Long org, String category, LocalDate from, LocalDate to,
                                  DataScope scope) {
        String a = area == null || area.isBlank() ? (scope.prefixes().isEmpty() ? "000000"
                : scope.prefixes().getFirst()) : area.trim();
        LocalDate today = LocalDate.now(WorkingCalendar.ZONE);
        LocalDate f = from == null ? today.withDayOfMonth(1) : from;
        LocalDate t = to == null ? f.plusMonths(1).withDayOfMonth(1).minusDays(1) : to;
        return new Indicators.Query(a, org, category, f.atStartOfDay(WorkingCalendar.ZONE).toInstant(),
                t.plusDays(1).atStartOfDay(WorkingCalendar.ZONE).toInstant());
    }

    /** How many months the indicators page's trend shows, ending with the chosen period's last month. */
    static final int TREND_MONTHS = 12;

    @GetMapping("/indicators")
    String indicators(@RequestParam(required = false) String area, @RequestParam(required = false) Long org,
                      @RequestParam(required = false) String category,
                      @RequestParam(required = false) LocalDate from, @RequestParam(required = false) LocalDate to,
                      Model model, Locale locale) {
        Indicators.Query q = query(area, org, category, from, to, policy.scope(CasePermission.READ_INDICATORS));
        model.addAttribute("q", q);
        model.addAttribute("fromDay", q.from().atZone(WorkingCalendar.ZONE).toLocalDate());
        model.addAttribute("toDay", q.to().atZone(WorkingCalendar.ZONE).toLocalDate().minusDays(1));
        Indicators.Figures total = indicators.figures(q);
        model.addAttribute("total", total);
        model.addAttribute("rates", CaseApi.rates(total));
        model.addAttribute("byArea", indicators.byArea(q));
        model.addAttribute("byDepartment", indicators.byDepartment(q));
        model.addAttribute("byCategory", indicators.byCategory(q, locale));
        model.addAttribute("trend", indicators.byMonth(q, TREND_MONTHS));
        model.addAttribute("categories", catalogue.all());
        return "cases/indicators";
    }

    // ---- catalogue and calendar ----

    @GetMapping("/catalogue")
    String catalogue(@RequestParam(required = false) String edit, Model model) {
        policy.checkHeld(CasePermission.READ_SETTINGS);
        model.addAttribute("mayManage", policy.holds(CasePermission.MANAGE_SETTINGS));
        model.addAttribute("categories", catalogue.all());
        model.addAttribute("editing", edit == null ? null : catalogue.find(edit).orElse(null));
        model.addAttribute("units", DeadlineUnit.values());
        return "cases/catalogue";
    }

    @PostMapping("/catalogue")
    String saveCategory(@RequestParam String code, @RequestParam String name, @RequestParam String nameEn,
                        @RequestParam String groupCode, @RequestParam(required = false) String defaultLeadOrg,
                        @RequestParam(required = false) String intakeConditions,
                        @RequestParam(required = false) String closingConditions,
                        @RequestParam(defaultValue = "false") boolean dispute,
                        @RequestParam int acceptAmount, @RequestParam String acceptUnit,
                        @RequestParam int signAmount, @RequestParam String signUnit,
                        @RequestParam int handleAmount, @RequestParam String handleUnit,
                        @RequestParam int verifyAmount, @RequestParam String verifyUnit,
                        @RequestParam(defaultValue = "false") boolean active,
                        @RequestParam(required = false) Integer version, RedirectAttributes redirect) {
        try {
            catalogue.save(new CategoryCatalogue.Edit(code, name, nameEn, groupCode, defaultLeadOrg,
                    intakeConditions, closingConditions, dispute, DeadlineRule.parse(acceptAmount, acceptUnit),
                    DeadlineRule.parse(signAmount, signUnit), DeadlineRule.parse(handleAmount, handleUnit),
                    DeadlineRule.parse(verifyAmount, verifyUnit), active, version));
            redirect.addFlashAttribute("notice", code);
        } catch (InvalidRequestException | ConflictException | IllegalArgumentException e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/cases/catalogue";
    }

    @GetMapping("/calendar")
    String calendar(@RequestParam(required = false) Integer year, Model model) {
        policy.checkHeld(CasePermission.READ_SETTINGS);
        model.addAttribute("mayManage", policy.holds(CasePermission.MANAGE_SETTINGS));
        int y = year == null ? LocalDate.now(WorkingCalendar.ZONE).getYear() : year;
        model.addAttribute("year", y);
        model.addAttribute("days", calendar.year(y));
        return "cases/calendar";
    }

    @PostMapping("/calendar")
    String setDay(@RequestParam LocalDate day, @RequestParam(required = false) String kind,
                  @RequestParam(required = false) String name, RedirectAttributes redirect) {
        try {
            calendar.set(day, kind, name);
        } catch (InvalidRequestException e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/cases/calendar?year=" + day.getYear();
    }

    @Configuration(proxyBeanMethods = false)
    static class Menu {
        @Bean
        Navigation casesNavigation() {
            return () -> List.of(
                    new Navigation.Item("cases.nav.queue", "/cases/queue", "📥", 10, CasePermission.TRIAGE),
                    new Navigation.Item("cases.nav.cases", "/cases", "📋", 11, CasePermission.READ),
                    new Navigation.Item("cases.nav.indicators", "/cases/indicators", "📊", 12,
                            CasePermission.READ_INDICATORS),
                    new Navigation.Item("cases.nav.catalogue", "/cases/catalogue", "🗃", 60,
                            CasePermission.READ_SETTINGS),
                    new Navigation.Item("cases.nav.calendar", "/cases/calendar", "📅", 61,
                            CasePermission.READ_SETTINGS));
        }
    }
}
