package org.fengqiao.registry;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;

import org.fengqiao.audit.AuditTrail;
import org.fengqiao.geography.AreaDirectory;
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
 * Places (schools with their safety plan — 一校一案 —, markets, key sites) and the fishing boats of the maritime grid
 * (owner, crew, home port, paired party member and grid worker, in port or at sea).
 */
@Service
public class PlacesAndBoats {

    static final Set<String> PLACE_KINDS = Set.of("SCHOOL", "MARKET", "KEY_SITE");

    private final JdbcClient jdbc;
    private final AccessPolicy policy;
    private final FieldCipher cipher;
    private final AreaDirectory areas;
    private final AuditTrail audit;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    PlacesAndBoats(JdbcClient jdbc, AccessPolicy policy, FieldCipher cipher, AreaDirectory areas, AuditTrail audit,
                   ApplicationEventPublisher events, Clock clock) {
        this.jdbc = jdbc;
        this.policy = policy;
        this.cipher = cipher;
        this.areas = areas;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
    }

    public record PlaceInput(String kind, String name, String areaCode, String address, String responsibleName,
                             String responsiblePhone, Integer peopleCount, String safetyPlan) {
    }

    public record Place(long id, String kind, String name, String areaCode, String address, String responsibleName,
                       String responsiblePhoneMasked, Integer peopleCount, String safetyPlan) {
    }

    public record BoatInput(String name, String registrationNumber, String areaCode, String ownerName,
                            String ownerPhone, Integer crew, String homePort, String pairedPartyMember,
                            String pairedGridWorker) {
    }

    public record Boat(long id, String name, String registrationNumber, String areaCode, String ownerName,
                      String ownerPhoneMasked, int crew, String homePort, String pairedPartyMember,
                      String pairedGridWorker, String status, OffsetDateTime statusChangedAt) {
    }

    public List<Place> places(String kind, String areaPrefix) {
        DataScope scope = policy.scope(RegistryPermission.READ);
        if (scope.isEmpty()) {
            return List.of();
        }
        String k = Checks.text(kind);
        String area = Checks.text(areaPrefix) == null ? null : areaPrefix.strip() + "%";
        return jdbc.sql("""
                        select id, kind, name, area_code, address, responsible_name, responsible_phone_masked,
                               people_count, safety_plan from registry_place
                        where retired_at is null and area_code like any (?) and (?::text is null or kind = ?)
                          and (?::text is null or area_code like ?) order by kind, area_code, name limit 500""")
                .params(scope.likePatterns(), k, k, area, area).query(Place.class).list();
    }

    public Place place(long id) {
        return jdbc.sql("""
                        select id, kind, name, area_code, address, responsible_name, responsible_phone_masked,
                               people_count, safety_plan from registry_place where id = ? and area_code like any (?)""")
                .params(id, policy.scope(RegistryPermission.READ).likePatterns()).query(Place.class).optional()
                .orElseThrow(() -> new NotFoundException("No place " + id + " in your area."));
    }

    @Transactional
    public long registerPlace(PlaceInput in) {
        if (in == null) {
            throw new InvalidRequestException("No place was sent.");
        }
        String kind = Checks.oneOf(in.kind(), PLACE_KINDS, "The kind of place");
        if (kind == null) {
            throw new InvalidRequestException("Say what kind of place it is.");
        }
        String area = area(in.areaCode());
        policy.check(RegistryPermission.EDIT, area);
        String phone = phone(in.responsiblePhone());
        if (in.peopleCount() != null && in.peopleCount() < 0) {
            throw new InvalidRequestException("The number of people cannot be negative.");
        }
        long id = jdbc.sql("""
                        insert into registry_place (kind, name, area_code, address, responsible_name,
                          responsible_phone_enc, responsible_phone_index, responsible_phone_masked, people_count,
                          safety_plan, created_at, created_by)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id""")
                .params(kind, Checks.required(in.name(), "The name", 120), area,
                        Checks.optional(in.address(), "The address", 200),
                        Checks.optional(in.responsibleName(), "The person responsible", 60), cipher.encrypt(phone),
                        cipher.blindIndex(phone), Masking.phone(phone), in.peopleCount(),
                        Checks.optional(in.safetyPlan(), "The safety plan", 4000), Rooms.utc(Instant.now(clock)),
                        CurrentUser.actor())
                .query(Long.class).single();
        audit.record("REGISTRY_PLACE_REGISTER", "place:" + id, kind + " " + in.name(), AuditTrail.Outcome.SUCCESS);
        return id;
    }

    public List<Boat> boats(String areaPrefix) {
        DataScope scope = policy.scope(RegistryPermission.READ);
        if (scope.isEmpty()) {
            return List.of();
        }
        String area = Checks.text(areaPrefix) == null ? null : areaPrefix.strip() + "%";
        return jdbc.sql(BOAT + """
                         where retired_at is null and area_code like any (?) and (?::text is null or area_code like ?)
                         order by status desc, name limit 500""")
                .params(scope.likePatterns(), area, area).query(Boat.class).list();
    }

    private static final String BOAT = """
            select id, name, registration_number, area_code, owner_name, owner_phone_masked, crew, home_port,
                   paired_party_member, paired_grid_worker, status, status_changed_at from registry_boat
            """;

    public Boat boat(long id) {
        return jdbc.sql(BOAT + " where id = ? and area_code like any (?)")
                .params(id, policy.scope(RegistryPermission.READ).likePatterns()).query(Boat.class).optional()
                .orElseThrow(() -> new NotFoundException("No boat " + id + " in your area."));
    }

    @Transactional
    public long registerBoat(BoatInput in) {
        if (in == null) {
            throw new InvalidRequestException("No boat was sent.");
        }
        String area = area(in.areaCode());
        policy.check(RegistryPermission.EDIT, area);
        String number = Checks.required(in.registrationNumber(), "The registration number", 30).toUpperCase();
        if (jdbc.sql("select count(*) from registry_boat where registration_number = ? and retired_at is null")
                .param(number).query(Long.class).single() > 0) {
            throw new ConflictException("A boat with registration number " + number + " is registered already.");
        }
        String phone = phone(in.ownerPhone());
        int crew = in.crew() == null ? 0 : in.crew();
        if (crew < 0 || crew > 500) {
            throw new InvalidRequestException("The crew must lie between 0 and 500.");
        }
        OffsetDateTime now = Rooms.utc(Instant.now(clock));
        long id = jdbc.sql("""
                        insert into registry_boat (name, registration_number, area_code, owner_name, owner_phone_enc,
                          owner_phone_index, owner_phone_masked, crew, home_port, paired_party_member,
                          paired_grid_worker, status_changed_at, status_changed_by, created_at, created_by)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id""")
                .params(Checks.required(in.name(), "The boat's name", 60), number, area,
                        Checks.required(in.ownerName(), "The owner", 60), cipher.encrypt(phone),
                        cipher.blindIndex(phone), Masking.phone(phone), crew,
                        Checks.optional(in.homePort(), "The home port", 60),
                        Checks.optional(in.pairedPartyMember(), "The paired party member", 60),
                        Checks.optional(in.pairedGridWorker(), "The paired grid worker", 60), now,
                        CurrentUser.actor(), now, CurrentUser.actor())
                .query(Long.class).single();
        audit.record("REGISTRY_BOAT_REGISTER", "boat:" + id, number, AuditTrail.Outcome.SUCCESS);
        return id;
    }

    /** The boat went to sea or came back. */
    @Transactional
    public void setStatus(long id, String status) {
        Boat b = boat(id);
        policy.check(RegistryPermission.EDIT, b.areaCode());
        String s = Checks.oneOf(status, Set.of("IN_PORT", "AT_SEA"), "The status");
        if (s == null) {
            throw new InvalidRequestException("Say whether the boat is in port or at sea.");
        }
        Instant now = Instant.now(clock);
        jdbc.sql("update registry_boat set status = ?, status_changed_at = ?, status_changed_by = ? where id = ?")
                .params(s, Rooms.utc(now), CurrentUser.actor(), id).update();
        audit.record("REGISTRY_BOAT_STATUS", "boat:" + id, s, AuditTrail.Outcome.SUCCESS);
        events.publishEvent(new RegistryEvents.BoatStatusChanged(id, b.areaCode(), s, b.crew(), now,
                CurrentUser.actor()));
    }

    private String area(String code) {
        String area = Checks.required(code, "The area", 24);
        if (areas.find(area).filter(a -> !a.retired()).isEmpty()) {
            throw new InvalidRequestException("There is no area " + area + ".");
        }
        return area;
    }

    private static String phone(String raw) {
        String p = IdNumbers.normalisePhone(raw);
        if (p != null && !IdNumbers.isValidPhone(p)) {
            throw new InvalidRequestException("The phone number must be a mobile or landline number.");
        }
        return p;
    }
}
