package org.fengqiao.people;

import org.fengqiao.platform.IdNumbers;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.fengqiao.audit.AuditTrail;
import org.fengqiao.geography.AreaDirectory;
import org.fengqiao.platform.AccessPolicy;
import org.fengqiao.platform.ConflictException;
import org.fengqiao.platform.CurrentUser;
import org.fengqiao.platform.DataScope;
import org.fengqiao.platform.FieldCipher;
import org.fengqiao.platform.InvalidRequestException;
import org.fengqiao.platform.Masking;
import org.fengqiao.platform.NotFoundException;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Persons known to the platform (staff, volunteers). ID number and phone are stored encrypted with a blind index
 * and a masked copy; every query is limited to the caller's area subtrees in SQL; unmasking needs a permission and
 * a reason and is audited, refusals too.
 */
@Service
public class PersonDirectory {

    static final int MAX_PAGE = 200;

    private final JdbcClient jdbc;
    private final FieldCipher cipher;
    private final AuditTrail audit;
    private final RoleAssignments assignments;
    private final AccessPolicy policy;
    private final AreaDirectory areas;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    PersonDirectory(JdbcClient jdbc, FieldCipher cipher, AuditTrail audit, RoleAssignments assignments,
                    AccessPolicy policy, AreaDirectory areas, ApplicationEventPublisher events, Clock clock) {
        this.jdbc = jdbc;
        this.cipher = cipher;
        this.audit = audit;
        this.assignments = assignments;
        this.policy = policy;
        this.areas = areas;
        this.events = events;
        this.clock = clock;
    }

    public record PersonSummary(long id, String name, String gender, String idNumberMasked, String phoneMasked,
                                String areaCode, String areaName, OffsetDateTime retiredAt) {
        public boolean retired() {
            return retiredAt != null;
        }
    }

    public record PersonDetail(long id, String name, String gender, String idNumberMasked, String phoneMasked,
                               String areaCode, String areaName, OffsetDateTime retiredAt, String retiredReason,
                               OffsetDateTime createdAt, int version, List<RoleAssignments.Assignment> roles) {
        public boolean retired() {
            return retiredAt != null;
        }
    }

    /** What a form or the API sends; blank ID number or phone on an edit keeps the stored value. */
    public record PersonInput(String name, String gender, String idNumber, String phone, String areaCode) {
    }

    public record Unmasked(long id, String idNumber, String phone) {
    }

    /**
     * Persons in scope. A query that is a whole ID number or phone number is matched exactly through the blind
     * index; anything else matches names.
     */
    public List<PersonSummary> search(String query, String areaPrefix, boolean includeRetired, Long afterId,
                                      int limit) {
        DataScope scope = policy.requireScope(PeoplePermission.READ_PERSONS);
        String q = query == null ? "" : query.trim();
        byte[] idIndex = null;
        byte[] phoneIndex = null;
        String namePattern = null;
        if (!q.isEmpty()) {
            String asId = IdNumbers.normaliseId(q);
            String asPhone = IdNumbers.normalisePhone(q);
            if (IdNumbers.looksLikeId(asId)) {
                idIndex = cipher.blindIndex(asId);
            } else if (IdNumbers.looksLikePhone(asPhone)) {
                phoneIndex = cipher.blindIndex(asPhone);
            } else {
                namePattern = "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
            }
        }
        String area = areaPrefix == null || areaPrefix.isBlank() ? null : areaPrefix.trim() + "%";
        List<PersonSummary> rows = jdbc.sql("""
                        select p.id, p.name, p.gender, p.id_number_masked, p.phone_masked, p.area_code,
                               null as area_name, p.retired_at
                        from person p
                        where p.area_code like any (?)
                          and (?::bytea is null or p.id_number_index = ?)
                          and (?::bytea is null or p.phone_index = ?)
                          and (?::text is null or p.name like ?)
                          and (?::text is null or p.area_code like ?)
                          and (? or p.retired_at is null)
                          and (?::bigint is null or p.id > ?)
                        order by p.id limit ?""")
                .params(scope.likePatterns(), idIndex, idIndex, phoneIndex, phoneIndex, namePattern, namePattern,
                        area, area, includeRetired, afterId, afterId, Math.max(1, Math.min(limit, MAX_PAGE)))
                .query(PersonSummary.class).list();
        Map<String, String> names = areas.namesOf(rows.stream().map(PersonSummary::areaCode).toList());
        return rows.stream().map(p -> new PersonSummary(p.id(), p.name(), p.gender(), p.idNumberMasked(),
                p.phoneMasked(), p.areaCode(), names.get(p.areaCode()), p.retiredAt())).toList();
    }

    /** One person, masked; 404 when unknown or outside the caller's scope. */
    public PersonDetail get(long id) {
        DataScope scope = policy.requireScope(PeoplePermission.READ_PERSONS);
        record Row(long id, String name, String gender, String idNumberMasked, String phoneMasked, String areaCode,
                   String areaName, OffsetDateTime retiredAt, String retiredReason, OffsetDateTime createdAt,
                   int version) {
        }
        Row r = jdbc.sql("""
                        select p.id, p.name, p.gender, p.id_number_masked, p.phone_masked, p.area_code,
                               null as area_name, p.retired_at, p.retired_reason, p.created_at, p.version
                        from person p
                        where p.id = ? and p.area_code like any (?)""")
                .params(id, scope.likePatterns()).query(Row.class).optional()
                .orElseThrow(() -> notFound(id));
        return new PersonDetail(r.id(), r.name(), r.gender(), r.idNumberMasked(), r.phoneMasked(), r.areaCode(),
                areas.nameOf(r.areaCode()), r.retiredAt(), r.retiredReason(), r.createdAt(), r.version(),
                assignments.activeOf(id));
    }

    /** Whether the signed-in user may unmask a person of this area (to show or hide the form). */
    public boolean mayUnmask(String areaCode) {
        return policy.allows(PeoplePermission.UNMASK_PERSONS, areaCode);
    }

    /** Whether the signed-in user may edit a person of this area. */
    public boolean mayEdit(String areaCode) {
        return policy.allows(PeoplePermission.EDIT_PERSONS, areaCode);
    }

    /** Whether the signed-in user may register persons somewhere. */
    public boolean mayRegister() {
        return policy.holds(PeoplePermission.EDIT_PERSONS);
    }

    /**
     * The plain ID number and phone, for a LEADER, SHIFT_LEAD or SECURITY_ADMIN whose role covers the person's area
     * and who states why. Success and every refusal are audited with who, what and why.
     */
    @Transactional
    public Unmasked unmask(long id, String reason) {
        String target = "person:" + id;
        String why = reason == null ? "" : reason.strip();
        DataScope scope = policy.scope(PeoplePermission.UNMASK_PERSONS);
        if (scope.isEmpty()) {
            audit.recordIndependently(CurrentUser.actor(), "PERSON_UNMASK", target, "no permission; reason: "
                    + limit(why), AuditTrail.Outcome.DENIED);
            throw new AccessDeniedException("None of your role assignments allows unmasking.");
        }
        if (why.length() < 4) {
            audit.recordIndependently(CurrentUser.actor(), "PERSON_UNMASK", target, "no reason given",
                    AuditTrail.Outcome.DENIED);
            throw new InvalidRequestException("State the reason for viewing the full ID number and phone"
                    + " (at least 4 characters).");
        }
        record Enc(byte[] idNumberEnc, byte[] phoneEnc) {
        }
        Enc enc = jdbc.sql("select id_number_enc, phone_enc from person where id = ? and area_code like any (?)")
                .params(id, scope.likePatterns()).query(Enc.class).optional().orElse(null);
        if (enc == null) {
            audit.recordIndependently(CurrentUser.actor(), "PERSON_UNMASK", target,
                    "unknown or outside scope; reason: " + limit(why), AuditTrail.Outcome.DENIED);
            throw notFound(id);
        }
        audit.record(CurrentUser.actor(), "PERSON_UNMASK", target, "fields: idNumber, phone; reason: " + limit(why),
                AuditTrail.Outcome.SUCCESS);
        return new Unmasked(id, cipher.decrypt(enc.idNumberEnc()), cipher.decrypt(enc.phoneEnc()));
    }

    @Transactional
    public long create(PersonInput in) {
        DataScope scope = policy.requireScope(PeoplePermission.EDIT_PERSONS);
        Clean c = validate(in, scope, true);
        if (c.idNumber() != null) {
            requireUniqueId(c.idNumber(), null);
        }
        long id = jdbc.sql("""
                        insert into person (name, gender, id_number_enc, id_number_index, id_number_masked,
                                            phone_enc, phone_index, phone_masked, area_code, created_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id""")
                .params(c.name(), c.gender(), cipher.encrypt(c.idNumber()), cipher.blindIndex(c.idNumber()),
                        Masking.idNumber(c.idNumber()), cipher.encrypt(c.phone()), cipher.blindIndex(c.phone()),
                        Masking.phone(c.phone()), c.areaCode(), OffsetDateTime.now(clock))
                .query(Long.class).single();
        audit.record("PERSON_CREATE", "person:" + id, "area " + c.areaCode(), AuditTrail.Outcome.SUCCESS);
        return id;
    }

    /** Edits name, gender, area and, when given, ID number and phone; {@code version} guards concurrent edits. */
    @Transactional
    public void update(long id, int version, PersonInput in) {
        DataScope scope = policy.requireScope(PeoplePermission.EDIT_PERSONS);
        Integer current = jdbc.sql("select version from person where id = ? and area_code like any (?)")
                .params(id, scope.likePatterns()).query(Integer.class).optional().orElseThrow(() -> notFound(id));
        Clean c = validate(in, scope, false);
        if (c.idNumber() != null) {
            requireUniqueId(c.idNumber(), id);
        }
        int n = jdbc.sql("""
                        update person set name = ?, gender = ?, area_code = ?,
                               id_number_enc = coalesce(?, id_number_enc),
                               id_number_index = coalesce(?, id_number_index),
                               id_number_masked = coalesce(?, id_number_masked),
                               phone_enc = coalesce(?, phone_enc), phone_index = coalesce(?, phone_index),
                               phone_masked = coalesce(?, phone_masked), version = version + 1
                        where id = ? and version = ?""")
                .params(c.name(), c.gender(), c.areaCode(), cipher.encrypt(c.idNumber()),
                        cipher.blindIndex(c.idNumber()), Masking.idNumber(c.idNumber()), cipher.encrypt(c.phone()),
                        cipher.blindIndex(c.phone()), Masking.phone(c.phone()), id, version)
                .update();
        if (n == 0) {
            throw new ConflictException("Someone else changed this person in the meantime (version " + current
                    + "); reload and try again.");
        }
        StringBuilder changed = new StringBuilder("name, gender, area " + c.areaCode());
        if (c.idNumber() != null) {
            changed.append(", idNumber");
        }
        if (c.phone() != null) {
            changed.append(", phone");
        }
        audit.record("PERSON_UPDATE", "person:" + id, changed.toString(), AuditTrail.Outcome.SUCCESS);
    }

    /** Retires a person (nothing is deleted) and revokes their active roles. */
    @Transactional
    public void retire(long id, String reason) {
        DataScope scope = policy.requireScope(PeoplePermission.EDIT_PERSONS);
        String why = reason == null ? "" : reason.strip();
        if (why.length() < 2) {
            throw new InvalidRequestException("State why this person is retired.");
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        int n = jdbc.sql("""
                        update person set retired_at = ?, retired_reason = ?, retired_by = ?, version = version + 1
                        where id = ? and area_code like any (?) and retired_at is null""")
                .params(now, limit(why), CurrentUser.actor(), id, scope.likePatterns()).update();
        if (n == 0) {
            // 404 unless one of the posts that may edit covers the person; then it was retired already
            jdbc.sql("select id from person where id = ? and area_code like any (?)")
                    .params(id, scope.likePatterns()).query(Long.class).optional().orElseThrow(() -> notFound(id));
            throw new ConflictException("This person is already retired.");
        }
        jdbc.sql("""
                        update role_assignment set revoked_at = ?, revoked_by = ?, revoked_reason = ?
                        where person_id = ? and revoked_at is null""")
                .params(now, CurrentUser.actor(), "person retired: " + limit(why), id).update();
        events.publishEvent(new RoleAssignmentsChanged(id, "PERSON_RETIRED"));
        audit.record("PERSON_RETIRE", "person:" + id, "reason: " + limit(why), AuditTrail.Outcome.SUCCESS);
    }

    /** Whether an area with this code exists (not retired) inside the scope. */
    boolean areaInScope(String code, DataScope scope) {
        return areas.isActiveIn(code, scope);
    }

    private record Clean(String name, String gender, String idNumber, String phone, String areaCode) {
    }

    private Clean validate(PersonInput in, DataScope scope, boolean creating) {
        if (in == null) {
            throw new InvalidRequestException("No person data was sent.");
        }
        String name = in.name() == null ? "" : in.name().strip();
        if (name.isEmpty() || name.length() > 60) {
            throw new InvalidRequestException("The name is required and may have at most 60 characters.");
        }
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
        String gender = in.gender() == null || in.gender().isBlank() ? null : in.gender().strip().toUpperCase();
        if (gender != null && !Set.of("M", "F").contains(gender)) {
            throw new InvalidRequestException("Gender must be M or F.");
        }
        if (id != null) {
            String fromId = IdNumbers.genderOf(id);
            if (gender == null) {
                gender = fromId;
            } else if (!gender.equals(fromId)) {
                throw new InvalidRequestException("The gender does not match the ID number.");
            }
        }
        String area = in.areaCode() == null ? "" : in.areaCode().strip();
        if (area.isEmpty() || !areaInScope(area, scope)) {
            throw new InvalidRequestException("The area code '" + limit(area)
                    + "' does not exist or lies outside your area.");
        }
        return new Clean(name, gender, id, phone, area);
    }

    private void requireUniqueId(String idNumber, Long except) {
        long n = jdbc.sql("""
                        select count(*) from person where id_number_index = ? and retired_at is null
                          and (?::bigint is null or id <> ?)""")
                .params(cipher.blindIndex(idNumber), except, except).query(Long.class).single();
        if (n > 0) {
            throw new ConflictException("A person with this ID number is already registered.");
        }
    }

    private static NotFoundException notFound(long id) {
        return new NotFoundException("No person " + id + " in your area.");
    }

    static String limit(String s) {
        return s == null ? null : s.length() > 500 ? s.substring(0, 500) : s;
    }
}
