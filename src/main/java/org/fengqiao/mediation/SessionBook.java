package org.fengqiao.mediation;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.fengqiao.mediation.MenuViews.RoomView;
import org.fengqiao.platform.ConflictException;
import org.fengqiao.platform.InvalidRequestException;
import org.fengqiao.platform.NotFoundException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Sessions of a dispute. A room is never double booked: bookings of one room are serialised on the room's row and
 * checked for overlap, and the database's exclusion constraint refuses what slips past (both answer 409).
 */
@Component
class SessionBook {

    static final Duration LONGEST = Duration.ofHours(12);

    private final JdbcClient jdbc;
    private final MediationMenu menu;

    SessionBook(JdbcClient jdbc, MediationMenu menu) {
        this.jdbc = jdbc;
        this.menu = menu;
    }

    record Booked(long id, RoomView room, String place) {
    }

    Booked book(Dispute d, DisputeCommand.BookSession cmd, Instant now, String actor) {
        if (cmd.startsAt().isBefore(now.minus(Duration.ofDays(7)))) {
            throw new InvalidRequestException("A session cannot be booked more than 7 days in the past.");
        }
        if (cmd.startsAt().isAfter(now.plus(Duration.ofDays(366)))) {
            throw new InvalidRequestException("A session is booked at most a year ahead.");
        }
        if (!cmd.endsAt().isAfter(cmd.startsAt())) {
            throw new InvalidRequestException("A session ends after it starts.");
        }
        if (cmd.endsAt().isAfter(cmd.startsAt().plus(LONGEST))) {
            throw new InvalidRequestException("A session lasts at most 12 hours.");
        }
        RoomView room = null;
        String place = MediationMenu.text(cmd.place(), "place", 200, false);
        if (cmd.roomId() != null) {
            room = menu.roomForSystem(cmd.roomId()).filter(r -> !r.retired())
                    .orElseThrow(() -> new InvalidRequestException("Unknown room " + cmd.roomId()));
            long roomId = room.id();
            if (menu.roomsServing(d.areaCode).stream().noneMatch(r -> r.id() == roomId)) {
                throw new InvalidRequestException("Room " + room.name() + " is not at a site serving this dispute.");
            }
            // one booking of this room at a time: the overlap check below cannot race another booking
            jdbc.sql("select id from mediation_room where id = ? for update").param(roomId).query(Long.class).single();
            List<String> clash = jdbc.sql("""
                            select d.number from mediation_session s join mediation_dispute d on d.id = s.dispute_id
                            where s.room_id = ? and s.status <> 'CANCELLED'
                              and tstzrange(s.starts_at, s.ends_at) && tstzrange(?, ?)""")
                    .params(roomId, DisputeStore.ts(cmd.startsAt()), DisputeStore.ts(cmd.endsAt())).query(String.class)
                    .list();
            if (!clash.isEmpty()) {
                throw new ConflictException("Room " + room.name() + " is booked at that time already.");
            }
        } else if (place == null) {
            throw new InvalidRequestException("Book a room, or name the place of the session.");
        }
        try {
            long id = jdbc.sql("""
                            insert into mediation_session (dispute_id, room_id, place, starts_at, ends_at, tier, status,
                                                           booked_at, booked_by)
                            values (?,?,?,?,?,?, 'BOOKED', ?, ?) returning id""")
                    .params(d.id, cmd.roomId(), place, DisputeStore.ts(cmd.startsAt()), DisputeStore.ts(cmd.endsAt()),
                            d.tier.name(), DisputeStore.ts(now), actor)
                    .query(Long.class).single();
            return new Booked(id, room, place);
        } catch (DataIntegrityViolationException e) {
            throw new ConflictException("The room is booked at that time already.");
        }
    }

    DisputeView.Session booked(long sessionId, Dispute d, DisputeParts parts) {
        DisputeView.Session s = parts.session(sessionId, d.id)
                .orElseThrow(() -> new NotFoundException("No session " + sessionId + " of dispute " + d.number));
        if (!"BOOKED".equals(s.status())) {
            throw new ConflictException("Session " + sessionId + " is " + s.status() + " already.");
        }
        return s;
    }

    void held(long sessionId, String attendees, int count, String record, Instant now, String actor) {
        jdbc.sql("""
                        update mediation_session set status = 'HELD', attendees = ?, attendee_count = ?, record = ?,
                          held_at = ?, held_by = ? where id = ? and status = 'BOOKED'""")
                .params(attendees, count, record, DisputeStore.ts(now), actor, sessionId).update();
    }

    void cancel(long sessionId, String reason, Instant now, String actor) {
        jdbc.sql("""
                        update mediation_session set status = 'CANCELLED', cancelled_at = ?, cancelled_by = ?,
                          cancelled_reason = ? where id = ? and status = 'BOOKED'""")
                .params(DisputeStore.ts(now), actor, reason, sessionId).update();
    }

    /** Cancels every booked session of the dispute (it moved to another tier, or ended). */
    int cancelAll(long disputeId, String reason, Instant now, String actor) {
        return jdbc.sql("""
                        update mediation_session set status = 'CANCELLED', cancelled_at = ?, cancelled_by = ?,
                          cancelled_reason = ? where dispute_id = ? and status = 'BOOKED'""")
                .params(DisputeStore.ts(now), actor, reason, disputeId).update();
    }
}
