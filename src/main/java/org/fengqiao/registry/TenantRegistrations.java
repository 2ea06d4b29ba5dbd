package org.fengqiao.registry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
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
import org.fengqiao.publicchannel.PublicCode;
import org.fengqiao.publicchannel.PublicCodes;
import org.fengqiao.publicchannel.RateLimits;
import org.fengqiao.registry.internal.Checks;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Tenant self-registration at a door plate ("粤居码"): no account, rate-limited per address and per phone, one
 * application per form; staff with {@link RegistryPermission#EDIT} over the room confirm it (the tenant moves into a
 * tenant household of the room as floating population) or reject it with a reason. The public side never shows who
 * lives where: only the let rooms' door numbers of the plate's building.
 */
@Service
public class TenantRegistrations {

    static final RateLimits.Limit PER_IP = new RateLimits.Limit("tenant-ip", Duration.ofHours(1), 5, 10);
    static final RateLimits.Limit PER_PHONE = new RateLimits.Limit("tenant-phone", Duration.ofDays(1), 2, 3);

    private final JdbcClient jdbc;
    private final PublicCodes codes;
    private final RateLimits limits;
    private final FieldCipher cipher;
    private final AccessPolicy policy;
    private final Households households;
    private final Residents residents;
    private final AuditTrail audit;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    TenantRegistrations(JdbcClient jdbc, PublicCodes codes, RateLimits limits, FieldCipher cipher, AccessPolicy policy,
                        Households households, Residents residents, AuditTrail audit,
                        ApplicationEventPublisher events, Clock clock) {
        this.jdbc = jdbc;
        this.codes = codes;
        this.limits = limits;
        this.cipher = cipher;
        this.policy = policy;
        this.households = households;
        this.residents = residents;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
    }

    /** A let room as the public page offers it: its door number only. */
    public record LetRoom(long id, String label, String areaCode) {
    }

    /** The plate, when it is a building's or a grid's, and the let rooms behind it. */
    public Optional<PublicCode> plate(String code) {
        return codes.find(code).filter(c -> List.of("BUILDING", "GRID", "ROOM").contains(c.kind()));
    }

    public List<LetRoom> letRooms(PublicCode plate) {
        boolean room = plate.kind().equals("ROOM");
        return jdbc.sql("""
                        select id, coalesce(unit || '单元 ', '') || room as label, area_code from registry_room
                        where (case when ? then id = ?::bigint else area_code = ? end)
                          and use_kind = 'RENTAL' and retired_at is null
                        order by coalesce(unit, ''), floor nulls last, room""")
                .params(room, room ? plate.targetRef() : "0", plate.targetRef()).query(LetRoom.class).list();
    }

    /** What the tenant typed. */
    public record Form(String plateCode, Long roomId, String name, String idNumber, String phone, String arrivedOn,
                      String registeredAddress, String workplace, String formId) {
    }

    public record Receipt(String receipt, boolean replayed) {
    }

    @Transactional
    public Receipt apply(Form f, String ip) {
        PublicCode plate = plate(f.plateCode()).orElseThrow(() -> new NotFoundException("registry.tenant.unknownPlate"));
        String formId = f.formId() != null && f.formId().matches("[A-Za-z0-9-]{8,64}") ? f.formId() : null;
        if (formId != null) {
            Optional<String> earlier = jdbc.sql("select receipt from registry_tenant_application where form_id = ?")
                    .param(formId).query(String.class).optional();
            if (earlier.isPresent()) {
                return new Receipt(earlier.get(), true);
            }
        }
        LetRoom room = letRooms(plate).stream().filter(r -> f.roomId() != null && r.id() == f.roomId()).findFirst()
                .orElseThrow(() -> new InvalidRequestException("registry.tenant.err.room"));
        String name = Checks.text(f.name());
        if (name == null || name.length() > 60) {
            throw new InvalidRequestException("registry.tenant.err.name");
        }
        String id = IdNumbers.normaliseId(f.idNumber());
        if (id == null || !IdNumbers.isValidId(id)) {
            throw new InvalidRequestException("registry.tenant.err.id");
        }
        String phone = IdNumbers.normalisePhone(f.phone());
        if (phone == null || !IdNumbers.isValidPhone(phone)) {
            throw new InvalidRequestException("registry.tenant.err.phone");
        }
        LocalDate today = LocalDate.now(clock.withZone(Residents.ZONE));
        LocalDate arrived;
        try {
            arrived = Checks.date(f.arrivedOn(), "arrival");
        } catch (InvalidRequestException e) {
            throw new InvalidRequestException("registry.tenant.err.arrived");
        }
        if (arrived == null) {
            arrived = today;
        }
        if (arrived.isAfter(today) || arrived.isBefore(today.minusYears(5))) {
            throw new InvalidRequestException("registry.tenant.err.arrived");
        }
        String origin = Checks.text(f.registeredAddress());
        String work = Checks.text(f.workplace());
        if ((origin != null && origin.length() > 200) || (work != null && work.length() > 120)) {
            throw new InvalidRequestException("registry.tenant.err.long");
        }
        if (limits.standing(PER_IP, ip) == RateLimits.Standing.BLOCKED
                || limits.standing(PER_PHONE, phone) == RateLimits.Standing.BLOCKED) {
            throw new TooMany("registry.tenant.err.tooMany");
        }
        limits.hit(PER_IP, ip);
        limits.hit(PER_PHONE, phone);
        String receipt = codes.newCode();
        long appId = jdbc.sql("""
                        insert into registry_tenant_application (receipt, form_id, room_id, area_code, plate_code, name,
                          id_number_enc, id_number_index, id_number_masked, phone_enc, phone_index, phone_masked,
                          arrived_on, registered_address, workplace, source_ip, created_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id""")
                .params(receipt, formId, room.id(), room.areaCode(), plate.code(), name, cipher.encrypt(id),
                        cipher.blindIndex(id), Masking.idNumber(id), cipher.encrypt(phone), cipher.blindIndex(phone),
                        Masking.phone(phone), arrived, origin, work, ip, Rooms.utc(Instant.now(clock)))
                .query(Long.class).single();
        audit.record("tenant:" + receipt, "REGISTRY_TENANT_APPLY", "tenant-application:" + appId,
                "room:" + room.id() + " plate " + plate.code(), AuditTrail.Outcome.SUCCESS);
        events.publishEvent(new RegistryEvents.TenantApplied(appId, room.id(), room.areaCode(), Instant.now(clock)));
        return new Receipt(receipt, false);
    }

    /** Raised when a limit is reached (429). */
    public static class TooMany extends InvalidRequestException {
        public TooMany(String message) {
            super(message);
        }
    }

    /** What the tenant sees after: the status only. */
    public Optional<String> statusOf(String receipt) {
        return jdbc.sql("select status from registry_tenant_application where receipt = ?")
                .param(PublicCodes.normalise(receipt)).query(String.class).optional();
    }

    /** An application as staff see it: numbers masked. */
    public record Application(long id, long roomId, String doorPlate, String areaCode, String name,
                              String idNumberMasked, String phoneMasked, LocalDate arrivedOn, String registeredAddress,
                              String workplace, String status, OffsetDateTime createdAt, String decisionReason) {
    }

    private static final String SELECT = """
            select a.id, a.room_id, r.door_plate, a.area_code, a.name, a.id_number_masked, a.phone_masked,
                   a.arrived_on, a.registered_address, a.workplace, a.status, a.created_at, a.decision_reason
            from registry_tenant_application a join registry_room r on r.id = a.room_id
            """;

    /** Applications waiting in the areas where the caller may confirm them, oldest first. */
    public List<Application> pending() {
        DataScope scope = policy.scope(RegistryPermission.EDIT);
        if (scope.isEmpty()) {
            return List.of();
        }
        return jdbc.sql(SELECT + """
                         where a.status = 'PENDING' and a.area_code like any (?) order by a.id limit 200""")
                .param(scope.likePatterns()).query(Application.class).list();
    }

    public Application get(long id) {
        return jdbc.sql(SELECT + " where a.id = ? and a.area_code like any (?)")
                .params(id, policy.scope(RegistryPermission.EDIT).likePatterns()).query(Application.class)
                .optional().orElseThrow(() -> new NotFoundException("No tenant registration " + id + " in your area."));
    }

    /** Confirms: the tenant moves into the room's tenant household (made when there is none). */
    @Transactional
    public long confirm(long id) {
        Application a = get(id);
        policy.check(RegistryPermission.EDIT, a.areaCode());
        if (!a.status().equals("PENDING")) {
            throw new ConflictException("This registration was decided already.");
        }
        record Enc(byte[] idNumberEnc, byte[] phoneEnc) {
        }
        Enc enc = jdbc.sql("select id_number_enc, phone_enc from registry_tenant_application where id = ?").param(id)
                .query(Enc.class).single();
        Residents.ResidentInput in = new Residents.ResidentInput(a.name(), null, cipher.decrypt(enc.idNumberEnc()),
                cipher.decrypt(enc.phoneEnc()), null, "99", "FLOATING", false, true, a.registeredAddress(), "WORK",
                a.workplace(), a.arrivedOn().toString());
        Long household = jdbc.sql("""
                        select id from registry_household where room_id = ? and kind = 'TENANT' and ended_at is null
                        order by id limit 1""")
                .param(a.roomId()).query(Long.class).optional().orElse(null);
        long residentId;
        if (household == null) {
            household = households.register(a.roomId(), new Households.HouseholdInput("TENANT", null,
                    cipher.decrypt(enc.phoneEnc())), List.of(new Residents.ResidentInput(in.name(), null,
                    in.idNumber(), in.phone(), null, "02", "FLOATING", false, true, in.registeredAddress(), "WORK",
                    in.workplace(), in.arrivedOn())));
            residentId = households.get(household).members().getFirst().id();
        } else {
            residentId = residents.moveIn(household, in);
        }
        Instant now = Instant.now(clock);
        jdbc.sql("""
                        update registry_tenant_application set status = 'CONFIRMED', resident_id = ?, decided_by = ?,
                          decided_at = ? where id = ?""")
                .params(residentId, CurrentUser.actor(), Rooms.utc(now), id).update();
        audit.record("REGISTRY_TENANT_CONFIRM", "tenant-application:" + id, "resident:" + residentId,
                AuditTrail.Outcome.SUCCESS);
        events.publishEvent(new RegistryEvents.TenancyConfirmed(id, residentId, household, a.roomId(), a.areaCode(),
                now, CurrentUser.actor()));
        return residentId;
    }

    @Transactional
    public void reject(long id, String reason) {
        Application a = get(id);
        policy.check(RegistryPermission.EDIT, a.areaCode());
        String why = Checks.reason(reason, "the registration is rejected");
        int n = jdbc.sql("""
                        update registry_tenant_application set status = 'REJECTED', decided_by = ?, decided_at = ?,
                          decision_reason = ? where id = ? and status = 'PENDING'""")
                .params(CurrentUser.actor(), Rooms.utc(Instant.now(clock)), why, id).update();
        if (n == 0) {
            throw new ConflictException("This registration was decided already.");
        }
        audit.record("REGISTRY_TENANT_REJECT", "tenant-application:" + id, "reason: " + why,
                AuditTrail.Outcome.SUCCESS);
        events.publishEvent(new RegistryEvents.TenancyRejected(id, a.roomId(), a.areaCode(), Instant.now(clock),
                CurrentUser.actor()));
    }
}
