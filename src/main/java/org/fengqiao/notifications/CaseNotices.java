package org.fengqiao.notifications;

import java.util.ArrayList;
import java.util.List;

import org.fengqiao.cases.CaseEvents;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Who is told what when a case moves: fed by the case events after the step committed, so the outbox row exists
 * exactly when the step happened (a listener that failed is retried by the event-publication registry). Recipients
 * are resolved when the outbox is relayed, so a notice to a department reaches whoever handles for it then.
 */
@Component
class CaseNotices {

    private final Notifications notifications;

    CaseNotices(Notifications notifications) {
        this.notifications = notifications;
    }

    private static String link(CaseEvents.CaseEvent e) {
        return "/cases/" + e.caseId();
    }

    private static Notice toOrg(Long org, String key, CaseEvents.CaseEvent e, boolean urgent) {
        return new Notice(new Notice.Organisation(org), key, List.of(e.number()), link(e), urgent);
    }

    private static Notice toRole(String role, String area, String key, CaseEvents.CaseEvent e, boolean urgent) {
        return new Notice(new Notice.RoleInArea(role, area), key, List.of(e.number()), link(e), urgent);
    }

    private void send(List<Notice> notices) {
        if (!notices.isEmpty()) {
            notifications.enqueueAll(notices);
        }
    }

    @ApplicationModuleListener
    void on(CaseEvents.CaseDispatched e) {
        List<Notice> n = new ArrayList<>();
        n.add(toOrg(e.leadOrgId(), "cases.notice.dispatched", e, true));
        e.assistOrgIds().forEach(a -> n.add(toOrg(a, "cases.notice.assist", e, false)));
        send(n);
    }

    @ApplicationModuleListener
    void on(CaseEvents.CaseReturned e) {
        send(List.of(toRole("DISPATCHER", e.areaCode(), "cases.notice.returned", e, false)));
    }

    @ApplicationModuleListener
    void on(CaseEvents.CaseFedBack e) {
        send(List.of(toRole("GRID_WORKER", e.areaCode(), "cases.notice.toVerify", e, false),
                toRole("DISPATCHER", e.areaCode(), "cases.notice.toVerify", e, false)));
    }

    @ApplicationModuleListener
    void on(CaseEvents.CaseVerified e) {
        if (e.leadOrgId() != null) {
            send(List.of(toOrg(e.leadOrgId(), e.passed() ? "cases.notice.closed" : "cases.notice.rework", e,
                    !e.passed())));
        }
    }

    @ApplicationModuleListener
    void on(CaseEvents.CaseExtensionRequested e) {
        send(List.of(toRole("SHIFT_LEAD", e.areaCode(), "cases.notice.extension", e, false)));
    }

    @ApplicationModuleListener
    void on(CaseEvents.CaseExtensionDecided e) {
        if (e.leadOrgId() != null) {
            send(List.of(toOrg(e.leadOrgId(), e.approved() ? "cases.notice.extensionApproved"
                    : "cases.notice.extensionRefused", e, false)));
        }
    }

    @ApplicationModuleListener
    void on(CaseEvents.CaseEscalated e) {
        send(List.of(toRole("DISPATCHER", e.areaCode().substring(0, Math.min(6, e.areaCode().length())),
                "cases.notice.escalated", e, true)));
    }

    @ApplicationModuleListener
    void on(CaseEvents.CaseSupervised e) {
        List<Notice> n = new ArrayList<>();
        if (e.overdueStage() != null) {
            n.add(toRole("LEADER", e.areaCode(), "cases.notice.overdue", e, false));
        }
        if (e.leadOrgId() != null) {
            n.add(toOrg(e.leadOrgId(), "cases.notice.supervised", e, true));
        }
        send(n);
    }

    @ApplicationModuleListener
    void on(CaseEvents.CaseUrged e) {
        if (e.leadOrgId() != null) {
            send(List.of(toOrg(e.leadOrgId(), "cases.notice.urged", e, true)));
        }
    }
}
