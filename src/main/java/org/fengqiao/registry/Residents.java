package org.fengqiao.registry;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

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
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Residents (实有人口): who lives in which household, registered here or floating, with ID and phone encrypted, blind
 * indexed and masked. Every read is limited in SQL to the areas of the assignments granting {@link
 * RegistryPermission#READ}; unmasking needs {@link RegistryPermission#UNMASK} over the resident's area and a reason,
 * and is audited, refusals too.
 */
@Service
public class Residents {

    static final int MAX_PAGE = 200;
    static final ZoneId ZONE = org.fengqiao.platform.CountyTime.ZONE;

    private final JdbcClient jdbc;
    private final AccessPolicy policy;
    private final FieldCipher cipher;
    private final AuditTrail audit;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    Residents(JdbcClient jdbc, AccessPolicy policy, FieldCipher cipher, AuditTrail audit,
              ApplicationEventPublisher events, Clock clock) {
        this.jdbc = jdbc;
        this.policy = policy;
        this.cipher = cipher;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
    }

    /**
     * What a form, the API or an import sends for a resident. Dates as YYYY-MM-DD. On a change, a blank ID number or
     * phone keeps the stored one.
     */
    public record ResidentInput(String name, String gender, String idNumber, String phone, String birthDate,
                                String relationship, String populationKind, Boolean registeredHere,
                                Boolean livesHere, String registeredAddress, String inflowReason, String workplace,
                                String arrivedOn) {
    }

    /** A resident in a list; ID and phone masked. */
    public record ResidentSummary(long id, long householdId, String name, String gender, LocalDate birthDate,
                                  String idNumberMasked, String phoneMasked, String relationship,
                                  String populationKind, boolean livesHere, String areaCode, String doorPlate,
                                  boolean movedOut) {
    }

    /** One resident; {@code careTags} is null when the caller may not see care tags here. */
    public record ResidentView(long id, long householdId, long roomId, String name, String gender,
                               LocalDate birthDate, String idNumberMasked, String phoneMasked, String relationship,
                               String populationKind, boolean registeredHere, boolean livesHere,
                               String registeredAddress, String inflowReason, String workplace, LocalDate arrivedOn,
                               LocalDate leftOn, String areaCode, String doorPlate, Instant movedInAt,
                               String movedInBy, Instant movedOutAt, String movedOutReason, int version,
                               List<CareTags.Tag> careTags) {
        public boolean movedOut() {
            return movedOutAt != null;
        }
    }

    public record Unmasked(long id, String idNumber, String phone) {
    }

    static final String SUMMARY = """
            select p.id, p.household_id, p.name, p.gender, p.birth_date, p.id_number_masked, p.phone_masked,
                   p.relationship, p.population_kind, p.lives_here, p.area_code, r.door_plate,
                   p.moved_out_at is not null as moved_out
            from registry_resident p join registry_household h on h.id = p.household_id
            join registry_room r on r.id = h.room_id
            """;

    /**
     * Residents in scope. A whole ID number or phone number is matched exactly through its blind index; anything
     * else matches any part of the name (one character and up).
     */
    public List<ResidentSummary> search(String query, String areaPrefix, boolean includeMovedOut, Long afterId,
                                        int limit) {
        DataScope scope = policy.scope(RegistryPermission.READ);
        if (scope.isEmpty()) {
            throw new AccessDeniedException("None of your role assignments allows registry.READ");
        }
        Query q = Query.of(query, cipher);
        String area = Checks.text(areaPrefix) == null ? null : areaPrefix.strip() + "%";
        return jdbc.sql(SUMMARY + """
                         where p.area_code like any (?)
                           and (?::bytea is null or p.id = any (array(
                                 -- the living through the one-home unique index, those who moved out through theirs
                                 select id from registry_resident where id_number_index = ? and moved_out_at is null
                                 union all
                                 select id from registry_resident where id_number_index = ?
                                   and moved_out_at is not null)))
                           and (?::bytea is null or p.phone_index = ?)
                           and (?::text[] is null or p.name_grams @> ?::text[])
                           and (?::text is null or p.name like ?)
                           and (?::text is null or p.area_code like ?)
                           and (? or p.moved_out_at is null)
                           and (?::bigint is null or p.id > ?)
                         order by p.id limit ?""")
                .params(scope.likePatterns(), q.idIndex(), q.idIndex(), q.idIndex(), q.phoneIndex(), q.phoneIndex(), q.grams(),
                        q.grams(), q.namePattern(), q.namePattern(), area, area, includeMovedOut, afterId, afterId,
                        Math.max(1, Math.min(limit, MAX_PAGE)))
                .query(ResidentSummary.class).list();
    }

    /** A search query, decided once: an ID number, a phone number, or part of a name. */
    record Query(byte[] idIndex, byte[] phoneIndex, String[] grams, String namePattern) {
        static Query of(String raw, FieldCipher cipher) {
            String q = raw == null ? "" : raw.strip();
            if (q.isEmpty()) {
                return new Query(null, null, null, null);
            }
            String asId = IdNumbers.normaliseId(q);
            if (asId != null && asId.matches("\\d{17}[0-9X]")) {
                return new Query(cipher.blindIndex(asId), null, null, null);
            }
            String asPhone = IdNumbers.normalisePhone(q);
            if (IdNumbers.isValidPhone(asPhone)) {
                return new Query(null, cipher.blindIndex(asPhone), null, null);
            }
            return new Query(null, null, grams(q), q.length() > 2 ? Checks.contains(q) : null);
        }

        /** The grams the name index holds that a name containing q must have: q itself up to two characters. */
        static String[] grams(String q) {
            String s = q.toLowerCase(Locale.ROOT);
            if (s.codePointCount(0, s.length()) <= 2) {
                return new String[] {s};
            }
            Set<String> pairs = new LinkedHashSet<>();
            int[] cps = s.codePoints().toArray();
            for (int i = 0; i + 1 < cps.length; i++) {
                pairs.add(new String(cps, i, 2));
            }
            return pairs.toArray(String[]::new);
        }
    }

    /**
     * The grams a name is found by: its characters and its pairs of neighbouring characters, lower-cased, each once
     * (what the SQL function {@code registry_name_grams} computes; written with every name, searched by {@link
     * Query#grams}).
     */
    static String[] nameGrams(String name) {
        int[] cps = name.toLowerCase(Locale.ROOT).codePoints().toArray();
        Set<String> grams = new LinkedHashSet<>();
        for (int i = 0; i < cps.length; i++) {
            grams.add(new String(cps, i, 1));
            if (i + 1 < cps.length) {
                grams.add(new String(cps, i, 2));
            }
        }
        return grams.toArray(String[]::new);
    }

    /** The members of a household, in order: head first, then by relationship and age. */
    public List<ResidentSummary> ofHousehold(long householdId, boolean includeMovedOut) {
        DataScope scope = policy.scope(RegistryPermission.READ);
        return jdbc.sql(SUMMARY + """
                         where p.household_id = ? and p.area_code like any (?) and (? or p.moved_out_at is null)
                         order by p.moved_out_at nulls first, p.relationship, p.birth_date nulls last, p.id""")
                .params(householdId, scope.likePatterns(), includeMovedOut).query(ResidentSummary.class).list();
    }

    /** One resident, masked; 404 when unknown or outside the caller's scope. */
    public ResidentView get(long id) {
        DataScope scope = policy.scope(RegistryPermission.READ);
        record Row(long id, long householdId, long roomId, String name, String gender, LocalDate birthDate,
                   String idNumberMasked, String phoneMasked, String relationship, String populationKind,
                   boolean registeredHere, boolean livesHere, String registeredAddress, String inflowReason,
                   String workplace, LocalDate arrivedOn, LocalDate leftOn, String areaCode, String doorPlate,
                   java.time.OffsetDateTime movedInAt, String movedInBy, java.time.OffsetDateTime movedOutAt,
                   String movedOutReason, int version) {
        }
        Row r = jdbc.sql("""
                        select p.id, p.household_id, h.room_id, p.name, p.gender, p.birth_date, p.id_number_masked,
                               p.phone_masked, p.relationship, p.population_kind, p.registered_here, p.lives_here,
                               p.registered_address, p.inflow_reason, p.workplace, p.arrived_on, p.left_on,
                               p.area_code, r.door_plate, p.moved_in_at, p.moved_in_by, p.moved_out_at,
                               p.moved_out_reason, p.version
                        from registry_resident p join registry_household h on h.id = p.household_id
                        join registry_room r on r.id = h.room_id
                        where p.id = ? and p.area_code like any (?)""")
                .params(id, scope.likePatterns()).query(Row.class).optional()
                .orElseThrow(() -> notFound(id));
        List<CareTags.Tag> tags = policy.allows(RegistryPermission.READ_CARE, r.areaCode())
                ? CareTags.activeOf(jdbc, List.of(id)).getOrDefault(id, List.of()) : null;
        return new ResidentView(r.id(), r.householdId(), r.roomId(), r.name(), r.gender(), r.birthDate(),
                r.idNumberMasked(), r.phoneMasked(), r.relationship(), r.populationKind(), r.registeredHere(),
                r.livesHere(), r.registeredAddress(), r.inflowReason(), r.workplace(), r.arrivedOn(), r.leftOn(),
                r.areaCode(), r.doorPlate(), r.movedInAt().toInstant(), r.movedInBy(),
                r.movedOutAt() == null ? null : r.movedOutAt().toInstant(), r.movedOutReason(), r.version(), tags);
    }

    public boolean mayUnmask(String areaCode) {
        return policy.allows(RegistryPermission.UNMASK, areaCode);
    }

    public boolean mayEdit(String areaCode) {
        return policy.allows(RegistryPermission.EDIT, areaCode);
    }

    /** A resident's full ID and phone number, for a stated reason; success and refusal are audited. */
    @Transactional
    public Unmasked unmask(long id, String reason) {
        String target = "resident:" + id;
        record Enc(String areaCode, byte[] idNumberEnc, byte[] phoneEnc) {
        }
        Enc enc = jdbc.sql("""
                        select area_code, id_number_enc, phone_enc from registry_resident
                        where id = ? and area_code like any (?)""")
                .params(id, policy.scope(RegistryPermission.READ).likePatterns()).query(Enc.class).optional()
                .orElse(null);
        Unmasking.require(policy, audit, target, enc == null ? null : enc.areaCode(), reason, "idNumber, phone",
                "the full ID number and phone", () -> notFound(id));
        return new Unmasked(id, cipher.decrypt(enc.idNumberEnc()), cipher.decrypt(enc.phoneEnc()));
    }

    /** Moves a resident into a household (which lies in the caller's area). */
    @Transactional
    public long moveIn(long householdId, ResidentInput in) {
        Households.Home home = Households.home(jdbc, householdId, policy.scope(RegistryPermission.READ))
                .orElseThrow(() -> new NotFoundException("No household " + householdId + " in your area."));
        policy.check(RegistryPermission.EDIT, home.areaCode());
        if (home.ended()) {
            throw new ConflictException("This household has ended; register a new one.");
        }
        return insert(home, clean(in, true), householdId);
    }

    long insert(Households.Home home, Clean c, long householdId) {
        if (Checks.HEAD.equals(c.relationship()) && headOf(householdId) != null) {
            throw new ConflictException("This household already has a head (户主); change that member first.");
        }
        if (c.idNumber() != null) {
            requireNotLivingElsewhere(c.idNumber(), null);
        }
        Instant now = Instant.now(clock);
        String actor = CurrentUser.actor();
        long id;
        try {
            id = jdbc.sql("""
                            insert into registry_resident (household_id, area_code, name, name_grams, gender,
                              birth_date, id_number_enc, id_number_index, id_number_masked, phone_enc, phone_index, phone_masked,
                              relationship, population_kind, registered_here, lives_here, registered_address,
                              inflow_reason, workplace, arrived_on, moved_in_at, moved_in_by, changed_at, changed_by)
                            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                            returning id""")
                    .params(householdId, home.areaCode(), c.name(), nameGrams(c.name()), c.gender(), c.birthDate(),
                            cipher.encrypt(c.idNumber()), cipher.blindIndex(c.idNumber()),
                            Masking.idNumber(c.idNumber()), cipher.encrypt(c.phone()), cipher.blindIndex(c.phone()),
                            Masking.phone(c.phone()), c.relationship(), c.populationKind(), c.registeredHere(),
                            c.livesHere(), c.registeredAddress(), c.inflowReason(), c.workplace(), c.arrivedOn(),
                            Rooms.utc(now), actor, Rooms.utc(now), actor)
                    .query(Long.class).single();
        } catch (DuplicateKeyException e) {
            throw livingElsewhere();
        }
        audit.record("REGISTRY_RESIDENT_MOVE_IN", "resident:" + id, "household:" + householdId,
                AuditTrail.Outcome.SUCCESS);
        events.publishEvent(new RegistryEvents.ResidentMovedIn(id, householdId, home.areaCode(), c.populationKind(),
                c.livesHere(), now, actor));
        return id;
    }

    /** Changes a resident's record; {@code version} guards against overwriting someone else's change. */
    @Transactional
    public void change(long id, int version, ResidentInput in) {
        ResidentView r = get(id);
        policy.check(RegistryPermission.EDIT, r.areaCode());
        if (r.movedOut()) {
            throw new ConflictException("This resident has moved out; the record is kept as it was.");
        }
        Clean c = clean(in, false);
        if (Checks.HEAD.equals(c.relationship())) {
            Long head = headOf(r.householdId());
            if (head != null && head != id) {
                throw new ConflictException("This household already has a head (户主); change that member first.");
            }
        }
        if (c.idNumber() != null) {
            requireNotLivingElsewhere(c.idNumber(), id);
        }
        Instant now = Instant.now(clock);
        int n;
        try {
            n = jdbc.sql("""
                            update registry_resident set name = ?, name_grams = ?, gender = coalesce(?, gender),
                              birth_date = coalesce(?, birth_date),
                              id_number_enc = coalesce(?, id_number_enc), id_number_index = coalesce(?, id_number_index),
                              id_number_masked = coalesce(?, id_number_masked), phone_enc = coalesce(?, phone_enc),
                              phone_index = coalesce(?, phone_index), phone_masked = coalesce(?, phone_masked),
                              relationship = ?, population_kind = ?, registered_here = ?, lives_here = ?,
                              registered_address = ?, inflow_reason = ?, workplace = ?, arrived_on = ?,
                              changed_at = ?, changed_by = ?, version = version + 1
                            where id = ? and version = ? and moved_out_at is null""")
                    .params(c.name(), nameGrams(c.name()), c.gender(), c.birthDate(), cipher.encrypt(c.idNumber()),
                            cipher.blindIndex(c.idNumber()), Masking.idNumber(c.idNumber()), cipher.encrypt(c.phone()),
                            cipher.blindIndex(c.phone()), Masking.phone(c.phone()), c.relationship(),
                            c.populationKind(), c.registeredHere(), c.livesHere(), c.registeredAddress(),
                            c.inflowReason(), c.workplace(), c.arrivedOn(), Rooms.utc(now), CurrentUser.actor(), id,
                            version)
                    .update();
        } catch (DuplicateKeyException e) {
            throw livingElsewhere();
        }
        if (n == 0) {
            throw new ConflictException("Someone else changed this resident in the meantime; reload and try again.");
        }
        StringBuilder what = new StringBuilder("record");
        if (c.idNumber() != null) {
            what.append(", idNumber");
        }
        if (c.phone() != null) {
            what.append(", phone");
        }
        audit.record("REGISTRY_RESIDENT_CHANGE", "resident:" + id, what.toString(), AuditTrail.Outcome.SUCCESS);
        events.publishEvent(new RegistryEvents.ResidentChanged(id, r.householdId(), r.areaCode(), c.populationKind(),
                now, CurrentUser.actor()));
    }

    /** Records that a resident moved out (or left the floating population here) on a day, with the reason. */
    @Transactional
    public void moveOut(long id, String reason, String leftOn) {
        ResidentView r = get(id);
        policy.check(RegistryPermission.EDIT, r.areaCode());
        String why = Checks.reason(reason, "the resident moved out");
        LocalDate left = Checks.date(leftOn, "The day of leaving");
        LocalDate today = LocalDate.now(clock.withZone(ZONE));
        if (left == null) {
            left = today;
        }
        if (left.isAfter(today)) {
            throw new InvalidRequestException("The day of leaving cannot lie in the future.");
        }
        Instant now = Instant.now(clock);
        int n = jdbc.sql("""
                        update registry_resident set moved_out_at = ?, moved_out_by = ?, moved_out_reason = ?,
                          left_on = ?, version = version + 1
                        where id = ? and moved_out_at is null""")
                .params(Rooms.utc(now), CurrentUser.actor(), why, left, id).update();
        if (n == 0) {
            throw new ConflictException("This resident has already moved out.");
        }
        List<CareTags.Tag> ended = CareTags.activeOf(jdbc, List.of(id)).getOrDefault(id, List.of());
        CareTags.removeAllOf(jdbc, id, "moved out", now);
        for (CareTags.Tag t : ended) {
            events.publishEvent(new RegistryEvents.CareTagRemoved(t.id(), id, r.areaCode(), t.kind(), now,
                    CurrentUser.actor()));
        }
        audit.record("REGISTRY_RESIDENT_MOVE_OUT", "resident:" + id, "reason: " + why, AuditTrail.Outcome.SUCCESS);
        events.publishEvent(new RegistryEvents.ResidentMovedOut(id, r.householdId(), r.areaCode(), r.populationKind(),
                now, CurrentUser.actor()));
    }

    Long headOf(long householdId) {
        return jdbc.sql("""
                        select id from registry_resident where household_id = ? and relationship = '02'
                          and moved_out_at is null limit 1""")
                .param(householdId).query(Long.class).optional().orElse(null);
    }

    private void requireNotLivingElsewhere(String idNumber, Long except) {
        long n = jdbc.sql("""
                        select count(*) from registry_resident where id_number_index = ? and moved_out_at is null
                          and (?::bigint is null or id <> ?)""")
                .params(cipher.blindIndex(idNumber), except, except).query(Long.class).single();
        if (n > 0) {
            throw livingElsewhere();
        }
    }

    private static ConflictException livingElsewhere() {
        return new ConflictException("A resident with this ID number is registered as living in another household;"
                + " record the move-out there first.");
    }

    /** A resident's input, checked and completed. */
    record Clean(String name, String gender, LocalDate birthDate, String idNumber, String phone, String relationship,
                 String populationKind, boolean registeredHere, boolean livesHere, String registeredAddress,
                 String inflowReason, String workplace, LocalDate arrivedOn) {
    }

    Clean clean(ResidentInput in, boolean creating) {
        return clean(in, LocalDate.now(clock.withZone(ZONE)));
    }

    /** Validates a resident's input (also used by the import, row by row). */
    static Clean clean(ResidentInput in, LocalDate today) {
        if (in == null) {
            throw new InvalidRequestException("No resident was sent.");
        }
        String name = Checks.required(in.name(), "The name", 60);
        String id = IdNumbers.normaliseId(in.idNumber());
        if (id != null && !IdNumbers.isValidId(id)) {
            throw new InvalidRequestException("The ID number is not a valid 18-character resident ID number"
                    + " (GB 11643 check character or birth date wrong).");
        }
        String phone = IdNumbers.normalisePhone(in.phone());
        if (phone != null && !IdNumbers.isValidPhone(phone)) {
            throw new InvalidRequestException("The phone number must be an 11-digit mobile number or a landline"
                    + " with area code.");
        }
        String gender = Checks.oneOf(in.gender(), Set.of("M", "F"), "The gender");
        LocalDate birth = Checks.date(in.birthDate(), "The birth date");
        if (id != null) {
            String fromId = IdNumbers.genderOf(id);
            if (gender != null && !gender.equals(fromId)) {
                throw new InvalidRequestException("The gender does not match the ID number.");
            }
            gender = fromId;
            LocalDate fromIdBirth;
            try {
                fromIdBirth = LocalDate.parse(id.substring(6, 10) + "-" + id.substring(10, 12) + "-"
                        + id.substring(12, 14));
            } catch (java.time.DateTimeException e) {
                throw new InvalidRequestException("The ID number holds no valid birth date.");
            }
            if (birth != null && !birth.equals(fromIdBirth)) {
                throw new InvalidRequestException("The birth date does not match the ID number.");
            }
            birth = fromIdBirth;
        }
        if (birth != null && (birth.isAfter(today) || birth.isBefore(LocalDate.of(1890, 1, 1)))) {
            throw new InvalidRequestException("The birth date is not plausible.");
        }
        String rel = Checks.text(in.relationship());
        if (rel == null) {
            rel = "99";
        }
        if (!Checks.RELATIONSHIPS.containsKey(rel)) {
            throw new InvalidRequestException("The relationship must be a GB/T 4761 code: "
                    + new java.util.TreeSet<>(Checks.RELATIONSHIPS.keySet()) + ".");
        }
        String kind = Checks.oneOf(in.populationKind(), Checks.POPULATION_KINDS, "The population kind");
        if (kind == null) {
            kind = "REGISTERED";
        }
        boolean registeredHere = in.registeredHere() != null ? in.registeredHere() : kind.equals("REGISTERED");
        if (!kind.equals("REGISTERED") && registeredHere) {
            throw new InvalidRequestException("Floating residents and foreigners are not registered here.");
        }
        boolean livesHere = in.livesHere() == null || in.livesHere();
        String registeredAddress = Checks.optional(in.registeredAddress(), "The registered address", 200);
        String reason = Checks.oneOf(in.inflowReason(), Checks.INFLOW_REASONS, "The reason for coming");
        String workplace = Checks.optional(in.workplace(), "The workplace", 120);
        LocalDate arrived = Checks.date(in.arrivedOn(), "The day of arrival");
        if (arrived != null && arrived.isAfter(today)) {
            throw new InvalidRequestException("The day of arrival cannot lie in the future.");
        }
        if (kind.equals("FLOATING") && arrived == null) {
            arrived = today;
        }
        return new Clean(name, gender, birth, id, phone, rel, kind, registeredHere, livesHere, registeredAddress,
                kind.equals("REGISTERED") ? null : reason, workplace, arrived);
    }

    static NotFoundException notFound(long id) {
        return new NotFoundException("No resident " + id + " in your area.");
    }

    static List<Long> ids(List<ResidentSummary> rows) {
        List<Long> ids = new ArrayList<>(rows.size());
        rows.forEach(r -> ids.add(r.id()));
        return ids;
    }
}
