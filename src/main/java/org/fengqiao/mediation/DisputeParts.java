package org.fengqiao.mediation;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import org.fengqiao.mediation.DisputeView.Agreement;
import org.fengqiao.mediation.DisputeView.Choice;
import org.fengqiao.mediation.DisputeView.Confirmation;
import org.fengqiao.mediation.DisputeView.Session;
import org.fengqiao.mediation.DisputeView.Warning;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Reads what hangs off a dispute: parties, choices, sessions, the agreement with its confirmation, warnings. */
@Component
class DisputeParts {

    /** Everything at once, for a page, the API and the step rules. */
    record Parts(List<PartyView> parties, List<Choice> choices, List<Session> sessions, Agreement agreement,
                 List<Warning> warnings) {
        Optional<Choice> pendingChoice() {
            return choices.stream().filter(c -> "PENDING".equals(c.status())).findFirst();
        }

        boolean hasBookedSession() {
            return sessions.stream().anyMatch(s -> "BOOKED".equals(s.status()));
        }

        Optional<Confirmation> confirmation() {
            return agreement == null ? Optional.empty() : Optional.ofNullable(agreement.confirmation());
        }
    }

    private final JdbcClient jdbc;

    DisputeParts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Parts of(long disputeId) {
        return new Parts(parties(disputeId), choices(disputeId), sessions(disputeId), agreement(disputeId).orElse(null),
                warnings(disputeId));
    }

    List<PartyView> parties(long disputeId) {
        return jdbc.sql("""
                        select id, ord, side, kind, name, id_number_masked, phone_masked, address, represents,
                               organisation_id from mediation_party where dispute_id = ? order by ord""")
                .param(disputeId)
                .query((rs, n) -> new PartyView(rs.getLong("id"), rs.getInt("ord"), rs.getString("side"),
                        rs.getString("kind"), rs.getString("name"), rs.getString("id_number_masked"),
                        rs.getString("phone_masked"), rs.getString("address"), rs.getInt("represents"),
                        (Long) rs.getObject("organisation_id")))
                .list();
    }

    List<Choice> choices(long disputeId) {
        return jdbc.sql("""
                        select c.id, c.mediator_id, m.name, m.kind, c.tier, c.chosen_at, c.chosen_by, c.chosen_via,
                               c.suggested_rank, c.status, c.responded_at, c.responded_by, c.decline_code, c.reason
                        from mediation_choice c join mediation_mediator m on m.id = c.mediator_id
                        where c.dispute_id = ? order by c.id""")
                .param(disputeId)
                .query((rs, n) -> new Choice(rs.getLong("id"), rs.getLong("mediator_id"), rs.getString("name"),
                        Vocabulary.MediatorKind.valueOf(rs.getString("kind")), Tier.valueOf(rs.getString("tier")),
                        DisputeStore.instant(rs, "chosen_at"), rs.getString("chosen_by"), rs.getString("chosen_via"),
                        (Integer) rs.getObject("suggested_rank"), rs.getString("status"),
                        DisputeStore.instant(rs, "responded_at"), rs.getString("responded_by"),
                        rs.getString("decline_code"), rs.getString("reason")))
                .list();
    }

    List<Session> sessions(long disputeId) {
        return jdbc.sql("""
                        select s.id, s.room_id, r.name as room_name, r.kind as room_kind, s.place, s.starts_at,
                               s.ends_at, s.tier, s.status, s.booked_by, s.attendees, s.attendee_count, s.record,
                               s.held_at, s.cancelled_reason
                        from mediation_session s left join mediation_room r on r.id = s.room_id
                        where s.dispute_id = ? order by s.starts_at, s.id""")
                .param(disputeId).query(DisputeParts::session).list();
    }

    Optional<Session> session(long sessionId, long disputeId) {
        return jdbc.sql("""
                        select s.id, s.room_id, r.name as room_name, r.kind as room_kind, s.place, s.starts_at,
                               s.ends_at, s.tier, s.status, s.booked_by, s.attendees, s.attendee_count, s.record,
                               s.held_at, s.cancelled_reason
                        from mediation_session s left join mediation_room r on r.id = s.room_id
                        where s.id = ? and s.dispute_id = ?""")
                .params(sessionId, disputeId).query(DisputeParts::session).optional();
    }

    private static Session session(ResultSet rs, int n) throws SQLException {
        String kind = rs.getString("room_kind");
        return new Session(rs.getLong("id"), (Long) rs.getObject("room_id"), rs.getString("room_name"),
                kind == null ? null : Vocabulary.RoomKind.valueOf(kind), rs.getString("place"),
                DisputeStore.instant(rs, "starts_at"), DisputeStore.instant(rs, "ends_at"),
                Tier.valueOf(rs.getString("tier")), rs.getString("status"), rs.getString("booked_by"),
                rs.getString("attendees"), (Integer) rs.getObject("attendee_count"), rs.getString("record"),
                DisputeStore.instant(rs, "held_at"), rs.getString("cancelled_reason"));
    }

    Optional<Agreement> agreement(long disputeId) {
        return jdbc.sql("""
                        select a.id, a.number, a.partial, a.facts, a.matters, a.responsibilities, a.terms,
                               a.performance_manner, a.performance_deadline, a.status, a.drafted_at, a.signed_at,
                               a.mediator_name, a.committee_name, a.confirm_by, a.performance, a.performance_at,
                               a.performance_note, a.callback_due, a.callback_at, a.callback_result, a.callback_note,
                               a.printed_count, a.version,
                               c.id as c_id, c.court_org_id, c.court_name, c.applied_at, c.applied_by, c.status as c_status,
                               c.court_case_number, c.accepted_at, c.decided_at, c.decision_note
                        from mediation_agreement a left join mediation_confirmation c on c.agreement_id = a.id
                        where a.dispute_id = ?""")
                .param(disputeId)
                .query((rs, n) -> {
                    Confirmation conf = rs.getObject("c_id") == null ? null : new Confirmation(rs.getLong("c_id"),
                            rs.getLong("court_org_id"), rs.getString("court_name"),
                            DisputeStore.instant(rs, "applied_at"), rs.getString("applied_by"),
                            rs.getString("c_status"), rs.getString("court_case_number"),
                            DisputeStore.instant(rs, "accepted_at"), DisputeStore.instant(rs, "decided_at"),
                            rs.getString("decision_note"));
                    return new Agreement(rs.getLong("id"), rs.getString("number"), rs.getBoolean("partial"),
                            rs.getString("facts"), rs.getString("matters"), rs.getString("responsibilities"),
                            rs.getString("terms"), rs.getString("performance_manner"),
                            rs.getObject("performance_deadline", LocalDate.class), rs.getString("status"),
                            DisputeStore.instant(rs, "drafted_at"), DisputeStore.instant(rs, "signed_at"),
                            rs.getString("mediator_name"), rs.getString("committee_name"),
                            DisputeStore.instant(rs, "confirm_by"), rs.getString("performance"),
                            DisputeStore.instant(rs, "performance_at"), rs.getString("performance_note"),
                            DisputeStore.instant(rs, "callback_due"), DisputeStore.instant(rs, "callback_at"),
                            rs.getString("callback_result"), rs.getString("callback_note"), rs.getInt("printed_count"),
                            rs.getInt("version"), conf);
                }).optional();
    }

    List<Warning> warnings(long disputeId) {
        return jdbc.sql("""
                        select id, rule_code, level, finding, raised_at, assignee_person_id, assignee_name, ack_due,
                               handle_due, state, acknowledged_at, acknowledged_by, handled_at, handled_by, handling
                        from mediation_warning where dispute_id = ? order by id""")
                .param(disputeId)
                .query((rs, n) -> new Warning(rs.getLong("id"), rs.getString("rule_code"), rs.getString("level"),
                        rs.getString("finding"), DisputeStore.instant(rs, "raised_at"),
                        (Long) rs.getObject("assignee_person_id"), rs.getString("assignee_name"),
                        DisputeStore.instant(rs, "ack_due"), DisputeStore.instant(rs, "handle_due"),
                        rs.getString("state"), DisputeStore.instant(rs, "acknowledged_at"),
                        rs.getString("acknowledged_by"), DisputeStore.instant(rs, "handled_at"),
                        rs.getString("handled_by"), rs.getString("handling")))
                .list();
    }

    static Instant at(ResultSet rs, String c) throws SQLException {
        return DisputeStore.instant(rs, c);
    }
}
