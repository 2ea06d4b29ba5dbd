package org.fengqiao.analytics;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.fengqiao.cases.CaseEvents;

/**
 * A case as its events leave it, folded in the order they happened; mirrors what each step does to the case file
 * (a return or an escalation clears the lead and the handling deadline, a reopening clears the closing and the
 * rating), so the read model answers what {@code cases.Indicators} answers from the case's own tables.
 */
final class CaseFold {

    String number;
    String areaCode;
    String categoryCode;
    boolean dispute;
    String channel;
    Long reportId;
    String state;
    Instant openedAt;
    Long leadOrgId;
    String leadOrgName;
    Instant firstDispatchedAt;
    Instant handleDue;
    Instant closedAt;
    String closingKind;
    String rating;
    Instant ratedAt;
    boolean supervised;
    int dispatchCount;
    int returnCount;
    int reworkCount;
    final List<Dispatch> dispatches = new ArrayList<>();
    final List<Verification> verifications = new ArrayList<>();

    static final class Dispatch {
        final long orgId;
        final String orgName;
        final Instant at;
        Instant returnedAt;

        Dispatch(long orgId, String orgName, Instant at) {
            this.orgId = orgId;
            this.orgName = orgName;
            this.at = at;
        }
    }

    record Verification(Instant at, boolean passed) {
    }

    /** The fold a bulk path's rows stand for (see {@code CaseFacts#baseline}): the new steps apply on top of it. */
    static CaseFold from(tools.jackson.databind.JsonNode snapshot) {
        tools.jackson.databind.JsonNode c = snapshot.get("case");
        CaseFold f = new CaseFold();
        f.number = text(c, "number");
        f.areaCode = text(c, "area_code");
        f.categoryCode = text(c, "category_code");
        f.dispute = c.path("dispute").asBoolean(false);
        f.channel = text(c, "channel");
        f.reportId = c.hasNonNull("report_id") ? c.get("report_id").asLong() : null;
        f.state = text(c, "state");
        f.openedAt = instant(c, "opened_at");
        f.leadOrgId = c.hasNonNull("lead_org_id") ? c.get("lead_org_id").asLong() : null;
        f.leadOrgName = text(c, "lead_org_name");
        f.firstDispatchedAt = instant(c, "first_dispatched_at");
        f.handleDue = instant(c, "handle_due");
        f.closedAt = instant(c, "closed_at");
        f.closingKind = text(c, "closing_kind");
        f.rating = text(c, "rating");
        f.ratedAt = instant(c, "rated_at");
        f.supervised = c.path("supervised").asBoolean(false);
        f.dispatchCount = c.path("dispatch_count").asInt(0);
        f.returnCount = c.path("return_count").asInt(0);
        f.reworkCount = c.path("rework_count").asInt(0);
        for (tools.jackson.databind.JsonNode d : snapshot.get("dispatches")) {
            Dispatch x = new Dispatch(d.get("org_id").asLong(), text(d, "org_name"), instant(d, "dispatched_at"));
            x.returnedAt = instant(d, "returned_at");
            f.dispatches.add(x);
        }
        for (tools.jackson.databind.JsonNode v : snapshot.get("verifications")) {
            f.verifications.add(new Verification(instant(v, "at"), v.get("passed").asBoolean()));
        }
        return f;
    }

    private static String text(tools.jackson.databind.JsonNode n, String field) {
        return n.hasNonNull(field) ? n.get(field).asString() : null;
    }

    private static Instant instant(tools.jackson.databind.JsonNode n, String field) {
        return n.hasNonNull(field) ? java.time.OffsetDateTime.parse(n.get(field).asString()).toInstant() : null;
    }

    /**
     * Where an event stands among others of the same instant: the steps one transaction publishes together (a
     * passed verification and the closing, an opening and its first dispatch) keep the workflow's order.
     */
    static int rank(CaseEvents.CaseEvent e) {
        return switch (e) {
            case CaseEvents.CaseOpened x -> 0;
            case CaseEvents.CaseEscalated x -> 1;
            case CaseEvents.CaseReturned x -> 1;
            case CaseEvents.CaseReopened x -> 1;
            case CaseEvents.CaseReferredToMediation x -> 2;
            case CaseEvents.CaseDispatched x -> 2;
            case CaseEvents.CaseSigned x -> 3;
            case CaseEvents.CaseExtensionRequested x -> 4;
            case CaseEvents.CaseExtensionDecided x -> 5;
            case CaseEvents.CaseFedBack x -> 6;
            case CaseEvents.CaseVerified x -> 7;
            case CaseEvents.CaseMediationConcluded x -> 7;
            case CaseEvents.CaseClosed x -> 8;
            case CaseEvents.CaseRated x -> 9;
            default -> 5;
        };
    }

    /**
     * Whether the step moves the case to another state. A step that leaves the state as it was (a merged duplicate, a
     * note, an urging, a supervision, an extension asked or decided, a rating) carries the state of its moment as
     * information only: folded, it must not set the state, or a step dated after a later transition (a duplicate
     * decided late, a backdated history) would put the case back where it no longer is.
     */
    static boolean changesState(CaseEvents.CaseEvent e) {
        return switch (e) {
            case CaseEvents.ReportMerged x -> false;
            case CaseEvents.CaseNoted x -> false;
            case CaseEvents.CaseUrged x -> false;
            case CaseEvents.CaseSupervised x -> false;
            case CaseEvents.CaseExtensionRequested x -> false;
            case CaseEvents.CaseExtensionDecided x -> false;
            case CaseEvents.CaseRated x -> false;
            default -> true;
        };
    }

    void apply(CaseEvents.CaseEvent e) {
        number = e.number();
        areaCode = e.areaCode();
        categoryCode = e.categoryCode();
        if (changesState(e) || state == null) {
            state = e.state().name();
        }
        switch (e) {
            case CaseEvents.CaseOpened o -> {
                dispute = o.dispute();
                channel = o.channel();
                reportId = o.reportId();
                openedAt = o.at();
            }
            case CaseEvents.CaseDispatched d -> {
                leadOrgId = d.leadOrgId();
                leadOrgName = d.leadOrgName();
                if (firstDispatchedAt == null) {
                    firstDispatchedAt = d.at();
                }
                handleDue = d.handleDue();
                dispatchCount = d.dispatchCount();
                dispatches.add(new Dispatch(d.leadOrgId(), d.leadOrgName(), d.at()));
            }
            case CaseEvents.CaseReturned r -> {
                returnCount++;
                leadOrgId = null;
                leadOrgName = null;
                handleDue = null;
                if (!dispatches.isEmpty() && dispatches.getLast().returnedAt == null) {
                    dispatches.getLast().returnedAt = r.at();
                }
            }
            case CaseEvents.CaseEscalated x -> {
                leadOrgId = null;
                leadOrgName = null;
                handleDue = null;
            }
            case CaseEvents.CaseVerified v -> {
                verifications.add(new Verification(v.at(), v.passed()));
                if (!v.passed()) {
                    reworkCount++;
                }
            }
            case CaseEvents.CaseExtensionDecided x -> {
                if (x.approved()) {
                    handleDue = x.newDue();
                }
            }
            case CaseEvents.CaseSupervised x -> supervised = true;
            case CaseEvents.CaseClosed c -> {
                closedAt = c.at();
                closingKind = c.closingKind();
                dispute = c.dispute();
                if (openedAt == null) {
                    openedAt = c.openedAt();
                }
            }
            case CaseEvents.CaseRated r -> {
                rating = r.rating();
                ratedAt = r.at();
            }
            case CaseEvents.CaseReopened x -> {
                closedAt = null;
                closingKind = null;
                rating = null;
                ratedAt = null;
                leadOrgId = null;
                leadOrgName = null;
                handleDue = null;
                supervised = false;
            }
            default -> {
            }
        }
    }
}
