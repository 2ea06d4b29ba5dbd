package org.fengqiao.workbench;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.fengqiao.cases.CategoryCatalogue;
import org.fengqiao.geography.AreaDirectory;
import org.fengqiao.mediation.MediationMenu;
import org.fengqiao.mediation.MenuViews;
import org.fengqiao.platform.AccessPolicy;
import org.fengqiao.platform.CurrentUser;
import org.fengqiao.platform.InvalidRequestException;
import org.fengqiao.platform.NotFoundException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Service;

import static org.fengqiao.workbench.WorkbenchQueries.CaseRow;
import static org.fengqiao.workbench.WorkbenchQueries.ReportRow;
import static org.fengqiao.workbench.WorkbenchQueries.Where;

/**
 * Each role's home: what needs the person now, from the workbench's own read models. A panel appears when one of
 * the person's role assignments grants its {@link WorkbenchPermission}, and lists only what those assignments cover
 * (per assignment, in SQL). Overdue and near-deadline are computed at the moment of reading, from the injected
 * clock.
 */
@Service
public class Workbench {

    /** The panels in the order the page shows them. */
    public static final List<String> PANELS = List.of("intake", "dispatch", "supervision", "warnings", "department",
            "mediation", "court", "field", "reports");

    private static final String OPEN = "'REGISTERED', 'DISPATCHED', 'RETURNED', 'IN_PROGRESS', 'FED_BACK', 'REWORK',"
            + " 'BACKLOG', 'MEDIATION'";

    private final WorkbenchQueries queries;
    private final AccessPolicy policy;
    private final CategoryCatalogue catalogue;
    private final MediationMenu menu;
    private final MessageSource messages;
    private final AreaDirectory areas;
    private final Clock clock;
    private final Duration intakeWarning;
    private final Duration deadlineWarning;
    private final int defaultItems;

    /** The most items a panel lists (the JSON API may ask for more than the page shows). */
    public static final int MAX_ITEMS = 200;

    Workbench(WorkbenchQueries queries, AccessPolicy policy, CategoryCatalogue catalogue, MediationMenu menu,
              MessageSource messages, AreaDirectory areas,
              Clock clock, @Value("${fengqiao.workbench.intake-warning:PT1H}") Duration intakeWarning,
              @Value("${fengqiao.workbench.deadline-warning:P1D}") Duration deadlineWarning,
              @Value("${fengqiao.workbench.items:5}") int items) {
        this.queries = queries;
        this.policy = policy;
        this.catalogue = catalogue;
        this.menu = menu;
        this.messages = messages;
        this.areas = areas;
        this.clock = clock;
        this.intakeWarning = intakeWarning;
        this.deadlineWarning = deadlineWarning;
        this.defaultItems = items;
    }

    /** The signed-in person's board. */
    public Board board() {
        return board(CurrentUser.require());
    }

    public Board board(CurrentUser.User user) {
        return board(user, defaultItems);
    }

    /** The board with up to {@code itemsPerPanel} items in each panel (1 to 200). */
    public Board board(CurrentUser.User user, int itemsPerPanel) {
        if (itemsPerPanel < 1 || itemsPerPanel > MAX_ITEMS) {
            throw new InvalidRequestException("A panel lists 1 to " + MAX_ITEMS + " items");
        }
        Instant now = clock.instant();
        List<Board.Panel> panels = new ArrayList<>();
        for (String key : PANELS) {
            if (granted(user, key)) {
                panels.add(build(user, key, now, itemsPerPanel));
            }
        }
        return new Board(now, labelled(panels));
    }

    /** One panel of the signed-in person's board (htmx refreshes them one by one); 404 when they have none such. */
    public Board.Panel panel(String key) {
        CurrentUser.User user = CurrentUser.require();
        if (!PANELS.contains(key) || !granted(user, key)) {
            throw new NotFoundException("No panel " + key + " on your workbench");
        }
        return labelled(List.of(build(user, key, clock.instant(), defaultItems))).getFirst();
    }

    /** Whether one of the person's assignments grants the panel. */
    public boolean granted(CurrentUser.User user, String key) {
        return policy.holds(user, permission(key));
    }

    static WorkbenchPermission permission(String key) {
        return switch (key) {
            case "intake" -> WorkbenchPermission.INTAKE;
            case "dispatch" -> WorkbenchPermission.DISPATCH;
            case "supervision" -> WorkbenchPermission.SUPERVISION;
            case "department" -> WorkbenchPermission.DEPARTMENT;
            case "field" -> WorkbenchPermission.FIELD;
            case "reports" -> WorkbenchPermission.OWN_REPORTS;
            case "mediation" -> WorkbenchPermission.MEDIATION;
            case "warnings" -> WorkbenchPermission.WARNINGS;
            case "court" -> WorkbenchPermission.COURT;
            default -> throw new IllegalArgumentException("no panel " + key);
        };
    }

    private Board.Panel build(CurrentUser.User user, String key, Instant now, int items) {
        return switch (key) {
            case "intake" -> intake(user, now, items);
            case "dispatch" -> dispatch(user, now, items);
            case "supervision" -> supervision(user, now, items);
            case "department" -> department(user, now, items);
            case "field" -> field(user, now, items);
            case "reports" -> reports(user, now, items);
            case "mediation" -> mediation(user, now, items);
            case "warnings" -> warnings(user, now, items);
            case "court" -> court(user, items);
            default -> throw new IllegalArgumentException("no panel " + key);
        };
    }

    // ---- the panels ----

    private Board.Panel intake(CurrentUser.User user, Instant now, int items) {
        Where where = queries.area(user, WorkbenchPermission.INTAKE, "r.area_code");
        Instant soon = now.plus(intakeWarning);
        List<Long> n = queries.countPending(where, now, soon);
        List<Board.Count> counts = List.of(
                new Board.Count("pending", n.get(0), false, "/cases/queue"),
                new Board.Count("nearLimit", n.get(1) - n.get(2), n.get(1) > n.get(2), "/cases/queue"),
                new Board.Count("pastLimit", n.get(2), n.get(2) > 0, "/cases/queue"));
        List<Board.Item> list = queries.pending(where, items).stream()
                .map(r -> report(r, "PENDING", null, r.acceptDue(), now, soon, r.place(),
                        "/cases/queue/" + r.id())).toList();
        return new Board.Panel("intake", counts, list);
    }

    private Board.Panel dispatch(CurrentUser.User user, Instant now, int items) {
        Where where = queries.area(user, WorkbenchPermission.DISPATCH, "c.area_code");
        Instant soon = now.plus(deadlineWarning);
        String states = "'REGISTERED', 'RETURNED', 'DISPATCHED', 'IN_PROGRESS', 'REWORK'";
        List<Long> n = queries.countCases(where, states, List.of("c.state = 'REGISTERED'", "c.state = 'RETURNED'",
                "c.due < :now"), now, soon);
        List<Board.Count> counts = List.of(
                new Board.Count("toDispatch", n.get(0), false, "/cases?list=TO_DISPATCH&state=REGISTERED"),
                new Board.Count("returned", n.get(1), n.get(1) > 0, "/cases?list=TO_DISPATCH&state=RETURNED"),
                new Board.Count("overdue", n.get(2), n.get(2) > 0, "/cases?list=OVERDUE"));
        List<Board.Item> list = queries.cases(where, states,
                        "c.state in ('RETURNED', 'REGISTERED') or c.due < :now",
                        "(c.state = 'RETURNED') desc, c.due nulls last, c.case_id", now, soon, items).stream()
                .map(c -> item(c, switch (c.state()) {
                    case "RETURNED" -> "RETURNED";
                    case "REGISTERED" -> "TO_DISPATCH";
                    default -> "OVERDUE";
                }, now, soon, "RETURNED".equals(c.state()) ? returnNote(c) : c.leadOrgName())).toList();
        return new Board.Panel("dispatch", counts, list);
    }

    private Board.Panel supervision(CurrentUser.User user, Instant now, int items) {
        Where where = queries.area(user, WorkbenchPermission.SUPERVISION, "c.area_code");
        Instant soon = now.plus(deadlineWarning);
        String extension = "c.extension_pending and c.state in ('IN_PROGRESS', 'REWORK', 'BACKLOG')";
        List<Long> n = queries.countCases(where, OPEN, List.of("c.supervised", "c.due < :now", extension,
                "c.state = 'BACKLOG'"), now, soon);
        List<Board.Count> counts = List.of(
                new Board.Count("supervised", n.get(0), false, "/cases?list=SUPERVISED"),
                new Board.Count("overdue", n.get(1), n.get(1) > 0, "/cases?list=OVERDUE"),
                new Board.Count("extensions", n.get(2), n.get(2) > 0, "/cases?list=EXTENSIONS"),
                new Board.Count("backlog", n.get(3), false, "/cases?list=BACKLOG"));
        List<Board.Item> list = queries.cases(where, OPEN, "c.supervised or c.due < :now or (" + extension + ")",
                        "c.due nulls last, c.case_id", now, soon, items).stream()
                .map(c -> item(c, c.extensionPending() && !overdue(c, now) ? "EXTENSION"
                        : c.supervised() && !overdue(c, now) ? "SUPERVISED" : "OVERDUE", now, soon,
                        c.leadOrgName())).toList();
        return new Board.Panel("supervision", counts, list);
    }

    private Board.Panel department(CurrentUser.User user, Instant now, int items) {
        Where lead = queries.department(user, false);
        Where assisting = queries.department(user, true);
        Instant soon = now.plus(deadlineWarning);
        String states = "'DISPATCHED', 'IN_PROGRESS', 'REWORK', 'BACKLOG'";
        List<Long> n = queries.countCases(lead, states, List.of("c.state = 'DISPATCHED'",
                "c.state in ('IN_PROGRESS', 'REWORK', 'BACKLOG')", "c.due >= :now and c.due < :soon",
                "c.due < :now"), now, soon);
        long assists = queries.countCases(assisting, OPEN, List.of("true"), now, soon).getFirst();
        List<Board.Count> counts = List.of(
                new Board.Count("toSign", n.get(0), n.get(0) > 0, "/cases?list=TO_SIGN"),
                new Board.Count("toHandle", n.get(1), false, "/cases?list=TO_HANDLE"),
                new Board.Count("nearDeadline", n.get(2), n.get(2) > 0, "/cases?list=TO_HANDLE"),
                new Board.Count("overdue", n.get(3), n.get(3) > 0, "/cases?list=OVERDUE"),
                new Board.Count("assisting", assists, false, "/cases?list=ALL"));
        List<Board.Item> list = queries.cases(lead, states, "true",
                        "(c.state = 'DISPATCHED') desc, c.due nulls last, c.case_id", now, soon, items).stream()
                .map(c -> item(c, "DISPATCHED".equals(c.state()) ? "TO_SIGN" : "TO_HANDLE", now, soon, null))
                .toList();
        return new Board.Panel("department", counts, list);
    }

    private Board.Panel field(CurrentUser.User user, Instant now, int items) {
        Where where = queries.area(user, WorkbenchPermission.FIELD, "c.area_code");
        Instant soon = now.plus(deadlineWarning);
        List<Long> n = queries.countCases(where, OPEN, List.of("c.state = 'FED_BACK'", "true", "c.due < :now"), now,
                soon);
        List<Board.Count> counts = List.of(
                new Board.Count("toVerify", n.get(0), n.get(0) > 0, "/cases?list=TO_VERIFY"),
                new Board.Count("open", n.get(1), false, "/cases?list=ALL"),
                new Board.Count("overdue", n.get(2), n.get(2) > 0, "/cases?list=OVERDUE"));
        List<Board.Item> list = queries.cases(where, OPEN, "true",
                        "(c.state = 'FED_BACK') desc, c.due nulls last, c.case_id desc", now, soon, items).stream()
                .map(c -> item(c, "FED_BACK".equals(c.state()) ? "TO_VERIFY" : "OPEN", now, soon, c.leadOrgName()))
                .toList();
        return new Board.Panel("field", counts, list);
    }

    private Board.Panel reports(CurrentUser.User user, Instant now, int items) {
        List<Long> n = queries.countOwn(user.username());
        List<Board.Count> counts = List.of(
                new Board.Count("pending", n.get(0), false, "/intake/mine"),
                new Board.Count("openCases", n.get(1), false, "/intake/mine"));
        List<Board.Item> list = queries.own(user.username(), items).stream()
                .map(r -> report(r, r.status(), r.caseState(),
                        "PENDING".equals(r.status()) ? r.acceptDue() : null, now, now, r.caseNumber(),
                        "/intake/reports/" + r.id())).toList();
        return new Board.Panel("reports", counts, list);
    }

    private Board.Panel mediation(CurrentUser.User user, Instant now, int items) {
        Where disputes = queries.area(user, WorkbenchPermission.MEDIATION, "d.area_code");
        Where sessions = queries.area(user, WorkbenchPermission.MEDIATION, "s.area_code");
        List<Long> mine = menu.entriesOf(user.personId()).stream().map(MenuViews.MediatorView::id).toList();
        // a session that began a little while ago is still today's work (to record it as held)
        Instant from = now.minus(Duration.ofHours(3));
        List<Long> n = queries.countDisputes(disputes, mine, now);
        long booked = queries.countSessions(sessions, from);
        List<Board.Count> counts = List.of(
                new Board.Count("toAnswer", n.get(0), n.get(0) > 0, "/mediation/mine"),
                new Board.Count("mediating", n.get(1), false, "/mediation/mine"),
                new Board.Count("sessions", booked, false, "/mediation/mine"),
                new Board.Count("waiting", n.get(2), false, "/mediation?view=OPEN"),
                new Board.Count("overdue", n.get(3), n.get(3) > 0, "/mediation?view=OVERDUE"));
        List<Board.Item> list = new ArrayList<>();
        queries.disputes(disputes, mine, "d.state = 'AWAITING_MEDIATOR' and d.mediator_id = any (cast(:mine as"
                + " bigint[]))", "d.dispute_id", now, items).forEach(d -> list.add(dispute(d, "TO_ANSWER", now)));
        queries.sessions(sessions, from, items).forEach(x -> list.add(new Board.Item("SESSION", x.id(), x.number(),
                x.type(), null, null, x.areaCode(), null, "SESSION", null, x.due(), false, false, null,
                "/mediation/" + x.disputeId())));
        queries.disputes(disputes, mine, "d.state = 'REGISTERED'", "d.tier_due nulls last, d.dispute_id", now, items)
                .forEach(d -> list.add(dispute(d, "WAITING", now)));
        return new Board.Panel("mediation", counts, list.subList(0, Math.min(items, list.size())));
    }

    private static Board.Item dispute(WorkbenchQueries.MediationRow d, String reason, Instant now) {
        boolean overdue = d.due() != null && d.due().isBefore(now);
        return new Board.Item("DISPUTE", d.id(), d.number(), d.type(), null, null, d.areaCode(), null, reason, null,
                d.due(), overdue, false, null, "/mediation/" + d.disputeId());
    }

    private Board.Panel warnings(CurrentUser.User user, Instant now, int items) {
        Where where = queries.area(user, WorkbenchPermission.WARNINGS, "w.area_code");
        List<Long> n = queries.countWarnings(where, user.personId(), now);
        List<Board.Count> counts = List.of(
                new Board.Count("open", n.get(0), n.get(0) > 0, "/mediation/warnings"),
                new Board.Count("unacknowledged", n.get(1), n.get(1) > 0, "/mediation/warnings"),
                new Board.Count("overdue", n.get(2), n.get(2) > 0, "/mediation/warnings"),
                new Board.Count("mine", n.get(3), false, "/mediation/warnings"));
        List<Board.Item> list = queries.warnings(where, user.personId(), items).stream()
                .map(w -> new Board.Item("WARNING", w.id(), w.number(), null, null, w.note(), w.areaCode(), null,
                        w.state(), null, w.due(), w.due() != null && w.due().isBefore(now), false, w.type(),
                        "/mediation/" + w.disputeId())).toList();
        return new Board.Panel("warnings", counts, list);
    }

    private Board.Panel court(CurrentUser.User user, int items) {
        Where where = queries.court(user);
        List<Long> n = queries.countConfirmations(where);
        List<Board.Count> counts = List.of(
                new Board.Count("toAccept", n.get(0), n.get(0) > 0, "/mediation?view=OPEN"),
                new Board.Count("toDecide", n.get(1), n.get(1) > 0, "/mediation?view=OPEN"));
        List<Board.Item> list = queries.confirmations(where, items).stream()
                .map(f -> new Board.Item("CONFIRMATION", f.id(), f.number(), null, null, null, f.areaCode(), null,
                        "APPLIED".equals(f.state()) ? "TO_ACCEPT" : "TO_DECIDE", null, null, false, false, null,
                        "/mediation/" + f.disputeId())).toList();
        return new Board.Panel("court", counts, list);
    }

    // ---- items ----

    private static boolean overdue(CaseRow c, Instant now) {
        return c.due() != null && c.due().isBefore(now);
    }

    private static String returnNote(CaseRow c) {
        if (c.returnedBy() == null) {
            return c.returnReason();
        }
        return c.returnReason() == null ? c.returnedBy() : c.returnedBy() + ": " + c.returnReason();
    }

    private static Board.Item item(CaseRow c, String reason, Instant now, Instant soon, String note) {
        boolean overdue = overdue(c, now);
        return new Board.Item("CASE", c.id(), c.number(), c.categoryCode(), null, c.summary(), c.areaCode(), null,
                reason, c.state(), c.due(), overdue, !overdue && c.due() != null && c.due().isBefore(soon), note,
                "/cases/" + c.id());
    }

    private static Board.Item report(ReportRow r, String reason, String state, Instant due, Instant now,
                                     Instant soon, String note, String link) {
        boolean overdue = due != null && due.isBefore(now);
        return new Board.Item("REPORT", r.id(), r.caseNumber(), r.categoryCode(), null, r.summary(), r.areaCode(),
                null, reason, state, due, overdue, !overdue && due != null && due.isBefore(soon), note, link);
    }

    /** A case's or report's category, a dispute's type, in the reader's language. */
    private String category(Board.Item i, Locale locale) {
        return switch (i.kind()) {
            case "CASE", "REPORT" -> catalogue.find(i.categoryCode()).map(cat -> cat.label(locale))
                    .orElse(i.categoryCode());
            case "DISPUTE", "SESSION" -> messages.getMessage("mediation.type." + i.categoryCode(), null,
                    i.categoryCode(), locale);
            default -> i.categoryCode();
        };
    }

    /** Category and area names in the reader's language, looked up once for the whole board. */
    private List<Board.Panel> labelled(List<Board.Panel> panels) {
        Set<String> codes = new LinkedHashSet<>();
        panels.forEach(p -> p.items().forEach(i -> {
            if (i.areaCode() != null) {
                codes.add(i.areaCode());
            }
        }));
        Map<String, String> names = codes.isEmpty() ? Map.of() : areas.names(codes);
        Locale locale = LocaleContextHolder.getLocale();
        Map<String, String> categories = new LinkedHashMap<>();
        List<Board.Panel> out = new ArrayList<>();
        for (Board.Panel p : panels) {
            List<Board.Item> labelled = p.items().stream().map(i -> new Board.Item(i.kind(), i.id(), i.number(),
                    i.categoryCode(), i.categoryCode() == null ? null : categories.computeIfAbsent(i.kind() + ":"
                    + i.categoryCode(), c -> category(i, locale)), i.summary(), i.areaCode(),
                    i.areaCode() == null ? null : names.get(i.areaCode()), i.reason(), i.state(), i.due(),
                    i.overdue(), i.near(), i.note(), i.link())).toList();
            out.add(new Board.Panel(p.key(), p.counts(), labelled));
        }
        return out;
    }
}
