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

    private final JdbcTemplate jdbc;
    private final FieldCipher cipher;
    private final AuditTrail audit;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    RegistryBulk(JdbcTemplate jdbc, FieldCipher cipher, AuditTrail audit, ApplicationEventPublisher events,
                 Clock clock) {
        this.jdbc = jdbc;
        this.cipher = cipher;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
    }

    /** A room (or a village house when the area is a grid); {@code doorPlate} must be given. */
    public record Room(String areaCode, boolean inBuilding, String unit, Integer floor, String room, String doorPlate,
                       String useKind) {
    }

    /** A household in the room at index {@code room} of the batch. */
    public record Household(int room, String kind, String householdNumber, String phone) {
    }

    /** A resident of the household at index {@code household}. */
    public record Resident(int household, Residents.ResidentInput input) {
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
    }

    /** Validates every row first (a bad row refuses the whole batch with its index), then writes them all. */
    @Transactional
    public Written write(Batch batch, String actor, String source) {
        LocalDate today = LocalDate.now(clock.withZone(Residents.ZONE));
        List<Residents.Clean> clean = new ArrayList<>(batch.residents().size());
        for (int i = 0; i < batch.residents().size(); i++) {
            try {
                clean.add(Residents.clean(batch.residents().get(i).input(), today));
            } catch (InvalidRequestException e) {
                throw new InvalidRequestException("Resident " + (i + 1) + ": " + e.getMessage());
            }
        }
        OffsetDateTime now = Rooms.utc(Instant.now(clock));
        long[] roomIds = insertReturningIds("registry_room", batch.rooms().size(), "room");
        jdbc.batchUpdate("""
                insert into registry_room (id, area_code, building_code, unit, floor, room, door_plate, use_kind,
                                           created_at, created_by) overriding system value
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", indexed(batch.rooms()), BATCH, (ps, e) -> {
            Room r = e.row();
            ps.setLong(1, roomIds[e.index()]);
            ps.setString(2, r.areaCode());
            ps.setString(3, r.inBuilding() ? r.areaCode() : null);
            ps.setString(4, r.unit());
            setInt(ps, 5, r.floor());
            ps.setString(6, r.room());
            ps.setString(7, r.doorPlate());
            ps.setString(8, r.useKind() == null ? "SELF_OCCUPIED" : r.useKind());
            ps.setObject(9, now);
            ps.setString(10, actor);
        });
        long[] householdIds = insertReturningIds("registry_household", batch.households().size(), "household");
        String[] householdArea = new String[batch.households().size()];
        jdbc.batchUpdate("""
                insert into registry_household (id, room_id, area_code, kind, household_number, phone_enc,
                  phone_index, phone_masked, registered_at, registered_by, changed_at, changed_by)
                overriding system value values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                indexed(batch.households()), BATCH, (ps, e) -> {
                    Household h = e.row();
                    Room room = batch.rooms().get(h.room());
                    householdArea[e.index()] = room.areaCode();
                    ps.setLong(1, householdIds[e.index()]);
                    ps.setLong(2, roomIds[h.room()]);
                    ps.setString(3, room.areaCode());
                    ps.setString(4, h.kind());
                    ps.setString(5, h.householdNumber());
                    ps.setBytes(6, cipher.encrypt(h.phone()));
                    ps.setBytes(7, cipher.blindIndex(h.phone()));
                    ps.setString(8, Masking.phone(h.phone()));
                    ps.setObject(9, now);
                    ps.setString(10, actor);
                    ps.setObject(11, now);
                    ps.setString(12, actor);
                });
        long[] residentIds = insertReturningIds("registry_resident", batch.residents().size(), "resident");
        Map<String, Integer> perArea = new TreeMap<>();
        jdbc.batchUpdate("""
                insert into registry_resident (id, household_id, area_code, name, gender, birth_date, id_number_enc,
                  id_number_index, id_number_masked, phone_enc, phone_index, phone_masked, relationship,
                  population_kind, registered_here, lives_here, registered_address, inflow_reason, workplace,
                  arrived_on, moved_in_at, moved_in_by, changed_at, changed_by)
                overriding system value values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                indexed(batch.residents()), BATCH, (ps, e) -> {
                    Residents.Clean c = clean.get(e.index());
                    int h = e.row().household();
                    String area = householdArea[h];
                    perArea.merge(area, 1, Integer::sum);
                    ps.setLong(1, residentIds[e.index()]);
                    ps.setLong(2, householdIds[h]);
                    ps.setString(3, area);
                    ps.setString(4, c.name());
                    ps.setString(5, c.gender());
                    setDate(ps, 6, c.birthDate());
                    ps.setBytes(7, cipher.encrypt(c.idNumber()));
                    ps.setBytes(8, cipher.blindIndex(c.idNumber()));
                    ps.setString(9, Masking.idNumber(c.idNumber()));
                    ps.setBytes(10, cipher.encrypt(c.phone()));
                    ps.setBytes(11, cipher.blindIndex(c.phone()));
                    ps.setString(12, Masking.phone(c.phone()));
                    ps.setString(13, c.relationship());
                    ps.setString(14, c.populationKind());
                    ps.setBoolean(15, c.registeredHere());
                    ps.setBoolean(16, c.livesHere());
                    ps.setString(17, c.registeredAddress());
                    ps.setString(18, c.inflowReason());
                    ps.setString(19, c.workplace());
                    setDate(ps, 20, c.arrivedOn());
                    ps.setObject(21, now);
                    ps.setString(22, actor);
                    ps.setObject(23, now);
                    ps.setString(24, actor);
                });
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
        Written w = new Written(batch.rooms().size(), batch.households().size(), batch.residents().size(),
                batch.tags().size(), batch.notes().size());
        audit.record(actor, "REGISTRY_BULK_LOAD", source, w.toString(), AuditTrail.Outcome.SUCCESS);
        events.publishEvent(new RegistryEvents.RegistryBulkLoaded(source, w.rooms(), w.households(), w.residents(),
                w.tags(), Map.copyOf(perArea), now.toInstant(), actor));
        return w;
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

    static Map<String, Integer> none() {
        return new HashMap<>();
    }
}
