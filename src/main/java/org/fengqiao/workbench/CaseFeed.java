package org.fengqiao.workbench;

import java.time.Instant;
import java.util.List;

import org.fengqiao.cases.CaseEvents;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

import static org.fengqiao.workbench.WorkbenchTime.utc;

/**
 * Keeps {@code wb_case} from the cases module's events, after their transactions committed. Each event is one
 * upsert; every group of columns (state, the dispatch, each deadline, the last return, supervision, a pending
 * extension) moves only forward in time, so a redelivered event changes nothing and a late one changes only what
 * no newer event has set. The statement takes the row lock, so two events of one case handled at once serialise.
 */
@Component
class CaseFeed {

    private final JdbcClient jdbc;

    CaseFeed(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @ApplicationModuleListener
    void on(CaseEvents.CaseEvent event) {
        apply(changeOf(event));
    }

    /** What one event says about the columns of its case. */
    static Change changeOf(CaseEvents.CaseEvent event) {
        Change c = new Change(event);
        switch (event) {
            case CaseEvents.CaseOpened e -> c.opened(e.description());
            case CaseEvents.CaseDispatched e -> c.dispatched(e.leadOrgId(), e.leadOrgName(), e.assistOrgIds(),
                    e.signDue()).handleDue(e.handleDue());
            case CaseEvents.CaseReturned e -> c.dispatched(null, null, List.of(), null).handleDue(null)
                    .returned(e.orgName(), e.reason());
            case CaseEvents.CaseFedBack e -> c.verifyDue(e.verifyDue());
            case CaseEvents.CaseExtensionRequested e -> c.extension(true);
            case CaseEvents.CaseExtensionDecided e -> {
                c.extension(false);
                if (e.approved()) {
                    c.handleDue(e.newDue());
                }
            }
            case CaseEvents.CaseEscalated e -> c.dispatched(null, null, List.of(), null).handleDue(null)
                    .extension(false);
            case CaseEvents.CaseSupervised e -> c.supervised(true, e.overdueStage() == null ? "LEADER"
                    : e.overdueStage());
            case CaseEvents.CaseReopened e -> c.dispatched(null, null, List.of(), null).handleDue(null)
                    .verifyDue(null).supervised(false, null);
            case CaseEvents.ReportMerged e -> {
            }
            case CaseEvents.CaseSigned e -> {
            }
            case CaseEvents.CaseVerified e -> {
            }
            case CaseEvents.CaseUrged e -> {
            }
            case CaseEvents.CaseBacklogged e -> {
            }
            case CaseEvents.CaseResumed e -> {
            }
            case CaseEvents.CaseNoted e -> {
            }
            case CaseEvents.CaseReferredToMediation e -> {
            }
            case CaseEvents.CaseMediationConcluded e -> {
            }
            case CaseEvents.CaseClosed e -> {
            }
            case CaseEvents.CaseRated e -> {
            }
        }
        return c;
    }

    void apply(Change c) {
        jdbc.sql("""
                        insert into wb_case as w (case_id, number, area_code, category_code, state, state_at, opened_at,
                            summary, lead_org_id, lead_org_name, assist_org_ids, sign_due, dispatch_at, handle_due,
                            handle_due_at, verify_due, verify_due_at, returned_by, return_reason, returned_at,
                            supervised, supervised_stage, supervised_at, extension_pending, extension_at)
                        values (:id, :number, :area, :category, :state, :at, :openedAt, :summary, :lead, :leadName,
                            cast(:assist as bigint[]), :signDue, :dispatchAt, :handleDue, :handleAt, :verifyDue,
                            :verifyAt, :returnedBy, :returnReason, :returnedAt, coalesce(:supervised, false), :stage,
                            :supervisedAt, coalesce(:extension, false), :extensionAt)
                        on conflict (case_id) do update set
                          state = case when excluded.state_at >= w.state_at then excluded.state else w.state end,
                          state_at = greatest(w.state_at, excluded.state_at),
                          opened_at = coalesce(w.opened_at, excluded.opened_at),
                          summary = coalesce(w.summary, excluded.summary),
                          lead_org_id = case when excluded.dispatch_at >= coalesce(w.dispatch_at, '-infinity')
                              then excluded.lead_org_id else w.lead_org_id end,
                          lead_org_name = case when excluded.dispatch_at >= coalesce(w.dispatch_at, '-infinity')
                              then excluded.lead_org_name else w.lead_org_name end,
                          assist_org_ids = case when excluded.dispatch_at >= coalesce(w.dispatch_at, '-infinity')
                              then excluded.assist_org_ids else w.assist_org_ids end,
                          sign_due = case when excluded.dispatch_at >= coalesce(w.dispatch_at, '-infinity')
                              then excluded.sign_due else w.sign_due end,
                          dispatch_at = greatest(w.dispatch_at, excluded.dispatch_at),
                          handle_due = case when excluded.handle_due_at >= coalesce(w.handle_due_at, '-infinity')
                              then excluded.handle_due else w.handle_due end,
                          handle_due_at = greatest(w.handle_due_at, excluded.handle_due_at),
                          verify_due = case when excluded.verify_due_at >= coalesce(w.verify_due_at, '-infinity')
                              then excluded.verify_due else w.verify_due end,
                          verify_due_at = greatest(w.verify_due_at, excluded.verify_due_at),
                          returned_by = case when excluded.returned_at >= coalesce(w.returned_at, '-infinity')
                              then excluded.returned_by else w.returned_by end,
                          return_reason = case when excluded.returned_at >= coalesce(w.returned_at, '-infinity')
                              then excluded.return_reason else w.return_reason end,
                          returned_at = greatest(w.returned_at, excluded.returned_at),
                          supervised = case when excluded.supervised_at >= coalesce(w.supervised_at, '-infinity')
                              then excluded.supervised else w.supervised end,
                          supervised_stage = case when excluded.supervised_at >= coalesce(w.supervised_at, '-infinity')
                              then excluded.supervised_stage else w.supervised_stage end,
                          supervised_at = greatest(w.supervised_at, excluded.supervised_at),
                          extension_pending = case when excluded.extension_at >= coalesce(w.extension_at, '-infinity')
                              then excluded.extension_pending else w.extension_pending end,
                          extension_at = greatest(w.extension_at, excluded.extension_at)""")
                .param("id", c.caseId)
                .param("number", c.number)
                .param("area", c.areaCode)
                .param("category", c.categoryCode)
                .param("state", c.state)
                .param("at", utc(c.at))
                .param("openedAt", c.opened ? utc(c.at) : null)
                .param("summary", c.summary)
                .param("lead", c.dispatch ? c.leadOrgId : null)
                .param("leadName", c.dispatch ? c.leadOrgName : null)
                .param("assist", c.dispatch ? "{" + String.join(",", c.assist.stream().map(String::valueOf).toList())
                        + "}" : "{}")
                .param("signDue", c.dispatch ? utc(c.signDue) : null)
                .param("dispatchAt", c.dispatch ? utc(c.at) : null)
                .param("handleDue", c.handle ? utc(c.handleDue) : null)
                .param("handleAt", c.handle ? utc(c.at) : null)
                .param("verifyDue", c.verify ? utc(c.verifyDue) : null)
                .param("verifyAt", c.verify ? utc(c.at) : null)
                .param("returnedBy", c.returned ? c.returnedBy : null)
                .param("returnReason", c.returned ? c.returnReason : null)
                .param("returnedAt", c.returned ? utc(c.at) : null)
                .param("supervised", c.supervise ? c.supervised : null)
                .param("stage", c.supervise ? c.supervisedStage : null)
                .param("supervisedAt", c.supervise ? utc(c.at) : null)
                .param("extension", c.extension ? c.extensionPending : null)
                .param("extensionAt", c.extension ? utc(c.at) : null)
                .update();
    }

    /** The columns one event sets; a group not named by the event is left as it is. */
    static final class Change {
        final long caseId;
        final String number;
        final String areaCode;
        final String categoryCode;
        final Instant at;
        final String state;
        boolean opened;
        String summary;
        boolean dispatch;
        Long leadOrgId;
        String leadOrgName;
        List<Long> assist = List.of();
        Instant signDue;
        boolean handle;
        Instant handleDue;
        boolean verify;
        Instant verifyDue;
        boolean returned;
        String returnedBy;
        String returnReason;
        boolean supervise;
        boolean supervised;
        String supervisedStage;
        boolean extension;
        boolean extensionPending;

        Change(CaseEvents.CaseEvent e) {
            this.caseId = e.caseId();
            this.number = e.number();
            this.areaCode = e.areaCode();
            this.categoryCode = e.categoryCode();
            this.at = e.at();
            this.state = e.state().name();
        }

        Change opened(String description) {
            opened = true;
            summary = shorten(description, 160);
            return this;
        }

        Change dispatched(Long lead, String leadName, List<Long> assisting, Instant signDue) {
            dispatch = true;
            leadOrgId = lead;
            leadOrgName = shorten(leadName, 120);
            assist = assisting == null ? List.of() : assisting;
            this.signDue = signDue;
            return this;
        }

        Change handleDue(Instant due) {
            handle = true;
            handleDue = due;
            return this;
        }

        Change verifyDue(Instant due) {
            verify = true;
            verifyDue = due;
            return this;
        }

        Change returned(String by, String reason) {
            returned = true;
            returnedBy = shorten(by, 120);
            returnReason = shorten(reason, 200);
            return this;
        }

        Change supervised(boolean on, String stage) {
            supervise = true;
            supervised = on;
            supervisedStage = stage;
            return this;
        }

        Change extension(boolean pending) {
            extension = true;
            extensionPending = pending;
            return this;
        }
    }

    static String shorten(String s, int max) {
        if (s == null) {
            return null;
        }
        String t = s.strip();
        return t.length() <= max ? t : t.substring(0, max - 1) + "…";
    }
}
