package org.fengqiao.registry;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

import org.fengqiao.audit.AuditTrail;
import org.fengqiao.platform.AccessPolicy;
import org.fengqiao.platform.ConflictException;
import org.fengqiao.platform.CurrentUser;
import org.fengqiao.platform.DataScope;
import org.fengqiao.platform.FieldCipher;
import org.fengqiao.platform.IdNumbers;
import org.fengqiao.platform.InvalidRequestException;
import org.fengqiao.platform.Masking;
import org.fengqiao.platform.NotFoundException;
import org.fengqiao.registry.internal.Checks;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Rental housing (出租屋): a room registered as let, with its landlord — a person (ID and phone number encrypted with a
 * blind index, shown masked; unmasking needs {@link RegistryPermission#UNMASK} and a reason, audited) or an
 * organisation — the kind of letting, rooms and beds, and whether it is let now. Occupancy is read from the room's
 * current households and residents, never typed twice. Grid workers and community police inspect rentals
 * (出租屋巡查); an inspection that asks for rectification carries a deadline and stays open until a follow-up closes
 * it (or the rental ends). Every read is limited in SQL to the areas of the assignments granting
 * {@link RegistryPermission#READ_RENTALS}.
 */
@Service
public class Rentals {

    static final Set<String> KINDS = Set.of("WHOLE", "SHARED", "DORMITORY");
    static final Set<String> LANDLORD_KINDS = Set.of("PERSON", "ORGANISATION");
    static final Set<String> RESULTS = Set.of("OK", "PROBLEMS", "RECTIFY");
    static final Set<String> FIRE = Set.of("OK", "PROBLEM");

    /** The list's filters: all current rentals, let now, not inspected for N days, a rectification overdue. */
    public enum Filter { ALL, LET, NOT_INSPECTED, OVERDUE }

    private final JdbcClient jdbc;
    private final AccessPolicy policy;
    private final FieldCipher cipher;
    private final AuditTrail audit;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final int inspectionDays;

    Rentals(JdbcClient jdbc, AccessPolicy policy, FieldCipher cipher, AuditTrail audit,
            ApplicationEventPublisher events, Clock clock,
            @Value("${fengqiao.registry.rental-inspection-days:90}") int inspectionDays) {
        this.jdbc = jdbc;
        this.policy = policy;
        this.cipher = cipher;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
        this.inspectionDays = Math.max(1, inspectionDays);
    }

    /** What a form or the API sends; on a change a blank ID number or phone keeps the stored one. */
    public record RentalInput(String landlordKind, String landlordName, String landlordIdNumber,
                              String landlordPhone, String rentalKind, Integer roomsLet, Integer beds,
                              String registeredOn, Boolean letNow) {
    }

    /**
     * A rental with its landlord masked and the room's occupancy now: tenant households and the residents of all its
     * current households; {@code lastInspectedOn}, the nearest open rectification deadline and whether it is overdue.
     */
    public record RentalView(long id, long roomId, String doorPlate, String areaCode, String landlordKind,
                             String landlordName, String landlordIdNumberMasked, String landlordPhoneMasked,
                             String rentalKind, Integer roomsLet, Integer beds, LocalDate registeredOn,
                             boolean letNow, boolean ended, String endedReason, int version, int households,
                             int tenantHouseholds, int residents, LocalDate lastInspectedOn,
                             LocalDate rectifyBy, boolean rectificationOverdue, boolean inspectionDue) {
        /** More people live there than it has beds. */
        public boolean overOccupied() {
            return beds != null && beds > 0 && residents > beds;
        }
    }

    public record InspectionInput(String inspectedOn, String fireSafety, Boolean tenantsRegistered,
                                  String otherFindings, String result, String rectifyBy) {
    }

    public record InspectionView(long id, long rentalId, String areaCode, LocalDate inspectedOn, String inspector,
                                 String inspectorName, String fireSafety, boolean tenantsRegistered,
                                 String otherFindings, String result, LocalDate rectifyBy, String closedKind,
                                 LocalDate closedOn, String closedBy, String closingNote, boolean overdue) {
        /** A rectification still waiting for its follow-up. */
        public boolean open() {
            return "RECTIFY".equals(result) && closedKind == null;
        }
    }

    public record Unmasked(String idNumber, String phone) {
    }

    /** How many days without an inspection make a rental due ({@code fengqiao.registry.rental-inspection-days}). */
    public int inspectionDays() {
        return inspectionDays;
    }

    private static final String SELECT = """
            select t.id, t.room_id, r.door_plate, t.area_code, t.landlord_kind, t.landlord_name,
                   t.landlord_id_number_masked, t.landlord_phone_masked, t.rental_kind, t.rooms_let, t.beds,
                   t.registered_on, t.let_now, t.ended_at is not null as ended, t.ended_reason, t.version,
                   (select count(*) from registry_household h where h.room_id = t.room_id and h.ended_at is null)::int
                       as households,
                   (select count(*) from registry_household h where h.room_id = t.room_id and h.ended_at is null
                       and h.kind = 'TENANT')::int as tenant_households,
                   (select count(*) from registry_resident p join registry_household h on h.id = p.household_id
                     where h.room_id = t.room_id and p.moved_out_at is null)::int as residents,
                   i.last_inspected_on, i.rectify_by,
                   coalesce(i.rectify_by < ?, false) as rectification_overdue,
                   t.ended_at is null and coalesce(i.last_inspected_on, t.registered_on) <= ?
                       as inspection_due
            from registry_rental t join registry_room r on r.id = t.room_id
            left join lateral (
                select max(x.inspected_on) as last_inspected_on,
                       min(x.rectify_by) filter (where x.result = 'RECTIFY' and x.closed_kind is null) as rectify_by
                from registry_rental_inspection x where x.rental_id = t.id) i on true
            """;

    /** Current rentals in the caller's scope, under an area (optional), filtered; at most {@code limit}. */
    public List<RentalView> list(Filter filter, String areaPrefix, int limit) {
        DataScope scope = policy.scope(RegistryPermission.READ_RENTALS);
        if (scope.isEmpty()) {
            return List.of();
        }
        Filter f = filter == null ? Filter.ALL : filter;
        String area = Checks.text(areaPrefix) == null ? null : areaPrefix.strip() + "%";
        LocalDate today = today();
        LocalDate dueBefore = today.minusDays(inspectionDays);
        List<Object> params = new java.util.ArrayList<>(List.of(today, dueBefore, scope.likePatterns()));
        String where = switch (f) {
            case ALL -> "";
            case LET -> " and t.let_now";
            case NOT_INSPECTED -> " and coalesce(i.last_inspected_on, t.registered_on) <= ?";
            case OVERDUE -> " and i.rectify_by < ?";
        };
        if (f == Filter.NOT_INSPECTED) {
            params.add(dueBefore);
        } else if (f == Filter.OVERDUE) {
            params.add(today);
        }
        if (area != null) {
            where += " and t.area_code like ?";
            params.add(area);
        }
        params.add(Math.clamp(limit, 1, 500));
        return jdbc.sql(SELECT + " where t.ended_at is null and t.area_code like any (?)" + where
                        + " order by i.rectify_by nulls last, i.last_inspected_on nulls first, t.id limit ?")
                .params(params).query(RentalView.class).list();
    }

    /**
     * Rentals (current and ended) whose landlord has exactly this ID or phone number, found through the blind index
     * (the number is never stored or compared in clear); in the caller's scope. POSTed by the API and the page so the
     * number stays out of URLs.
     */
    public List<RentalView> byLandlordNumber(String number) {
        DataScope scope = policy.scope(RegistryPermission.READ_RENTALS);
        String id = IdNumbers.normaliseId(number);
        String phone = IdNumbers.normalisePhone(number);
        byte[] index;
        String column;
        if (id != null && IdNumbers.isValidId(id)) {
            index = cipher.blindIndex(id);
            column = "landlord_id_number_index";
        } else if (phone != null && IdNumbers.isValidPhone(phone)) {
            index = cipher.blindIndex(phone);
            column = "landlord_phone_index";
        } else {
            throw new InvalidRequestException("Give a whole citizen ID number or phone number of the landlord.");
        }
        if (scope.isEmpty()) {
            return List.of();
        }
        return jdbc.sql(SELECT + " where t." + column + " = ? and t.area_code like any (?)"
                        + " order by t.ended_at desc nulls first, t.id desc limit 200")
                .params(today(), today().minusDays(inspectionDays), index, scope.likePatterns())
                .query(RentalView.class).list();
    }

    /** One rental (current or ended); 404 when unknown or outside the caller's scope. */
    public RentalView get(long id) {
        DataScope scope = policy.scope(RegistryPermission.READ_RENTALS);
        return jdbc.sql(SELECT + " where t.id = ? and t.area_code like any (?)")
                .params(today(), today().minusDays(inspectionDays), id, scope.likePatterns())
                .query(RentalView.class).optional()
                .orElseThrow(() -> notFound(id));
    }

    /** The room's rentals, the current one first, then ended ones newest first; empty outside the caller's scope. */
    public List<RentalView> ofRoom(long roomId) {
        DataScope scope = policy.scope(RegistryPermission.READ_RENTALS);
        if (scope.isEmpty()) {
            return List.of();
        }
        return jdbc.sql(SELECT + " where t.room_id = ? and t.area_code like any (?)"
                        + " order by t.ended_at desc nulls first, t.id desc")
                .params(today(), today().minusDays(inspectionDays), roomId, scope.likePatterns())
                .query(RentalView.class).list();
    }

    /** Registers a room as rental housing; the room's use becomes RENTAL (so its door plate offers 粤居码). */
    @Transactional
    public long register(long roomId, RentalInput in) {
        record Room(String areaCode, boolean retired) {
        }
        Room room = jdbc.sql("select area_code, retired_at is not null as retired from registry_room"
                        + " where id = ? and area_code like any (?)")
                .params(roomId, policy.scope(RegistryPermission.READ_RENTALS).likePatterns()).query(Room.class)
                .optional().orElseThrow(() -> new NotFoundException("No room " + roomId + " in your area."));
        policy.check(RegistryPermission.MANAGE_RENTALS, room.areaCode());
        if (room.retired()) {
            throw new ConflictException("This room is retired; it cannot be let.");
        }
        Clean c = clean(in, null);
        if (c.landlordName() == null) {
            throw new InvalidRequestException("The landlord's name (or the organisation's) is required.");
        }
        if (jdbc.sql("select count(*) from registry_rental where room_id = ? and ended_at is null")
                .param(roomId).query(Long.class).single() > 0) {
            throw new ConflictException("This room is already registered as rental housing.");
        }
        Instant now = Instant.now(clock);
        LocalDate on = c.registeredOn() == null ? today() : c.registeredOn();
        long id;
        try {
            id = jdbc.sql("""
                        insert into registry_rental (room_id, area_code, landlord_kind, landlord_name,
                          landlord_id_number_enc, landlord_id_number_index, landlord_id_number_masked,
                          landlord_phone_enc, landlord_phone_index, landlord_phone_masked, rental_kind, rooms_let, beds,
                          registered_on, let_now, created_at, created_by)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id""")
                .params(roomId, room.areaCode(), c.landlordKind(), c.landlordName(), cipher.encrypt(c.idNumber()),
                        cipher.blindIndex(c.idNumber()), Masking.idNumber(c.idNumber()), cipher.encrypt(c.phone()),
                        cipher.blindIndex(c.phone()), Masking.phone(c.phone()), c.rentalKind(), c.roomsLet(), c.beds(),
                        on, c.letNow() == null || c.letNow(), Rooms.utc(now), CurrentUser.actor())
                .query(Long.class).single();
        } catch (org.springframework.dao.DuplicateKeyException e) {
            throw new ConflictException("This room is already registered as rental housing.");
        }
        jdbc.sql("update registry_room set use_kind = 'RENTAL', version = version + 1 where id = ? and use_kind <> 'RENTAL'")
                .param(roomId).update();
        audit.record("REGISTRY_RENTAL_REGISTER", "rental:" + id, "room:" + roomId + " " + c.rentalKind(),
                AuditTrail.Outcome.SUCCESS);
        events.publishEvent(new RegistryEvents.RentalRegistered(id, roomId, room.areaCode(), c.rentalKind(), c.beds(),
                now, CurrentUser.actor()));
        return id;
    }

    /** Changes a current rental; blank fields of the landlord's ID and phone keep the stored numbers. */
    @Transactional
    public void change(long id, int version, RentalInput in) {
        RentalView r = get(id);
        policy.check(RegistryPermission.MANAGE_RENTALS, r.areaCode());
        if (r.ended()) {
            throw new ConflictException("This rental registration has ended; register the room again.");
        }
        Clean c = clean(in, r);
        boolean person = "PERSON".equals(c.landlordKind());
        int n = jdbc.sql("""
                        update registry_rental set landlord_kind = :kind, landlord_name = coalesce(:name, landlord_name),
                          landlord_id_number_enc = case when not :person then null when :idSet then :idEnc
                                                        else landlord_id_number_enc end,
                          landlord_id_number_index = case when not :person then null when :idSet then :idIndex
                                                          else landlord_id_number_index end,
                          landlord_id_number_masked = case when not :person then null when :idSet then :idMasked
                                                           else landlord_id_number_masked end,
                          landlord_phone_enc = case when :phoneSet then :phoneEnc else landlord_phone_enc end,
                          landlord_phone_index = case when :phoneSet then :phoneIndex else landlord_phone_index end,
                          landlord_phone_masked = case when :phoneSet then :phoneMasked else landlord_phone_masked end,
                          rental_kind = :rentalKind, rooms_let = :roomsLet, beds = :beds,
                          registered_on = coalesce(:registeredOn, registered_on),
                          let_now = coalesce(:letNow, let_now), version = version + 1
                        where id = :id and version = :version and ended_at is null""")
                .param("kind", c.landlordKind()).param("name", c.landlordName()).param("person", person)
                .param("idSet", c.idNumber() != null).param("idEnc", cipher.encrypt(c.idNumber()))
                .param("idIndex", cipher.blindIndex(c.idNumber())).param("idMasked", Masking.idNumber(c.idNumber()))
                .param("phoneSet", c.phone() != null).param("phoneEnc", cipher.encrypt(c.phone()))
                .param("phoneIndex", cipher.blindIndex(c.phone())).param("phoneMasked", Masking.phone(c.phone()))
                .param("rentalKind", c.rentalKind()).param("roomsLet", c.roomsLet()).param("beds", c.beds())
                .param("registeredOn", c.registeredOn()).param("letNow", c.letNow()).param("id", id)
                .param("version", version).update();
        if (n == 0) {
            throw new ConflictException("Someone else changed this rental in the meantime; reload and try again.");
        }
        boolean letNow = c.letNow() == null ? r.letNow() : c.letNow();
        audit.record("REGISTRY_RENTAL_CHANGE", "rental:" + id, c.rentalKind() + (letNow ? " let" : " not let")
                + (c.idNumber() != null ? "; landlord ID changed" : "") + (c.phone() != null ? "; phone changed" : ""),
                AuditTrail.Outcome.SUCCESS);
        events.publishEvent(new RegistryEvents.RentalChanged(id, r.roomId(), r.areaCode(), c.rentalKind(), letNow,
                Instant.now(clock), CurrentUser.actor()));
    }

    /**
     * Ends a rental registration (no longer let out) with a reason. Open rectifications are closed as RENTAL_ENDED;
     * the room's use becomes {@code roomUse} (default VACANT). The room may be registered again later.
     */
    @Transactional
    public void end(long id, String reason, String roomUse) {
        RentalView r = get(id);
        policy.check(RegistryPermission.MANAGE_RENTALS, r.areaCode());
        String why = Checks.reason(reason, "the rental registration ends");
        String use = Checks.oneOf(roomUse, Checks.ROOM_USES, "The room's use from now on");
        if ("RENTAL".equals(use)) {
            throw new InvalidRequestException("The room's use from now on cannot be RENTAL when the rental ends.");
        }
        Instant now = Instant.now(clock);
        int n = jdbc.sql("""
                        update registry_rental set ended_at = ?, ended_by = ?, ended_reason = ?, let_now = false,
                          version = version + 1 where id = ? and ended_at is null""")
                .params(Rooms.utc(now), CurrentUser.actor(), why, id).update();
        if (n == 0) {
            throw new ConflictException("This rental registration has ended already.");
        }
        int closed = jdbc.sql("""
                        update registry_rental_inspection set closed_kind = 'RENTAL_ENDED', closed_on = ?, closed_at = ?,
                          closed_by = ?, closing_note = ?
                        where rental_id = ? and result = 'RECTIFY' and closed_kind is null""")
                .params(today(), Rooms.utc(now), CurrentUser.actor(), Checks.limit(why), id).update();
        jdbc.sql("update registry_room set use_kind = ?, version = version + 1 where id = ? and use_kind = 'RENTAL'")
                .params(use == null ? "VACANT" : use, r.roomId()).update();
        audit.record("REGISTRY_RENTAL_END", "rental:" + id, "reason: " + why, AuditTrail.Outcome.SUCCESS);
        events.publishEvent(new RegistryEvents.RentalEnded(id, r.roomId(), r.areaCode(), closed, now,
                CurrentUser.actor()));
    }

    /** The landlord's full ID and phone numbers, for a stated reason (at least 4 characters); audited, refusals too. */
    @Transactional
    public Unmasked unmaskLandlord(long id, String reason) {
        String target = "rental:" + id;
        record Enc(String areaCode, byte[] landlordIdNumberEnc, byte[] landlordPhoneEnc) {
        }
        Enc enc = jdbc.sql("""
                        select area_code, landlord_id_number_enc, landlord_phone_enc from registry_rental
                        where id = ? and area_code like any (?)""")
                .params(id, policy.scope(RegistryPermission.READ_RENTALS).likePatterns()).query(Enc.class)
                .optional().orElse(null);
        Unmasking.require(policy, audit, target, enc == null ? null : enc.areaCode(), reason, "landlord ID, phone",
                "the landlord's numbers", () -> notFound(id));
        return new Unmasked(cipher.decrypt(enc.landlordIdNumberEnc()), cipher.decrypt(enc.landlordPhoneEnc()));
    }

    private static final String INSPECTIONS = """
            select id, rental_id, area_code, inspected_on, inspector, inspector_name, fire_safety, tenants_registered,
                   other_findings, result, rectify_by, closed_kind, closed_on, closed_by, closing_note,
                   result = 'RECTIFY' and closed_kind is null and rectify_by < ? as overdue
            from registry_rental_inspection
            """;

    /** A rental's inspections, newest first. */
    public List<InspectionView> inspections(long rentalId) {
        RentalView r = get(rentalId);
        return jdbc.sql(INSPECTIONS + " where rental_id = ? and area_code like any (?)"
                        + " order by inspected_on desc, id desc")
                .params(today(), r.id(), policy.scope(RegistryPermission.READ_RENTALS).likePatterns())
                .query(InspectionView.class).list();
    }

    public InspectionView inspection(long inspectionId) {
        return jdbc.sql(INSPECTIONS + " where id = ? and area_code like any (?)")
                .params(today(), inspectionId, policy.scope(RegistryPermission.READ_RENTALS).likePatterns())
                .query(InspectionView.class).optional()
                .orElseThrow(() -> new NotFoundException("No inspection " + inspectionId + " in your area."));
    }

    /**
     * Records an inspection by the current user (a grid worker or community police officer of the rental's area). A
     * result of RECTIFY needs a deadline after the inspection day (at most a year); the rectification then stays
     * open until {@link #rectified} or the rental's end closes it.
     */
    @Transactional
    public long inspect(long rentalId, InspectionInput in) {
        RentalView r = get(rentalId);
        policy.check(RegistryPermission.INSPECT_RENTALS, r.areaCode());
        if (r.ended()) {
            throw new ConflictException("This rental registration has ended; it is not inspected any more.");
        }
        if (in == null) {
            throw new InvalidRequestException("No inspection was sent.");
        }
        LocalDate today = today();
        LocalDate on = Checks.date(in.inspectedOn(), "The inspection date");
        on = on == null ? today : on;
        if (on.isAfter(today) || on.isBefore(today.minusDays(60))) {
            throw new InvalidRequestException("The inspection date must lie within the last 60 days, not in the"
                    + " future.");
        }
        String fire = Checks.oneOf(in.fireSafety(), FIRE, "The fire safety finding");
        if (fire == null) {
            throw new InvalidRequestException("State the fire safety finding (OK or PROBLEM).");
        }
        if (in.tenantsRegistered() == null) {
            throw new InvalidRequestException("State whether the tenants' registration is up to date.");
        }
        String other = Checks.optional(in.otherFindings(), "The other findings", 1000);
        String result = Checks.oneOf(in.result(), RESULTS, "The result");
        if (result == null) {
            throw new InvalidRequestException("Choose the result: OK, PROBLEMS or RECTIFY.");
        }
        LocalDate by = Checks.date(in.rectifyBy(), "The rectification deadline");
        if ("RECTIFY".equals(result)) {
            if (by == null || !by.isAfter(on) || by.isAfter(on.plusYears(1))) {
                throw new InvalidRequestException("A rectification needs a deadline after the inspection day and"
                        + " within a year.");
            }
        } else {
            by = null;
        }
        if ("OK".equals(result) && ("PROBLEM".equals(fire) || !in.tenantsRegistered())) {
            throw new InvalidRequestException("The result cannot be OK when a finding is a problem.");
        }
        Instant now = Instant.now(clock);
        CurrentUser.User user = CurrentUser.require();
        String name = user.displayName() == null ? null : Checks.limit(user.displayName());
        long id = jdbc.sql("""
                        insert into registry_rental_inspection (rental_id, area_code, inspected_on, inspector,
                          inspector_name, fire_safety, tenants_registered, other_findings, result, rectify_by,
                          recorded_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id""")
                .params(rentalId, r.areaCode(), on, CurrentUser.actor(),
                        name != null && name.length() > 60 ? name.substring(0, 60) : name, fire,
                        in.tenantsRegistered(), other, result, by, Rooms.utc(now))
                .query(Long.class).single();
        audit.record("REGISTRY_RENTAL_INSPECT", "rental:" + rentalId, "inspection:" + id + " " + result
                + (by == null ? "" : " by " + by), AuditTrail.Outcome.SUCCESS);
        events.publishEvent(new RegistryEvents.RentalInspected(id, rentalId, r.areaCode(), on, result, by, now,
                CurrentUser.actor()));
        return id;
    }

    /** The follow-up that closes a rectification: checked on site on {@code checkedOn} (default today), with a note. */
    @Transactional
    public void rectified(long inspectionId, String note, String checkedOn) {
        InspectionView x = inspection(inspectionId);
        policy.check(RegistryPermission.INSPECT_RENTALS, x.areaCode());
        if (!"RECTIFY".equals(x.result())) {
            throw new ConflictException("This inspection asked for no rectification.");
        }
        String text = Checks.reason(note, "the rectification is done (what was put right)");
        LocalDate on = Checks.date(checkedOn, "The follow-up date");
        on = on == null ? today() : on;
        if (on.isAfter(today()) || on.isBefore(x.inspectedOn())) {
            throw new InvalidRequestException("The follow-up date must lie between the inspection and today.");
        }
        Instant now = Instant.now(clock);
        int n = jdbc.sql("""
                        update registry_rental_inspection set closed_kind = 'RECTIFIED', closed_on = ?, closed_at = ?,
                          closed_by = ?, closing_note = ?
                        where id = ? and closed_kind is null""")
                .params(on, Rooms.utc(now), CurrentUser.actor(), text, inspectionId).update();
        if (n == 0) {
            throw new ConflictException("This rectification is closed already.");
        }
        audit.record("REGISTRY_RENTAL_RECTIFIED", "rental:" + x.rentalId(), "inspection:" + inspectionId + " on " + on,
                AuditTrail.Outcome.SUCCESS);
        events.publishEvent(new RegistryEvents.RentalRectified(inspectionId, x.rentalId(), x.areaCode(),
                !on.isAfter(x.rectifyBy()), now, CurrentUser.actor()));
    }

    private record Clean(String landlordKind, String landlordName, String idNumber, String phone, String rentalKind,
                         Integer roomsLet, Integer beds, LocalDate registeredOn, Boolean letNow) {
    }

    /** Checks the input; {@code before} is the stored rental on a change (blank numbers keep the stored ones). */
    private Clean clean(RentalInput in, RentalView before) {
        if (in == null) {
            throw new InvalidRequestException("No rental was sent.");
        }
        String kind = Checks.oneOf(in.landlordKind(), LANDLORD_KINDS, "The kind of landlord");
        kind = kind != null ? kind : before != null ? before.landlordKind() : "PERSON";
        String name = Checks.optional(in.landlordName(), "The landlord's name", 120);
        String id = IdNumbers.normaliseId(in.landlordIdNumber());
        if (id != null && !IdNumbers.isValidId(id)) {
            throw new InvalidRequestException("The landlord's ID number is not a valid citizen ID number.");
        }
        if (id != null && "ORGANISATION".equals(kind)) {
            throw new InvalidRequestException("An organisation landlord has no citizen ID number.");
        }
        String phone = IdNumbers.normalisePhone(in.landlordPhone());
        if (phone != null && !IdNumbers.isValidPhone(phone)) {
            throw new InvalidRequestException("The landlord's phone is not a mobile or landline number.");
        }
        String rentalKind = Checks.oneOf(in.rentalKind(), KINDS, "The kind of letting");
        if (rentalKind == null) {
            if (before == null) {
                throw new InvalidRequestException("Choose the kind of letting: WHOLE, SHARED or DORMITORY.");
            }
            rentalKind = before.rentalKind();
        }
        if (in.roomsLet() != null && (in.roomsLet() < 0 || in.roomsLet() > 999)) {
            throw new InvalidRequestException("The number of rooms must lie between 0 and 999.");
        }
        if (in.beds() != null && (in.beds() < 0 || in.beds() > 9999)) {
            throw new InvalidRequestException("The number of beds must lie between 0 and 9,999.");
        }
        LocalDate on = Checks.date(in.registeredOn(), "The registration date");
        if (on != null && (on.isAfter(today()) || on.isBefore(LocalDate.of(1950, 1, 1)))) {
            throw new InvalidRequestException("The registration date cannot lie in the future.");
        }
        return new Clean(kind, name, id, phone, rentalKind, in.roomsLet(), in.beds(), on, in.letNow());
    }

    private LocalDate today() {
        return LocalDate.now(clock.withZone(Residents.ZONE));
    }

    static NotFoundException notFound(long id) {
        return new NotFoundException("No rental " + id + " in your area.");
    }
}
