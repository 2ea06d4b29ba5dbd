package org.fengqiao.registry;

import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.fengqiao.audit.AuditTrail;
import org.fengqiao.platform.FieldCipher;
import org.fengqiao.platform.InvalidRequestException;
import org.fengqiao.platform.Masking;
import org.fengqiao.registry.internal.Checks;
import org.fengqiao.registry.internal.CopyRows;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The bulk path into the registry: many rooms, households, residents, care tags and notes validated by the same rules
 * as a single registration, then written with JDBC batches in the caller's transaction. Used by the demo county and
 * by spreadsheet imports once their rows were checked and their permission decided; it checks no permission itself,
 * so only trusted callers (system work, or a facade that checked) reach it. Publishes one {@link
 * RegistryEvents.RegistryBulkLoaded} with the counts per area instead of an event per row.
 */
@Service
public class RegistryBulk {

    private static final int BATCH = 1000;
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(RegistryBulk.class);

    private final JdbcTemplate jdbc;
    private final FieldCipher cipher;
    private final AuditTrail audit;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final Rooms rooms;
    private final org.fengqiao.publicchannel.PublicCodes codes;

    RegistryBulk(JdbcTemplate jdbc, FieldCipher cipher, AuditTrail audit, ApplicationEventPublisher events,
                 Clock clock, Rooms rooms, org.fengqiao.publicchannel.PublicCodes codes) {
        this.codes = codes;
        this.rooms = rooms;
        this.jdbc = jdbc;
        this.cipher = cipher;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
    }

    /**
     * A room (or a village house when the area is a grid); without a door plate one is made from the area names. With
     * {@code existingId} the room is registered already and only its households are added.
     */
    public record Room(String areaCode, boolean inBuilding, String unit, Integer floor, String room, String doorPlate,
                       String useKind, Long existingId) {
        public Room(String areaCode, boolean inBuilding, String unit, Integer floor, String room, String doorPlate,
                    String useKind) {
            this(areaCode, inBuilding, unit, floor, room, doorPlate, useKind, null);
        }
    }

    /** A household in the room at index {@code room} of the batch. */
    public record Household(int room, String kind, String householdNumber, String phone) {
    }

    /**
     * A resident of the household at index {@code household}; {@code checked} when the caller validated it, and
     * {@code idNumberIndex} when it also computed the blind index of its ID number (so it is not computed twice).
     */
    public record Resident(int household, Residents.ResidentInput input, Residents.Clean checked,
                           byte[] idNumberIndex) {
        public Resident(int household, Residents.ResidentInput input, Residents.Clean checked) {
            this(household, input, checked, null);
        }

        public Resident(int household, Residents.ResidentInput input) {
            this(household, input, null, null);
        }
    }

    /** A care tag on the resident at index {@code resident}. */
    public record Tag(int resident, String kind, String reason) {
    }

    /** A note on the household at index {@code household}. */
    public record Note(int household, String body) {
    }

    public record Batch(List<Room> rooms, List<Household> households, List<Resident> residents, List<Tag> tags,
                        List<Note> notes) {
    }

    public record Written(int rooms, int households, int residents, int tags, int notes) {
        static final Written NONE = new Written(0, 0, 0, 0, 0);

        /** What two stores wrote together (the parts of one import). */
        Written plus(Written o) {
            return new Written(rooms + o.rooms, households + o.households, residents + o.residents, tags + o.tags,
                    notes + o.notes);
        }

        /** What the stores wrote, summed. */
        static Written of(List<Stored> stores) {
            return stores.stream().map(Stored::written).reduce(NONE, Written::plus);
        }
    }

    /** Validates every row first (a bad row refuses the whole batch with its index), then writes them all. */
    @Transactional
    public Written write(Batch batch, String actor, String source) {
        Stored s = store(batch, actor, now());
        announce(List.of(s), actor, source);
        return s.written();
    }

    /** What a store wrote: the counts and the residents per area, for the audit record and the event. */
    record Stored(Written written, Map<String, Integer> perArea, OffsetDateTime at) {
    }

    /** The time a bulk write stamps on every row it writes. */
    OffsetDateTime now() {
        return Rooms.utc(Instant.now(clock));
    }

    /**
     * Validates and writes a batch on the current transaction's connection, every row stamped {@code now}; no audit
     * record, no event: {@link #announce} says what one or several stores (the parts of one import) wrote.
     */
    Stored store(Batch batch, String actor, OffsetDateTime now) {
        LocalDate today = LocalDate.now(clock.withZone(Residents.ZONE));
        List<Residents.Clean> clean = new ArrayList<>(batch.residents().size());
        for (int i = 0; i < batch.residents().size(); i++) {
            try {
                Resident r = batch.residents().get(i);
                clean.add(r.checked() != null ? r.checked() : Residents.clean(r.input(), today));
            } catch (InvalidRequestException e) {
                throw new InvalidRequestException("Resident " + (i + 1) + ": " + e.getMessage());
            }
        }
        long t0 = System.nanoTime();
        long[] roomIds = insertReturningIds("registry_room", batch.rooms().size(), "room");
        List<Indexed<Room>> newRooms = new ArrayList<>();
        for (Indexed<Room> r : indexed(batch.rooms())) {
            if (r.row().existingId() != null) {
                roomIds[r.index()] = r.row().existingId();
            } else {
                newRooms.add(r);
            }
        }
        // door plates first: a room without one is named after its area (a query per area, not inside the copy)
        Map<String, String> plates = new HashMap<>();
        String[] doorPlates = new String[newRooms.size()];
        for (int i = 0; i < newRooms.size(); i++) {
            Room r = newRooms.get(i).row();
            doorPlates[i] = r.doorPlate() != null ? r.doorPlate() : plates.computeIfAbsent(r.areaCode(),
                    rooms::placeOf) + " " + Rooms.roomPart(r.inBuilding(), r.unit(), r.room());
        }
        copy("registry_room", "id, area_code, building_code, unit, floor, room, door_plate, use_kind, created_at,"
                + " created_by", newRooms.size(), (i, out) -> {
            Room r = newRooms.get(i).row();
            out.number(roomIds[newRooms.get(i).index()]).text(r.areaCode()).text(r.inBuilding() ? r.areaCode() : null)
                    .text(r.unit()).number(r.floor()).text(r.room()).text(doorPlates[i])
                    .text(r.useKind() == null ? "SELF_OCCUPIED" : r.useKind()).time(now).text(actor);
        });
        // every new room gets its door plate's code (publicchannel keeps the codes)
        List<org.fengqiao.publicchannel.PublicCodes.RoomPlate> plateRows = new ArrayList<>(newRooms.size());
        for (int i = 0; i < newRooms.size(); i++) {
            plateRows.add(new org.fengqiao.publicchannel.PublicCodes.RoomPlate(roomIds[newRooms.get(i).index()],
                    newRooms.get(i).row().areaCode(), doorPlates[i], doorPlates[i]));
        }
        long t1 = System.nanoTime();
        codes.issueRooms(plateRows);
        long t2 = System.nanoTime();
        long[] householdIds = insertReturningIds("registry_household", batch.households().size(), "household");
        String[] householdArea = new String[batch.households().size()];
        for (int i = 0; i < householdArea.length; i++) {
            householdArea[i] = batch.rooms().get(batch.households().get(i).room()).areaCode();
        }
        copy("registry_household", "id, room_id, area_code, kind, household_number, phone_enc, phone_index,"
                + " phone_masked, registered_at, registered_by, changed_at, changed_by", householdArea.length,
                (i, out) -> {
                    Household h = batch.households().get(i);
                    out.number(householdIds[i]).number(roomIds[h.room()]).text(householdArea[i]).text(h.kind())
                            .text(h.householdNumber()).bytes(cipher.encrypt(h.phone()))
                            .bytes(cipher.blindIndex(h.phone())).text(Masking.phone(h.phone())).time(now).text(actor)
                            .time(now).text(actor);
                });
        long t3 = System.nanoTime();
        long[] residentIds = insertReturningIds("registry_resident", batch.residents().size(), "resident");
        Map<String, Integer> perArea = new TreeMap<>();
        for (Resident r : batch.residents()) {
            perArea.merge(householdArea[r.household()], 1, Integer::sum);
        }
        // formatted (encrypted, blind-indexed, masked, grams computed) on several threads while the server stores,
        // in the binary format (the server parses no timestamps, bytea hex or grams array literals)
        copyBinary("registry_resident", "id, household_id, area_code, name, name_grams, gender, birth_date, id_number_enc,"
                + " id_number_index, id_number_masked, phone_enc, phone_index, phone_masked, relationship,"
                + " population_kind, registered_here, lives_here, registered_address, inflow_reason, workplace,"
                + " arrived_on, moved_in_at, moved_in_by, changed_at, changed_by", batch.residents().size(),
                (i, out) -> {
                    Residents.Clean c = clean.get(i);
                    Resident r = batch.residents().get(i);
                    int h = r.household();
                    // the import's validation blind-indexed the ID number already (checked rows only)
                    byte[] idIndex = r.checked() != null && r.idNumberIndex() != null ? r.idNumberIndex()
                            : cipher.blindIndex(c.idNumber());
                    out.number(residentIds[i]).number(householdIds[h]).text(householdArea[h]).text(c.name())
                            .textArray(Residents.nameGrams(c.name())).text(c.gender()).date(c.birthDate())
                            .bytes(cipher.encrypt(c.idNumber())).bytes(idIndex)
                            .text(Masking.idNumber(c.idNumber())).bytes(cipher.encrypt(c.phone()))
                            .bytes(cipher.blindIndex(c.phone())).text(Masking.phone(c.phone())).text(c.relationship())
                            .text(c.populationKind()).bool(c.registeredHere()).bool(c.livesHere())
                            .text(c.registeredAddress()).text(c.inflowReason()).text(c.workplace())
                            .date(c.arrivedOn()).time(now).text(actor).time(now).text(actor);
                });
        long t4 = System.nanoTime();
        jdbc.batchUpdate("""
                insert into registry_care_tag (resident_id, area_code, kind_code, set_at, set_by, set_reason)
                values (?, ?, ?, ?, ?, ?)""", batch.tags(), BATCH, (ps, t) -> {
            ps.setLong(1, residentIds[t.resident()]);
            ps.setString(2, householdArea[batch.residents().get(t.resident()).household()]);
            ps.setString(3, t.kind());
            ps.setObject(4, now);
            ps.setString(5, actor);
            ps.setString(6, Checks.reason(t.reason(), "the tag is set"));
        });
        jdbc.batchUpdate("""
                insert into registry_household_note (household_id, area_code, body, written_at, written_by)
                values (?, ?, ?, ?, ?)""", batch.notes(), BATCH, (ps, n) -> {
            ps.setLong(1, householdIds[n.household()]);
            ps.setString(2, householdArea[n.household()]);
            ps.setString(3, Checks.required(n.body(), "The note", 1000));
            ps.setObject(4, now);
            ps.setString(5, actor);
        });
        long t5 = System.nanoTime();
        if (log.isDebugEnabled()) {
            log.debug("bulk write: rooms {} ms, door-plate codes {} ms, households {} ms, residents {} ms,"
                    + " tags and notes {} ms", (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000,
                    (t4 - t3) / 1_000_000, (t5 - t4) / 1_000_000);
        }
        Written w = new Written(batch.rooms().size(), batch.households().size(), batch.residents().size(),
                batch.tags().size(), batch.notes().size());
        return new Stored(w, perArea, now);
    }

    /** One audit record and one {@link RegistryEvents.RegistryBulkLoaded} for what the stores wrote, summed. */
    void announce(List<Stored> stores, String actor, String source) {
        Map<String, Integer> perArea = new TreeMap<>();
        for (Stored s : stores) {
            s.perArea().forEach((area, k) -> perArea.merge(area, k, Integer::sum));
        }
        Written w = Written.of(stores);
        OffsetDateTime at = stores.isEmpty() ? now() : stores.getFirst().at();
        audit.record(actor, "REGISTRY_BULK_LOAD", source, w.toString(), AuditTrail.Outcome.SUCCESS);
        events.publishEvent(new RegistryEvents.RegistryBulkLoaded(source, w.rooms(), w.households(), w.residents(),
                w.tags(), Map.copyOf(perArea), at.toInstant(), actor));
    }

    /**
     * The batch cut into at most {@code n} batches of whole rooms — each room with its households, their residents,
     * tags and notes — holding about as many residents each, in the batch's order; empty parts are left out.
     */
    static List<Batch> split(Batch batch, int n) {
        int rooms = batch.rooms().size();
        int[] perRoom = new int[rooms];
        for (Resident r : batch.residents()) {
            perRoom[batch.households().get(r.household()).room()]++;
        }
        int total = batch.residents().size();
        int[] partOfRoom = new int[rooms];
        int part = 0;
        long sum = 0;
        for (int i = 0; i < rooms; i++) {
            partOfRoom[i] = part;
            sum += perRoom[i];
            if (part < n - 1 && sum * n >= (long) total * (part + 1)) {
                part++;
            }
        }
        int parts = part + 1;
        List<List<Room>> pr = new ArrayList<>();
        List<List<Household>> ph = new ArrayList<>();
        List<List<Resident>> pp = new ArrayList<>();
        List<List<Tag>> pt = new ArrayList<>();
        List<List<Note>> pn = new ArrayList<>();
        for (int k = 0; k < parts; k++) {
            pr.add(new ArrayList<>());
            ph.add(new ArrayList<>());
            pp.add(new ArrayList<>());
            pt.add(new ArrayList<>());
            pn.add(new ArrayList<>());
        }
        int[] roomIndex = new int[rooms];
        for (int i = 0; i < rooms; i++) {
            roomIndex[i] = pr.get(partOfRoom[i]).size();
            pr.get(partOfRoom[i]).add(batch.rooms().get(i));
        }
        int[] householdIndex = new int[batch.households().size()];
        for (int i = 0; i < householdIndex.length; i++) {
            Household h = batch.households().get(i);
            List<Household> to = ph.get(partOfRoom[h.room()]);
            householdIndex[i] = to.size();
            to.add(new Household(roomIndex[h.room()], h.kind(), h.householdNumber(), h.phone()));
        }
        int[] residentIndex = new int[total];
        for (int i = 0; i < total; i++) {
            Resident r = batch.residents().get(i);
            List<Resident> to = pp.get(partOfRoom[batch.households().get(r.household()).room()]);
            residentIndex[i] = to.size();
            to.add(new Resident(householdIndex[r.household()], r.input(), r.checked(), r.idNumberIndex()));
        }
        for (Tag t : batch.tags()) {
            Resident r = batch.residents().get(t.resident());
            pt.get(partOfRoom[batch.households().get(r.household()).room()])
                    .add(new Tag(residentIndex[t.resident()], t.kind(), t.reason()));
        }
        for (Note note : batch.notes()) {
            pn.get(partOfRoom[batch.households().get(note.household()).room()])
                    .add(new Note(householdIndex[note.household()], note.body()));
        }
        List<Batch> out = new ArrayList<>(parts);
        for (int k = 0; k < parts; k++) {
            if (!pr.get(k).isEmpty()) {
                out.add(new Batch(pr.get(k), ph.get(k), pp.get(k), pt.get(k), pn.get(k)));
            }
        }
        return out;
    }

    /** An enterprise with a year of monthly electricity (kWh by month, oldest first, ending last month). */
    public record Enterprise(Enterprises.EnterpriseInput input, List<java.math.BigDecimal> monthlyKwh) {
    }

    /**
     * Writes enterprises (credit codes checked), their electricity, places and boats; for the demo county and other
     * trusted bulk loads. Phones are encrypted like everywhere else.
     */
    @Transactional
    public int writeOrganisationsAndPlaces(List<Enterprise> enterprises, List<PlacesAndBoats.PlaceInput> places,
                                           List<PlacesAndBoats.BoatInput> boats, String actor) {
        OffsetDateTime now = Rooms.utc(Instant.now(clock));
        java.time.YearMonth last = java.time.YearMonth.now(clock.withZone(Residents.ZONE)).minusMonths(1);
        for (Enterprise e : enterprises) {
            long id = insertEnterprise(e.input(), now, actor);
            List<Object[]> months = new ArrayList<>();
            for (int m = 0; m < e.monthlyKwh().size(); m++) {
                months.add(new Object[] {id, last.minusMonths(e.monthlyKwh().size() - 1 - m).atDay(1),
                        e.monthlyKwh().get(m), now, actor});
            }
            jdbc.batchUpdate("insert into registry_electricity (enterprise_id, month, kwh, imported_at, imported_by)"
                    + " values (?, ?, ?, ?, ?)", months);
        }
        jdbc.batchUpdate("""
                insert into registry_place (kind, name, area_code, address, responsible_name, responsible_phone_enc,
                  responsible_phone_index, responsible_phone_masked, people_count, safety_plan, created_at, created_by)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", places, BATCH, (ps, p) -> {
            ps.setString(1, p.kind());
            ps.setString(2, p.name());
            ps.setString(3, p.areaCode());
            ps.setString(4, p.address());
            ps.setString(5, p.responsibleName());
            ps.setBytes(6, cipher.encrypt(p.responsiblePhone()));
            ps.setBytes(7, cipher.blindIndex(p.responsiblePhone()));
            ps.setString(8, Masking.phone(p.responsiblePhone()));
            setInt(ps, 9, p.peopleCount());
            ps.setString(10, p.safetyPlan());
            ps.setObject(11, now);
            ps.setString(12, actor);
        });
        jdbc.batchUpdate("""
                insert into registry_boat (name, registration_number, area_code, owner_name, owner_phone_enc,
                  owner_phone_index, owner_phone_masked, crew, home_port, paired_party_member, paired_grid_worker,
                  status, status_changed_at, status_changed_by, created_at, created_by)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", boats, BATCH, (ps, b) -> {
            ps.setString(1, b.name());
            ps.setString(2, b.registrationNumber());
            ps.setString(3, b.areaCode());
            ps.setString(4, b.ownerName());
            ps.setBytes(5, cipher.encrypt(b.ownerPhone()));
            ps.setBytes(6, cipher.blindIndex(b.ownerPhone()));
            ps.setString(7, Masking.phone(b.ownerPhone()));
            ps.setInt(8, b.crew() == null ? 0 : b.crew());
            ps.setString(9, b.homePort());
            ps.setString(10, b.pairedPartyMember());
            ps.setString(11, b.pairedGridWorker());
            ps.setString(12, b.registrationNumber().hashCode() % 3 == 0 ? "AT_SEA" : "IN_PORT");
            ps.setObject(13, now);
            ps.setString(14, actor);
            ps.setObject(15, now);
            ps.setString(16, actor);
        });
        audit.record(actor, "REGISTRY_BULK_LOAD", "enterprises, places, boats", enterprises.size() + " enterprises, "
                + places.size() + " places, " + boats.size() + " boats", AuditTrail.Outcome.SUCCESS);
        return enterprises.size() + places.size() + boats.size();
    }

    /** Streams n rows into a table with COPY on the transaction's connection (no statement per row). */
    private void copy(String table, String columns, int n, CopyRows.Formatter rows) {
        jdbc.execute((org.springframework.jdbc.core.ConnectionCallback<Long>) con -> CopyRows.copy(con, table, columns,
                n, rows));
    }

    /** As {@link #copy}, in COPY's binary format (each column of the type its value is written as: CopyRows). */
    private void copyBinary(String table, String columns, int n, CopyRows.Formatter rows) {
        jdbc.execute((org.springframework.jdbc.core.ConnectionCallback<Long>) con -> CopyRows.copyBinary(con, table,
                columns, n, rows));
    }

    /** A let room (use RENTAL) without a current rental registration, for a bulk load of rentals. */
    public record LetRoom(long id, String areaCode) {
    }

    /** The let rooms under an area that have no current rental registration, in a stable order. */
    public List<LetRoom> letRoomsWithoutRental(String areaPrefix) {
        return jdbc.query("""
                select r.id, r.area_code from registry_room r
                where r.use_kind = 'RENTAL' and r.retired_at is null and r.area_code like ?
                  and not exists (select 1 from registry_rental t where t.room_id = r.id and t.ended_at is null)
                order by r.area_code, coalesce(r.unit, ''), r.floor nulls last, r.room""",
                (rs, n) -> new LetRoom(rs.getLong(1), rs.getString(2)), areaPrefix + "%");
    }

    /** A rental of a bulk load: a person landlord has an ID and phone number (encrypted here), an organisation not. */
    public record RentalRow(long roomId, String areaCode, String landlordKind, String landlordName, String idNumber,
                            String phone, String rentalKind, Integer roomsLet, Integer beds, LocalDate registeredOn) {
    }

    /**
     * An inspection of the rental at index {@code rental} of the same load; a RECTIFY result has its deadline and,
     * when {@code closedOn} is set, the follow-up that closed it.
     */
    public record InspectionRow(int rental, LocalDate inspectedOn, String inspectorName, String fireSafety,
                                boolean tenantsRegistered, String otherFindings, String result, LocalDate rectifyBy,
                                LocalDate closedOn, String closingNote) {
    }

    /** Writes rentals and their inspections in batches (the demo county); returns how many rentals. */
    @Transactional
    public int writeRentals(List<RentalRow> rentals, List<InspectionRow> inspections, String actor) {
        OffsetDateTime now = Rooms.utc(Instant.now(clock));
        long[] ids = insertRentals(rentals, now, actor);
        jdbc.batchUpdate("""
                insert into registry_rental_inspection (rental_id, area_code, inspected_on, inspector, inspector_name,
                  fire_safety, tenants_registered, other_findings, result, rectify_by, closed_kind, closed_on,
                  closed_at, closed_by, closing_note, recorded_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", inspections, BATCH, (ps, x) -> {
            boolean closed = x.closedOn() != null;
            ps.setLong(1, ids[x.rental()]);
            ps.setString(2, rentals.get(x.rental()).areaCode());
            setDate(ps, 3, x.inspectedOn());
            ps.setString(4, actor);
            ps.setString(5, x.inspectorName());
            ps.setString(6, x.fireSafety());
            ps.setBoolean(7, x.tenantsRegistered());
            ps.setString(8, x.otherFindings());
            ps.setString(9, x.result());
            setDate(ps, 10, x.rectifyBy());
            ps.setString(11, closed ? "RECTIFIED" : null);
            setDate(ps, 12, x.closedOn());
            ps.setObject(13, closed ? now : null, Types.TIMESTAMP_WITH_TIMEZONE);
            ps.setString(14, closed ? actor : null);
            ps.setString(15, x.closingNote());
            ps.setObject(16, now);
        });
        audit.record(actor, "REGISTRY_BULK_LOAD", "rentals", rentals.size() + " rentals, " + inspections.size()
                + " inspections", AuditTrail.Outcome.SUCCESS);
        return rentals.size();
    }

    /** Inserts rentals (landlord ID and phone encrypted, blind-indexed and masked as {@link Rentals} does). */
    private long[] insertRentals(List<RentalRow> rentals, OffsetDateTime now, String actor) {
        long[] ids = insertReturningIds("registry_rental", rentals.size(), "rental");
        jdbc.batchUpdate("""
                insert into registry_rental (id, room_id, area_code, landlord_kind, landlord_name,
                  landlord_id_number_enc, landlord_id_number_index, landlord_id_number_masked, landlord_phone_enc,
                  landlord_phone_index, landlord_phone_masked, rental_kind, rooms_let, beds, registered_on, let_now,
                  created_at, created_by) overriding system value
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, true, ?, ?)""", indexed(rentals), BATCH,
                (ps, e) -> {
                    RentalRow r = e.row();
                    ps.setLong(1, ids[e.index()]);
                    ps.setLong(2, r.roomId());
                    ps.setString(3, r.areaCode());
                    ps.setString(4, r.landlordKind());
                    ps.setString(5, r.landlordName());
                    ps.setBytes(6, cipher.encrypt(r.idNumber()));
                    ps.setBytes(7, cipher.blindIndex(r.idNumber()));
                    ps.setString(8, Masking.idNumber(r.idNumber()));
                    ps.setBytes(9, cipher.encrypt(r.phone()));
                    ps.setBytes(10, cipher.blindIndex(r.phone()));
                    ps.setString(11, Masking.phone(r.phone()));
                    ps.setString(12, r.rentalKind());
                    setInt(ps, 13, r.roomsLet());
                    setInt(ps, 14, r.beds());
                    setDate(ps, 15, r.registeredOn());
                    ps.setObject(16, now);
                    ps.setString(17, actor);
                });
        return ids;
    }

    /**
     * Writes the checked rows of a rentals import: each room registered as let (its use becomes RENTAL, so its door
     * plate offers 粤居码), one {@link RegistryEvents.RentalRegistered} per rental as a single registration publishes,
     * one audit record for the import. A room registered meanwhile fails the whole import (the unique index).
     */
    @Transactional
    public int writeImportedRentals(List<RentalRow> rentals, String actor, String source) {
        if (rentals.isEmpty()) {
            return 0;
        }
        OffsetDateTime now = Rooms.utc(Instant.now(clock));
        long[] ids = insertRentals(rentals, now, actor);
        jdbc.update("update registry_room set use_kind = 'RENTAL', version = version + 1 where id = any (?)"
                + " and use_kind <> 'RENTAL'", (Object) rentals.stream().map(RentalRow::roomId).toArray(Long[]::new));
        for (int i = 0; i < ids.length; i++) {
            RentalRow r = rentals.get(i);
            events.publishEvent(new RegistryEvents.RentalRegistered(ids[i], r.roomId(), r.areaCode(), r.rentalKind(),
                    r.beds(), now.toInstant(), actor));
        }
        audit.record(actor, "REGISTRY_RENTAL_IMPORT", source, rentals.size() + " rentals registered",
                AuditTrail.Outcome.SUCCESS);
        return rentals.size();
    }

    /**
     * Writes the checked rows of an enterprises import (phones encrypted, blind-indexed and masked as {@link
     * Enterprises} does), one {@link RegistryEvents.EnterpriseRegistered} each, one audit record for the import.
     */
    @Transactional
    public int writeImportedEnterprises(List<Enterprises.EnterpriseInput> enterprises, String actor, String source) {
        OffsetDateTime now = Rooms.utc(Instant.now(clock));
        for (Enterprises.EnterpriseInput in : enterprises) {
            long id = insertEnterprise(in, now, actor);
            events.publishEvent(new RegistryEvents.EnterpriseRegistered(id, in.areaCode(), in.parkCode(),
                    in.headcount() == null ? 0 : in.headcount(), now.toInstant(), actor));
        }
        if (!enterprises.isEmpty()) {
            audit.record(actor, "REGISTRY_ENTERPRISE_IMPORT", source, enterprises.size() + " enterprises registered",
                    AuditTrail.Outcome.SUCCESS);
        }
        return enterprises.size();
    }

    private long insertEnterprise(Enterprises.EnterpriseInput in, OffsetDateTime now, String actor) {
        if (!org.fengqiao.registry.CreditCodes.isValid(in.creditCode())) {
            throw new InvalidRequestException("Not a valid credit code: " + in.creditCode());
        }
        Long id = jdbc.queryForObject("""
                insert into registry_enterprise (credit_code, name, organisation_code, area_code, park_code,
                  address, industry, legal_rep_name, legal_rep_phone_enc, legal_rep_phone_index,
                  legal_rep_phone_masked, headcount, safety_contact_name, safety_contact_phone_enc,
                  safety_contact_phone_index, safety_contact_phone_masked, key_things, organisations_note,
                  registered_at, registered_by)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id""", Long.class,
                in.creditCode(), in.name(), in.organisationCode(), in.areaCode(), in.parkCode(), in.address(),
                in.industry(), in.legalRepName(), cipher.encrypt(in.legalRepPhone()),
                cipher.blindIndex(in.legalRepPhone()), Masking.phone(in.legalRepPhone()), in.headcount(),
                in.safetyContactName(), cipher.encrypt(in.safetyContactPhone()),
                cipher.blindIndex(in.safetyContactPhone()), Masking.phone(in.safetyContactPhone()), in.keyThings(),
                in.organisationsNote(), now, actor);
        return id;
    }

    /** Takes n ids from the table's identity sequence in one round trip. */
    private long[] insertReturningIds(String table, int n, String what) {
        if (n == 0) {
            return new long[0];
        }
        List<Long> ids = jdbc.queryForList("select nextval(pg_get_serial_sequence(?, 'id')) from generate_series(1, ?)",
                Long.class, table, n);
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = ids.get(i);
        }
        return out;
    }

    private record Indexed<T>(int index, T row) {
    }

    private static <T> List<Indexed<T>> indexed(List<T> rows) {
        List<Indexed<T>> out = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            out.add(new Indexed<>(i, rows.get(i)));
        }
        return out;
    }

    private static void setInt(PreparedStatement ps, int i, Integer v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.SMALLINT);
        } else {
            ps.setInt(i, v);
        }
    }

    private static void setDate(PreparedStatement ps, int i, LocalDate d) throws SQLException {
        if (d == null) {
            ps.setNull(i, Types.DATE);
        } else {
            ps.setDate(i, Date.valueOf(d));
        }
    }
}
