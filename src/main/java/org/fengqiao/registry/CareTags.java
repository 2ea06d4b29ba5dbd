package org.fengqiao.registry;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.fengqiao.audit.AuditTrail;
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
 * Care tags (disabled, low income, single parent, elderly living alone, minor needing attention, community
 * correction, and the kinds a county adds): each set and removed with who, when and why. Seen only through
 * {@link RegistryPermission#READ_CARE}, changed through {@link RegistryPermission#EDIT_CARE}, both over the
 * resident's area: the strictest scope in the registry.
 */
@Service
public class CareTags {

    private final JdbcClient jdbc;
    private final AccessPolicy policy;
    private final AuditTrail audit;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    CareTags(JdbcClient jdbc, AccessPolicy policy, AuditTrail audit, ApplicationEventPublisher events, Clock clock) {
        this.jdbc = jdbc;
        this.policy = policy;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
    }

    /** An active tag on a resident. */
    public record Tag(long id, long residentId, String kind, String nameZh, String nameEn, String note, Instant setAt,
                      String setBy, String setReason) {
        public String label(Locale locale) {
            return locale != null && "en".equals(locale.getLanguage()) ? nameEn : nameZh;
        }
    }

    /** A kind of tag. */
    public record Kind(String code, String nameZh, String nameEn, boolean builtin) {
        public String label(Locale locale) {
            return locale != null && "en".equals(locale.getLanguage()) ? nameEn : nameZh;
        }
    }

    public List<Kind> kinds() {
        return jdbc.sql("select code, name_zh, name_en, builtin from registry_care_tag_kind where retired_at is null"
                + " order by builtin desc, code").query(Kind.class).list();
    }

    /** A county adds a kind of tag (e.g. 留守儿童, 重度精神障碍); built-in kinds cannot be changed. */
    @Transactional
    public void addKind(String code, String nameZh, String nameEn) {
        policy.checkCountyWide(RegistryPermission.CONFIGURE);
        String c = Checks.required(code, "The code", 24).toUpperCase(Locale.ROOT);
        if (!c.matches("[A-Z][A-Z0-9_]{1,23}")) {
            throw new InvalidRequestException("The code has 2 to 24 capital letters, digits or '_'.");
        }
        String zh = Checks.required(nameZh, "The Chinese name", 40);
        String en = Checks.required(nameEn, "The English name", 60);
        int n = jdbc.sql("""
                        insert into registry_care_tag_kind (code, name_zh, name_en, created_by) values (?, ?, ?, ?)
                        on conflict do nothing""")
                .params(c, zh, en, CurrentUser.actor()).update();
        if (n == 0) {
            throw new ConflictException("A kind of tag with code " + c + " exists already.");
        }
        audit.record("REGISTRY_CARE_KIND_ADD", "care-kind:" + c, zh + " / " + en, AuditTrail.Outcome.SUCCESS);
    }

    /** Sets a tag on a resident with the reason; a tag already set is not set twice. */
    @Transactional
    public long set(long residentId, String kind, String note, String reason) {
        String area = areaOf(residentId);
        policy.check(RegistryPermission.EDIT_CARE, area);
        String k = Checks.required(kind, "The kind of tag", 24).toUpperCase(Locale.ROOT);
        if (kinds().stream().noneMatch(x -> x.code().equals(k))) {
            throw new InvalidRequestException("There is no kind of care tag " + k + ".");
        }
        String why = Checks.reason(reason, "the tag is set");
        String n = Checks.optional(note, "The note", 500);
        Instant now = Instant.now(clock);
        Long id = jdbc.sql("""
                        insert into registry_care_tag (resident_id, area_code, kind_code, note, set_at, set_by,
                                                       set_reason)
                        select ?, ?, ?, ?, ?, ?, ? where not exists (
                          select 1 from registry_care_tag where resident_id = ? and kind_code = ? and removed_at is null)
                        returning id""")
                .params(residentId, area, k, n, Rooms.utc(now), CurrentUser.actor(), why, residentId, k)
                .query(Long.class).optional().orElse(null);
        if (id == null) {
            throw new ConflictException("This resident has this tag already.");
        }
        audit.record("REGISTRY_CARE_TAG_SET", "resident:" + residentId, k + "; reason: " + why,
                AuditTrail.Outcome.SUCCESS);
        events.publishEvent(new RegistryEvents.CareTagSet(id, residentId, area, k, now, CurrentUser.actor()));
        return id;
    }

    /** Removes an active tag with the reason (the tag stays in the history). */
    @Transactional
    public void remove(long tagId, String reason) {
        DataScope scope = policy.scope(RegistryPermission.READ_CARE);
        record Row(long residentId, String areaCode, String kindCode) {
        }
        Row r = jdbc.sql("""
                        select resident_id, area_code, kind_code from registry_care_tag
                        where id = ? and removed_at is null and area_code like any (?)""")
                .params(tagId, scope.likePatterns()).query(Row.class).optional()
                .orElseThrow(() -> new NotFoundException("No active care tag " + tagId + " in your area."));
        policy.check(RegistryPermission.EDIT_CARE, r.areaCode());
        String why = Checks.reason(reason, "the tag is removed");
        Instant now = Instant.now(clock);
        jdbc.sql("""
                        update registry_care_tag set removed_at = ?, removed_by = ?, removed_reason = ?
                        where id = ? and removed_at is null""")
                .params(Rooms.utc(now), CurrentUser.actor(), why, tagId).update();
        audit.record("REGISTRY_CARE_TAG_REMOVE", "resident:" + r.residentId(), r.kindCode() + "; reason: " + why,
                AuditTrail.Outcome.SUCCESS);
        events.publishEvent(new RegistryEvents.CareTagRemoved(tagId, r.residentId(), r.areaCode(), r.kindCode(), now,
                CurrentUser.actor()));
    }

    /** Residents in scope carrying a tag of this kind (a care worker's list), newest tags first. */
    public record Tagged(long tagId, long residentId, String name, String doorPlate, String areaCode, String kind,
                         Instant setAt) {
    }

    public List<Tagged> residentsTagged(String kind, String areaPrefix, int limit) {
        DataScope scope = policy.scope(RegistryPermission.READ_CARE);
        if (scope.isEmpty()) {
            return List.of();
        }
        String area = Checks.text(areaPrefix) == null ? null : areaPrefix.strip() + "%";
        String k = Checks.text(kind);
        return jdbc.sql("""
                        select t.id as tag_id, p.id as resident_id, p.name, r.door_plate, t.area_code, t.kind_code as kind,
                               t.set_at
                        from registry_care_tag t join registry_resident p on p.id = t.resident_id
                        join registry_household h on h.id = p.household_id join registry_room r on r.id = h.room_id
                        where t.removed_at is null and t.area_code like any (?) and (?::text is null or t.kind_code = ?)
                          and (?::text is null or t.area_code like ?)
                        order by t.set_at desc, t.id desc limit ?""")
                .params(scope.likePatterns(), k, k, area, area, Math.max(1, Math.min(limit, 500)))
                .query((rs, i) -> new Tagged(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getObject(7, OffsetDateTime.class).toInstant()))
                .list();
    }

    private String areaOf(long residentId) {
        return jdbc.sql("""
                        select area_code from registry_resident where id = ? and moved_out_at is null
                          and area_code like any (?)""")
                .params(residentId, policy.scope(RegistryPermission.READ).likePatterns()).query(String.class)
                .optional().orElseThrow(() -> Residents.notFound(residentId));
    }

    /** Active tags of these residents, by resident (callers decide first whether the user may see them). */
    static Map<Long, List<Tag>> activeOf(JdbcClient jdbc, List<Long> residentIds) {
        Map<Long, List<Tag>> out = new HashMap<>();
        if (residentIds.isEmpty()) {
            return out;
        }
        jdbc.sql("""
                        select t.id, t.resident_id, t.kind_code, k.name_zh, k.name_en, t.note, t.set_at, t.set_by,
                               t.set_reason
                        from registry_care_tag t join registry_care_tag_kind k on k.code = t.kind_code
                        where t.resident_id = any (?) and t.removed_at is null order by t.resident_id, t.kind_code""")
                .param(residentIds.toArray(Long[]::new))
                .query((rs, i) -> new Tag(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getObject(7, OffsetDateTime.class).toInstant(),
                        rs.getString(8), rs.getString(9)))
                .list().forEach(t -> out.computeIfAbsent(t.residentId(), x -> new java.util.ArrayList<>()).add(t));
        return out;
    }

    /** Ends every active tag of a resident who moved out. */
    static void removeAllOf(JdbcClient jdbc, long residentId, String reason, Instant now) {
        jdbc.sql("""
                        update registry_care_tag set removed_at = ?, removed_by = ?, removed_reason = ?
                        where resident_id = ? and removed_at is null""")
                .params(Rooms.utc(now), CurrentUser.actor(), reason, residentId).update();
    }
}
