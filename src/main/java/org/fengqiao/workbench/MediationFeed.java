package org.fengqiao.workbench;

import java.time.Instant;

import org.fengqiao.mediation.MediationEvents;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

import static org.fengqiao.workbench.WorkbenchTime.utc;

/**
 * Keeps {@code wb_dispute}, {@code wb_session} and {@code wb_warning} from mediation's events. Order-proof like
 * the cases' feed: a dispute's state, its mediator and its site each move only forward in time; a session's status
 * and a warning's state only forward in their order (booked before held or cancelled; raised, acknowledged,
 * handled), so a late or repeated event changes nothing it should not.
 */
@Component
class MediationFeed {

    private final JdbcClient jdbc;

    MediationFeed(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @ApplicationModuleListener
    void on(MediationEvents.DisputeEvent event) {
        apply(event);
    }

    void apply(MediationEvents.DisputeEvent event) {
        switch (event) {
            case MediationEvents.DisputeRegistered e -> dispute(e, "REGISTERED", true, null, true, e.siteId(),
                    e.tierDue());
            case MediationEvents.MediatorChosen e -> dispute(e, "AWAITING_MEDIATOR", true, e.mediatorId(), false,
                    null, null);
            case MediationEvents.MediatorAccepted e -> dispute(e, "MEDIATING", true, e.mediatorId(), false, null,
                    null);
            case MediationEvents.MediatorDeclined e -> dispute(e, "REGISTERED", true, null, false, null, null);
            case MediationEvents.DisputeTakenUp e -> dispute(e, "MEDIATING", true, null, e.siteId() != null,
                    e.siteId(), null);
            case MediationEvents.DisputeTierChanged e -> dispute(e, "REGISTERED", true, null, true, e.siteId(),
                    e.tierDue());
            case MediationEvents.OutcomeRecorded e -> dispute(e, "CLOSED", false, null, false, null, null);
            case MediationEvents.SessionBooked e -> session(e, e.sessionId(), e.startsAt(), e.endsAt(), "BOOKED");
            case MediationEvents.SessionHeld e -> session(e, e.sessionId(), null, null, "HELD");
            case MediationEvents.SessionCancelled e -> session(e, e.sessionId(), null, null, "CANCELLED");
            case MediationEvents.WarningRaised e -> warning(e, e.warningId(), e.ruleCode(), e.level(), e.finding(),
                    e.assigneePersonId(), e.ackDue(), e.handleDue(), "RAISED");
            case MediationEvents.WarningAcknowledged e -> warning(e, e.warningId(), e.ruleCode(), e.level(), null,
                    null, null, null, "ACKNOWLEDGED");
            case MediationEvents.WarningHandled e -> warning(e, e.warningId(), e.ruleCode(), e.level(), null, null,
                    null, null, "HANDLED");
            // the rest change neither where a dispute stands nor who has it (overdue is computed when read)
            case MediationEvents.DisputeAssessed e -> {
            }
            case MediationEvents.DisputeTierOverdue e -> {
            }
            case MediationEvents.AgreementDrafted e -> {
            }
            case MediationEvents.AgreementSigned e -> {
            }
            case MediationEvents.PerformanceRecorded e -> {
            }
            case MediationEvents.ConfirmationApplied e -> confirmation(e, e.agreementId(), e.courtOrgId(), "APPLIED");
            case MediationEvents.ConfirmationDecided e -> confirmation(e, e.agreementId(), e.courtOrgId(), e.status());
            case MediationEvents.ConfirmationWindowClosing e -> {
            }
            case MediationEvents.CallBackDone e -> {
            }
            case MediationEvents.WarningOverdue e -> {
            }
        }
    }

    /**
     * One step of a dispute: its state (when {@code stateChange}), its mediator (when {@code mediatorChange} is not
     * false: the mediator chosen, or none), its site and tier (when {@code siteChange}).
     */
    private void dispute(MediationEvents.DisputeEvent e, String state, boolean mediatorChange, Long mediatorId,
                         boolean siteChange, Long siteId, Instant tierDue) {
        jdbc.sql("""
                        insert into wb_dispute as w (dispute_id, number, area_code, type, state, state_at, mediator_id,
                            mediator_at, site_id, tier, tier_due, site_at)
                        values (:id, :number, :area, :type, :state, :at, :mediator, :mediatorAt, :site, :tier, :due,
                            :siteAt)
                        on conflict (dispute_id) do update set
                          type = excluded.type,
                          state = case when excluded.state_at >= w.state_at then excluded.state else w.state end,
                          state_at = greatest(w.state_at, excluded.state_at),
                          mediator_id = case when excluded.mediator_at >= coalesce(w.mediator_at, '-infinity')
                              then excluded.mediator_id else w.mediator_id end,
                          mediator_at = greatest(w.mediator_at, excluded.mediator_at),
                          site_id = case when excluded.site_at >= coalesce(w.site_at, '-infinity')
                              then excluded.site_id else w.site_id end,
                          tier = case when excluded.site_at >= coalesce(w.site_at, '-infinity')
                              then excluded.tier else w.tier end,
                          tier_due = case when excluded.site_at >= coalesce(w.site_at, '-infinity')
                              then excluded.tier_due else w.tier_due end,
                          site_at = greatest(w.site_at, excluded.site_at)""")
                .param("id", e.disputeId()).param("number", e.number()).param("area", e.areaCode())
                .param("type", e.type().name()).param("state", state).param("at", utc(e.at()))
                .param("mediator", mediatorChange ? mediatorId : null)
                .param("mediatorAt", mediatorChange ? utc(e.at()) : null)
                .param("site", siteChange ? siteId : null).param("tier", siteChange ? e.tier().name() : null)
                .param("due", siteChange ? utc(tierDue) : null).param("siteAt", siteChange ? utc(e.at()) : null)
                .update();
    }

    private void session(MediationEvents.DisputeEvent e, long sessionId, Instant startsAt, Instant endsAt,
                         String status) {
        jdbc.sql("""
                        insert into wb_session as w (session_id, dispute_id, number, area_code, starts_at, ends_at,
                            status)
                        values (?, ?, ?, ?, ?, ?, ?)
                        on conflict (session_id) do update set
                          starts_at = coalesce(excluded.starts_at, w.starts_at),
                          ends_at = coalesce(excluded.ends_at, w.ends_at),
                          status = case when w.status = 'BOOKED' then excluded.status else w.status end""")
                .params(sessionId, e.disputeId(), e.number(), e.areaCode(), utc(startsAt), utc(endsAt), status)
                .update();
    }

    private void confirmation(MediationEvents.DisputeEvent e, long agreementId, long courtOrgId, String status) {
        jdbc.sql("""
                        insert into wb_confirmation as w (agreement_id, dispute_id, number, area_code, court_org_id,
                            status, applied_at)
                        values (?, ?, ?, ?, ?, ?, ?)
                        on conflict (agreement_id) do update set
                          applied_at = coalesce(excluded.applied_at, w.applied_at),
                          status = case when (case excluded.status when 'APPLIED' then 1 when 'ACCEPTED' then 2
                                                  else 3 end)
                                           > (case w.status when 'APPLIED' then 1 when 'ACCEPTED' then 2 else 3 end)
                                        then excluded.status else w.status end""")
                .params(agreementId, e.disputeId(), e.number(), e.areaCode(), courtOrgId, status,
                        "APPLIED".equals(status) ? utc(e.at()) : null)
                .update();
    }

    private void warning(MediationEvents.DisputeEvent e, long warningId, String rule, String level, String finding,
                         Long assignee, Instant ackDue, Instant handleDue, String state) {
        jdbc.sql("""
                        insert into wb_warning as w (source, warning_id, subject_id, number, area_code, rule_code,
                            level, finding, assignee_person_id, raised_at, ack_due, handle_due, state)
                        values ('mediation', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        on conflict (source, warning_id) do update set
                          finding = coalesce(excluded.finding, w.finding),
                          assignee_person_id = coalesce(excluded.assignee_person_id, w.assignee_person_id),
                          raised_at = coalesce(excluded.raised_at, w.raised_at),
                          ack_due = coalesce(excluded.ack_due, w.ack_due),
                          handle_due = coalesce(excluded.handle_due, w.handle_due),
                          state = case when array_position(array['RAISED', 'ACKNOWLEDGED', 'HANDLED'], excluded.state)
                                          > array_position(array['RAISED', 'ACKNOWLEDGED', 'HANDLED'], w.state)
                                       then excluded.state else w.state end""")
                .params(warningId, e.disputeId(), e.number(), e.areaCode(), rule, level,
                        CaseFeed.shorten(finding, 200), assignee, "RAISED".equals(state) ? utc(e.at()) : null,
                        utc(ackDue), utc(handleDue), state)
                .update();
    }
}
