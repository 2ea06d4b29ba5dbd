package org.fengqiao.registry;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.fengqiao.audit.AuditTrail;
import org.fengqiao.platform.IdNumbers;
import org.fengqiao.platform.AccessPolicy;
import org.fengqiao.platform.ConflictException;
import org.fengqiao.platform.CurrentUser;
import org.fengqiao.platform.DataScope;
import org.fengqiao.platform.FieldCipher;
import org.fengqiao.platform.InvalidRequestException;
import org.fengqiao.platform.Masking;
import org.fengqiao.platform.NotFoundException;
import org.fengqiao.registry.internal.Checks;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Households (户): who lives together in a room, with the contact phone (encrypted, masked), the members and the
 * building leader's notes. Collect once: every other module reads a household from here instead of asking again.
 */
@Service
public class Households {

    private final JdbcClient jdbc;
    private final AccessPolicy policy;
    private final FieldCipher cipher;
    private final Residents residents;
    private final AuditTrail audit;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    Households(JdbcClient jdbc, AccessPolicy policy, FieldCipher cipher, Residents residents, AuditTrail audit,
               ApplicationEventPublisher events, Clock clock) {
        this.jdbc = jdbc;
        this.policy = policy;
        this.cipher = cipher;
        this.residents = residents;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
    }

    /** What a form, the API or an import sends for a household. */
    public record HouseholdInput(String kind, String householdNumber, String phone) {
    }

    /** A note in the building leader's notebook. */
    public record Note(long id, String body, Instant writtenAt, String writtenBy) {
    }

    /**
     * A household with its members. {@code notes} and {@code careTags} (by resident id) are null when the caller may
     * not see care information here.
     */
    public record HouseholdView(long id, long roomId, String doorPlate, String areaCode, String kind,
                                String householdNumber, String phoneMasked, Instant registeredAt, String registeredBy,
                                Instant changedAt, String changedBy, Instant endedAt, String endedReason, int version,
                                List<Residents.ResidentSummary> members, List<Note> notes,
                                Map<Long, List<CareTags.Tag>> careTags) {
        public boolean ended() {
            return endedAt != null;
        }

        public List<CareTags.Tag> tagsOf(long residentId) {
            return careTags == null ? List.of() : careTags.getOrDefault(residentId, List.of());
        }
    }

    /** Where a household lives, for checks by the other services. */
    record Home(long id, long roomId, String areaCode, boolean ended) {
    }

    static Optional<Home> home(JdbcClient jdbc, long householdId, DataScope scope) {
        return jdbc.sql("""
                        select id, room_id, area_code, ended_at is not null as ended from registry_household
                        where id = ? and area_code like any (?)""")
                .params(householdId, scope.likePatterns()).query(Home.class).optional();
    }

    private record Row(long id, long roomId, String doorPlate, String areaCode, String kind, String householdNumber,
                       String phoneMasked, OffsetDateTime registeredAt, String registeredBy, OffsetDateTime changedAt,
                       String changedBy, OffsetDateTime endedAt, String endedReason, int version) {
    }

    private static final String SELECT = """
            select h.id, h.room_id, r.door_plate, h.area_code, h.kind, h.household_number, h.phone_masked,
                   h.registered_at, h.registered_by, h.changed_at, h.changed_by, h.ended_at, h.ended_reason, h.version
            from registry_household h join registry_room r on r.id = h.room_id
            """;

    /** One household with its members; 404 when unknown or outside the caller's scope. */
    public HouseholdView get(long id) {
        DataScope scope = policy.scope(RegistryPermission.READ);
        Row r = jdbc.sql(SELECT + " where h.id = ? and h.area_code like any (?)")
                .params(id, scope.likePatterns()).query(Row.class).optional()
                .orElseThrow(() -> notFound(id));
        return views(List.of(r), true).getFirst();
    }

    /** The active households in an area (a building, a grid's houses, or everything under a code) in scope. */
    public List<HouseholdView> under(String areaCode, int limit) {
        DataScope scope = policy.scope(RegistryPermission.READ);
        if (scope.isEmpty() || areaCode == null) {
            return List.of();
        }
        List<Row> rows = jdbc.sql(SELECT + """
                         where h.area_code like ? and h.area_code like any (?) and h.ended_at is null
                         order by h.area_code, coalesce(r.unit, ''), r.floor nulls last, r.room, h.id limit ?""")
                .params(areaCode + "%", scope.likePatterns(), Math.max(1, Math.min(limit, 1000)))
                .query(Row.class).list();
        return views(rows, false);
    }

    /** The households of a room (those that ended too, newest first). */
    public List<HouseholdView> inRoom(long roomId) {
        DataScope scope = policy.scope(RegistryPermission.READ);
        List<Row> rows = jdbc.sql(SELECT + """
                         where h.room_id = ? and h.area_code like any (?)
                         order by h.ended_at nulls first, h.id desc""")
                .params(roomId, scope.likePatterns()).query(Row.class).list();
        return views(rows, false);
    }

    private List<HouseholdView> views(List<Row> rows, boolean withMovedOut) {
        if (rows.isEmpty()) {
            return List.of();
        }
        DataScope scope = policy.scope(RegistryPermission.READ);
        Long[] ids = rows.stream().map(Row::id).toArray(Long[]::new);
        Map<Long, List<Residents.ResidentSummary>> members = new HashMap<>();
        jdbc.sql(Residents.SUMMARY + """
                         where p.household_id = any (?) and p.area_code like any (?) and (? or p.moved_out_at is null)
                         order by p.moved_out_at nulls first, p.relationship, p.birth_date nulls last, p.id""")
                .params(ids, scope.likePatterns(), withMovedOut).query(Residents.ResidentSummary.class).list()
                .forEach(m -> members.computeIfAbsent(m.householdId(), k -> new ArrayList<>()).add(m));
        // care information only where one assignment grants it over the household's area
        List<Long> careHouseholds = rows.stream().filter(r -> policy.allows(RegistryPermission.READ_CARE,
                r.areaCode())).map(Row::id).toList();
        Map<Long, List<Note>> notes = new HashMap<>();
        Map<Long, List<CareTags.Tag>> tags = new HashMap<>();
        if (!careHouseholds.isEmpty()) {
            jdbc.sql("""
                            select household_id, id, body, written_at, written_by from registry_household_note
                            where household_id = any (?) order by id desc""")
                    .param(careHouseholds.toArray(Long[]::new))
                    .query((rs, n) -> {
                        notes.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(new Note(rs.getLong(2),
                                rs.getString(3), rs.getObject(4, OffsetDateTime.class).toInstant(), rs.getString(5)));
                        return null;
                    }).list();
            List<Long> residentIds = new ArrayList<>();
            for (Long h : careHouseholds) {
                members.getOrDefault(h, List.of()).forEach(m -> residentIds.add(m.id()));
            }
            tags.putAll(CareTags.activeOf(jdbc, residentIds));
        }
        List<HouseholdView> out = new ArrayList<>(rows.size());
        for (Row r : rows) {
            boolean care = careHouseholds.contains(r.id());
            out.add(new HouseholdView(r.id(), r.roomId(), r.doorPlate(), r.areaCode(), r.kind(), r.householdNumber(),
                    r.phoneMasked(), r.registeredAt().toInstant(), r.registeredBy(), r.changedAt().toInstant(),
                    r.changedBy(), r.endedAt() == null ? null : r.endedAt().toInstant(), r.endedReason(), r.version(),
                    members.getOrDefault(r.id(), List.of()), care ? notes.getOrDefault(r.id(), List.of()) : null,
                    care ? tags : null));
        }
        return out;
    }

    /** Registers a household in a room, with its first members (one of them may be the head, 户主). */
    @Transactional
    public long register(long roomId, HouseholdInput in, List<Residents.ResidentInput> members) {
        record Room(String areaCode, boolean retired) {
        }
        Room room = jdbc.sql("select area_code, retired_at is not null as retired from registry_room where id = ?"
                        + " and area_code like any (?)")
                .params(roomId, policy.scope(RegistryPermission.READ).likePatterns()).query(Room.class).optional()
                .orElseThrow(() -> new NotFoundException("No room " + roomId + " in your area."));
        policy.check(RegistryPermission.EDIT, room.areaCode());
        if (room.retired()) {
            throw new ConflictException("This room is retired.");
        }
        Clean c = clean(in);
        List<Residents.Clean> people = new ArrayList<>();
        for (Residents.ResidentInput m : members == null ? List.<Residents.ResidentInput>of() : members) {
            people.add(residents.clean(m, true));
        }
        if (people.stream().filter(p -> Checks.HEAD.equals(p.relationship())).count() > 1) {
            throw new InvalidRequestException("A household has one head (户主).");
        }
        Instant now = Instant.now(clock);
        String actor = CurrentUser.actor();
        long id = jdbc.sql("""
                        insert into registry_household (room_id, area_code, kind, household_number, phone_enc,
                          phone_index, phone_masked, registered_at, registered_by, changed_at, changed_by)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id""")
                .params(roomId, room.areaCode(), c.kind(), c.householdNumber(), cipher.encrypt(c.phone()),
                        cipher.blindIndex(c.phone()), Masking.phone(c.phone()), Rooms.utc(now), actor, Rooms.utc(now),
                        actor)
                .query(Long.class).single();
        Home home = new Home(id, roomId, room.areaCode(), false);
        for (Residents.Clean p : people) {
            residents.insert(home, p, id);
        }
        audit.record("REGISTRY_HOUSEHOLD_REGISTER", "household:" + id, "room:" + roomId + ", " + people.size()
                + " members", AuditTrail.Outcome.SUCCESS);
        events.publishEvent(new RegistryEvents.HouseholdRegistered(id, roomId, room.areaCode(), c.kind(),
                people.size(), now, actor));
        return id;
    }

    /** Changes the kind, number or contact phone (a blank phone keeps the stored one). */
    @Transactional
    public void change(long id, int version, HouseholdInput in) {
        HouseholdView h = get(id);
        policy.check(RegistryPermission.EDIT, h.areaCode());
        if (h.ended()) {
            throw new ConflictException("This household has ended; the record is kept as it was.");
        }
        Clean c = clean(in);
        Instant now = Instant.now(clock);
        int n = jdbc.sql("""
                        update registry_household set kind = ?, household_number = ?,
                          phone_enc = coalesce(?, phone_enc), phone_index = coalesce(?, phone_index),
                          phone_masked = coalesce(?, phone_masked), changed_at = ?, changed_by = ?,
                          version = version + 1
                        where id = ? and version = ? and ended_at is null""")
                .params(c.kind(), c.householdNumber(), cipher.encrypt(c.phone()), cipher.blindIndex(c.phone()),
                        Masking.phone(c.phone()), Rooms.utc(now), CurrentUser.actor(), id, version)
                .update();
        if (n == 0) {
            throw new ConflictException("Someone else changed this household in the meantime; reload and try again.");
        }
        audit.record("REGISTRY_HOUSEHOLD_CHANGE", "household:" + id, c.phone() == null ? "kind, number"
                : "kind, number, phone", AuditTrail.Outcome.SUCCESS);
        events.publishEvent(new RegistryEvents.HouseholdChanged(id, h.areaCode(), c.kind(), now, CurrentUser.actor()));
    }

    /** Ends a household (moved away as a whole, merged, dissolved): its members still here move out with it. */
    @Transactional
    public void end(long id, String reason) {
        HouseholdView h = get(id);
        policy.check(RegistryPermission.EDIT, h.areaCode());
        String why = Checks.reason(reason, "the household ends");
        if (h.ended()) {
            throw new ConflictException("This household has ended already.");
        }
        int moved = 0;
        for (Residents.ResidentSummary m : h.members()) {
            if (!m.movedOut()) {
                residents.moveOut(m.id(), "household ended: " + why, null);
                moved++;
            }
        }
        Instant now = Instant.now(clock);
        jdbc.sql("""
                        update registry_household set ended_at = ?, ended_by = ?, ended_reason = ?, version = version + 1
                        where id = ? and ended_at is null""")
                .params(Rooms.utc(now), CurrentUser.actor(), why, id).update();
        audit.record("REGISTRY_HOUSEHOLD_END", "household:" + id, "reason: " + why, AuditTrail.Outcome.SUCCESS);
        events.publishEvent(new RegistryEvents.HouseholdEnded(id, h.areaCode(), moved, now, CurrentUser.actor()));
    }

    /** Adds a note to the household's page (the building leader's notebook). */
    @Transactional
    public long note(long id, String body) {
        Home home = home(jdbc, id, policy.scope(RegistryPermission.READ)).orElseThrow(() -> notFound(id));
        policy.check(RegistryPermission.EDIT_CARE, home.areaCode());
        String text = Checks.required(body, "The note", 1000);
        long noteId = jdbc.sql("""
                        insert into registry_household_note (household_id, area_code, body, written_at, written_by)
                        values (?, ?, ?, ?, ?) returning id""")
                .params(id, home.areaCode(), text, Rooms.utc(Instant.now(clock)), CurrentUser.actor())
                .query(Long.class).single();
        audit.record("REGISTRY_HOUSEHOLD_NOTE", "household:" + id, "note:" + noteId, AuditTrail.Outcome.SUCCESS);
        return noteId;
    }

    /** The household's full contact phone, for a stated reason; audited like a resident's. */
    @Transactional
    public String unmaskPhone(long id, String reason) {
        record Enc(String areaCode, byte[] phoneEnc) {
        }
        Enc enc = jdbc.sql("select area_code, phone_enc from registry_household where id = ? and area_code like any (?)")
                .params(id, policy.scope(RegistryPermission.READ).likePatterns()).query(Enc.class).optional()
                .orElse(null);
        String target = "household:" + id;
        Unmasking.require(policy, audit, target, enc == null ? null : enc.areaCode(), reason, "phone",
                "the full phone", () -> notFound(id));
        return cipher.decrypt(enc.phoneEnc());
    }

    private record Clean(String kind, String householdNumber, String phone) {
    }

    private static Clean clean(HouseholdInput in) {
        if (in == null) {
            throw new InvalidRequestException("No household was sent.");
        }
        String kind = Checks.oneOf(in.kind(), Checks.HOUSEHOLD_KINDS, "The kind of household");
        String number = Checks.optional(in.householdNumber(), "The household number", 30);
        String phone = IdNumbers.normalisePhone(in.phone());
        if (phone != null && !IdNumbers.isValidPhone(phone)) {
            throw new InvalidRequestException("The phone number must be an 11-digit mobile number or a landline"
                    + " with area code.");
        }
        return new Clean(kind == null ? "REGISTERED" : kind, number, phone);
    }

    static NotFoundException notFound(long id) {
        return new NotFoundException("No household " + id + " in your area.");
    }
}
