package org.fengqiao.registry;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

import org.fengqiao.audit.AuditTrail;
import org.fengqiao.geography.AreaDirectory;
import org.fengqiao.geography.AreaView;
import org.fengqiao.platform.AccessPolicy;
import org.fengqiao.platform.ConflictException;
import org.fengqiao.platform.CurrentUser;
import org.fengqiao.platform.DataScope;
import org.fengqiao.platform.InvalidRequestException;
import org.fengqiao.platform.NotFoundException;
import org.fengqiao.registry.internal.Checks;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Rooms of buildings (单元/室) and houses standing directly in a village grid: the places households live in. The
 * building itself is an area of the tree (geography); a room references it by area code.
 */
@Service
public class Rooms {

    static final Set<String> HOUSE_LEVELS = Set.of("GRID", "MICRO_GRID");

    private final JdbcClient jdbc;
    private final AccessPolicy policy;
    private final AreaDirectory areas;
    private final AuditTrail audit;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final org.fengqiao.publicchannel.PublicCodes codes;

    Rooms(JdbcClient jdbc, AccessPolicy policy, AreaDirectory areas, AuditTrail audit,
          ApplicationEventPublisher events, Clock clock, org.fengqiao.publicchannel.PublicCodes codes) {
        this.codes = codes;
        this.jdbc = jdbc;
        this.policy = policy;
        this.areas = areas;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
    }

    /** A room with how many households and residents live there now. */
    public record RoomView(long id, String areaCode, String buildingCode, String unit, Integer floor, String room,
                           String doorPlate, String useKind, int households, int residents, boolean retired,
                           int version) {
    }

    /** What a form, the API or an import sends to register a room (or a house when the area is a grid). */
    public record RoomInput(String areaCode, String unit, Integer floor, String room, String doorPlate,
                            String useKind) {
    }

    static final String SELECT = """
            select r.id, r.area_code, r.building_code, r.unit, r.floor, r.room, r.door_plate, r.use_kind,
                   (select count(*) from registry_household h where h.room_id = r.id and h.ended_at is null)::int
                       as households,
                   (select count(*) from registry_resident p join registry_household h on h.id = p.household_id
                     where h.room_id = r.id and p.moved_out_at is null)::int as residents,
                   r.retired_at is not null as retired, r.version
            from registry_room r
            """;

    /** The active rooms in an area (a building, or the houses of a grid) that the caller may see. */
    public List<RoomView> in(String areaCode) {
        DataScope scope = policy.scope(RegistryPermission.READ);
        if (scope.isEmpty() || areaCode == null) {
            return List.of();
        }
        return jdbc.sql(SELECT + """
                         where r.area_code = ? and r.retired_at is null and r.area_code like any (?)
                         order by coalesce(r.unit, ''), r.floor nulls last, r.room""")
                .params(areaCode, scope.likePatterns()).query(RoomView.class).list();
    }

    /** One room; 404 when unknown or outside the caller's scope. */
    public RoomView get(long id) {
        DataScope scope = policy.scope(RegistryPermission.READ);
        return jdbc.sql(SELECT + " where r.id = ? and r.area_code like any (?)")
                .params(id, scope.likePatterns()).query(RoomView.class).optional()
                .orElseThrow(() -> new NotFoundException("No room " + id + " in your area."));
    }

    /** How many active rooms, households and residents lie under each of these areas (for the area browser). */
    public record Counts(String areaCode, int rooms, int households, int residents) {
    }

    public List<Counts> countsUnder(String areaCode) {
        DataScope scope = policy.scope(RegistryPermission.READ);
        if (scope.isEmpty() || areaCode == null) {
            return List.of();
        }
        return jdbc.sql("""
                        select r.area_code, count(distinct r.id)::int as rooms, count(distinct h.id)::int as households,
                               count(p.id)::int as residents
                        from registry_room r
                        left join registry_household h on h.room_id = r.id and h.ended_at is null
                        left join registry_resident p on p.household_id = h.id and p.moved_out_at is null
                        where r.retired_at is null and r.area_code like ? and r.area_code like any (?)
                        group by r.area_code order by r.area_code""")
                .params(areaCode + "%", scope.likePatterns()).query(Counts.class).list();
    }

    @Transactional
    public long register(RoomInput in) {
        if (in == null) {
            throw new InvalidRequestException("No room was sent.");
        }
        String areaCode = Checks.required(in.areaCode(), "The building or grid", 24);
        policy.check(RegistryPermission.EDIT, areaCode);
        AreaView area = areas.find(areaCode).filter(a -> !a.retired())
                .orElseThrow(() -> new InvalidRequestException("There is no area " + areaCode + "."));
        boolean building = "BUILDING".equals(area.level());
        if (!building && !HOUSE_LEVELS.contains(area.level())) {
            throw new InvalidRequestException("A room lies in a building; a house directly in a grid.");
        }
        String unit = Checks.optional(in.unit(), "The unit", 10);
        String room = Checks.required(in.room(), building ? "The room number" : "The house number", 20);
        if (in.floor() != null && (in.floor() < -5 || in.floor() > 200)) {
            throw new InvalidRequestException("The floor must lie between -5 and 200.");
        }
        String use = Checks.oneOf(in.useKind(), Checks.ROOM_USES, "The use");
        String plate = Checks.optional(in.doorPlate(), "The door plate", 200);
        if (plate == null) {
            plate = doorPlate(area, unit, room);
        }
        long taken = jdbc.sql("""
                        select count(*) from registry_room where area_code = ? and coalesce(unit, '') = coalesce(?, '')
                          and room = ? and retired_at is null""")
                .params(areaCode, unit, room).query(Long.class).single();
        if (taken > 0) {
            throw new ConflictException("This room is already registered: " + plate);
        }
        Instant now = Instant.now(clock);
        long id = jdbc.sql("""
                        insert into registry_room (area_code, building_code, unit, floor, room, door_plate, use_kind,
                                                   created_at, created_by)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?) returning id""")
                .params(areaCode, building ? areaCode : null, unit, in.floor(), room, plate,
                        use == null ? "SELF_OCCUPIED" : use, utc(now), CurrentUser.actor())
                .query(Long.class).single();
        codes.issueRooms(List.of(new org.fengqiao.publicchannel.PublicCodes.RoomPlate(id, areaCode, plate, plate)));
        audit.record("REGISTRY_ROOM_REGISTER", "room:" + id, plate, AuditTrail.Outcome.SUCCESS);
        events.publishEvent(new RegistryEvents.RoomRegistered(id, areaCode, use == null ? "SELF_OCCUPIED" : use, now,
                CurrentUser.actor()));
        return id;
    }

    /** Changes how a room is used (e.g. it is let from now on). */
    @Transactional
    public void changeUse(long id, int version, String useKind) {
        RoomView r = get(id);
        policy.check(RegistryPermission.EDIT, r.areaCode());
        String use = Checks.oneOf(useKind, Checks.ROOM_USES, "The use");
        if (use == null) {
            throw new InvalidRequestException("Choose how the room is used.");
        }
        int n = jdbc.sql("update registry_room set use_kind = ?, version = version + 1 where id = ? and version = ?")
                .params(use, id, version).update();
        if (n == 0) {
            throw new ConflictException("Someone else changed this room in the meantime; reload and try again.");
        }
        audit.record("REGISTRY_ROOM_USE", "room:" + id, use, AuditTrail.Outcome.SUCCESS);
    }

    /** Retires a room nobody lives in any more (demolished, merged, registered by mistake). */
    @Transactional
    public void retire(long id, String reason) {
        RoomView r = get(id);
        policy.check(RegistryPermission.EDIT, r.areaCode());
        String why = Checks.reason(reason, "the room is retired");
        if (r.households() > 0) {
            throw new ConflictException("Households still live in this room; end or move them first.");
        }
        jdbc.sql("""
                        update registry_room set retired_at = ?, retired_by = ?, retired_reason = ?, version = version + 1
                        where id = ? and retired_at is null""")
                .params(utc(Instant.now(clock)), CurrentUser.actor(), why, id).update();
        codes.retireRoom(id);
        audit.record("REGISTRY_ROOM_RETIRE", "room:" + id, "reason: " + why, AuditTrail.Outcome.SUCCESS);
    }

    /** 门(楼)详址 from the area names below the town (grids are not part of an address): 凤凰社区 凤凰苑1栋 2单元502室. */
    String doorPlate(AreaView area, String unit, String room) {
        String plate = (placeOf(area.code()) + " " + roomPart("BUILDING".equals(area.level()), unit, room)).strip();
        return plate.length() > 200 ? plate.substring(0, 200) : plate;
    }

    /** The area part of an address: the names of the village or community and the building. */
    String placeOf(String areaCode) {
        StringBuilder sb = new StringBuilder();
        for (AreaView a : areas.path(areaCode)) {
            if (a.code().length() >= 12 && !HOUSE_LEVELS.contains(a.level())) {
                sb.append(sb.isEmpty() ? "" : " ").append(a.name());
            }
        }
        return sb.toString();
    }

    /** 2单元502室 in a building, 32号 for a house. */
    static String roomPart(boolean inBuilding, String unit, String room) {
        StringBuilder sb = new StringBuilder();
        if (unit != null) {
            sb.append(unit).append(unit.matches("\\d+") ? "单元" : "");
        }
        return sb.append(room).append(room.matches("\\d+") ? (inBuilding ? "室" : "号") : "").toString();
    }

    static OffsetDateTime utc(Instant i) {
        return OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
    }
}
