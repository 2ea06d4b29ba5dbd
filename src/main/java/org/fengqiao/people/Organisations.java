package org.fengqiao.people;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.fengqiao.audit.AuditTrail;
import org.fengqiao.geography.AreaDirectory;
import org.fengqiao.platform.AccessPolicy;
import org.fengqiao.platform.ConflictException;
import org.fengqiao.platform.DataScope;
import org.fengqiao.platform.InvalidRequestException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Governance centers, departments (an organisation under a parent), police stations, mediation bodies. */
@Service
public class Organisations {

    public static final Set<String> KINDS = Set.of("CENTER", "DEPARTMENT", "POLICE_STATION", "MEDIATION",
            "ENTERPRISE", "COMMUNITY_ORG");
    private static final Pattern CODE = Pattern.compile("[A-Za-z0-9_-]{2,40}");

    private final JdbcClient jdbc;
    private final AccessPolicy policy;
    private final AreaDirectory areas;
    private final AuditTrail audit;

    Organisations(JdbcClient jdbc, AccessPolicy policy, AreaDirectory areas, AuditTrail audit) {
        this.jdbc = jdbc;
        this.policy = policy;
        this.areas = areas;
        this.audit = audit;
    }

    public record Organisation(long id, String code, String name, String kind, String areaCode, String areaName,
                               Long parentId, String parentName, OffsetDateTime createdAt) {
    }

    public record OrganisationInput(String code, String name, String kind, String areaCode, Long parentId) {
    }

    /** An enterprise organisation (kind ENTERPRISE), for modules that keep something per enterprise. */
    public record Enterprise(String code, String name, String areaCode, boolean retired) {
    }

    /** Every enterprise, retired ones too. */
    public List<Enterprise> enterprises() {
        return jdbc.sql("""
                        select code, name, area_code, retired_at is not null as retired from organisation
                        where kind = 'ENTERPRISE' order by code""")
                .query(Enterprise.class).list();
    }

    /** A department the center may dispatch to. */
    public record Department(long id, String code, String name, String areaCode) {
    }

    /** An active department by id (for dispatching): no user scope, the caller checks its own permission. */
    public java.util.Optional<Department> department(long id) {
        return jdbc.sql("""
                        select id, code, name, area_code from organisation
                        where id = ? and kind = 'DEPARTMENT' and retired_at is null""")
                .param(id).query(Department.class).optional();
    }

    /** Active departments at the area's county or along its path, nearest level last. */
    public List<Department> departmentsAlong(String areaCode) {
        return jdbc.sql("""
                        select id, code, name, area_code from organisation
                        where kind = 'DEPARTMENT' and retired_at is null and ? like area_code || '%'
                        order by length(area_code), name""")
                .param(areaCode).query(Department.class).list();
    }

    public List<Organisation> list(String kind) {
        DataScope scope = policy.requireScope(PeoplePermission.READ_ORGANISATIONS);
        String k = kind == null || kind.isBlank() ? null : kind;
        List<Organisation> rows = jdbc.sql("""
                        select o.id, o.code, o.name, o.kind, o.area_code, null as area_name, o.parent_id,
                               p.name as parent_name, o.created_at
                        from organisation o
                        left join organisation p on p.id = o.parent_id
                        where o.area_code like any (?) and o.retired_at is null and (?::text is null or o.kind = ?)
                        order by o.area_code, o.kind, o.name limit 1000""")
                .params(scope.likePatterns(), k, k).query(Organisation.class).list();
        Map<String, String> names = areas.namesOf(rows.stream().map(Organisation::areaCode).toList());
        return rows.stream().map(o -> new Organisation(o.id(), o.code(), o.name(), o.kind(), o.areaCode(),
                names.get(o.areaCode()), o.parentId(), o.parentName(), o.createdAt())).toList();
    }

    /**
     * An active organisation's particulars by id, whoever asks: an organisation's name, kind and area are not personal
     * data, and other modules that reference organisations by id (mediation sites, courts) need them.
     */
    public java.util.Optional<Organisation> byId(long id) {
        return jdbc.sql("""
                        select o.id, o.code, o.name, o.kind, o.area_code, null as area_name, o.parent_id,
                               p.name as parent_name, o.created_at
                        from organisation o
                        left join organisation p on p.id = o.parent_id
                        where o.id = ? and o.retired_at is null""")
                .param(id).query(Organisation.class).optional()
                .map(o -> new Organisation(o.id(), o.code(), o.name(), o.kind(), o.areaCode(),
                        areas.nameOf(o.areaCode()), o.parentId(), o.parentName(), o.createdAt()));
    }

    /**
     * Organisations' names by id, retired ones included (figures of past periods name the departments that handled
     * them), whoever asks: names are not personal data. One query by primary key, for lists such as a dashboard's.
     */
    public Map<Long, String> namesOf(java.util.Collection<Long> ids) {
        Map<Long, String> out = new java.util.HashMap<>();
        if (!ids.isEmpty()) {
            jdbc.sql("select id, name from organisation where id = any(?)").param(ids.toArray(Long[]::new))
                    .query((rs, n) -> out.put(rs.getLong(1), rs.getString(2))).list();
        }
        return out;
    }

    /** Whether the signed-in user may register organisations somewhere (to show the form). */
    public boolean mayCreate() {
        return policy.holds(PeoplePermission.EDIT_ORGANISATIONS);
    }

    @Transactional
    public long create(OrganisationInput in) {
        DataScope scope = policy.requireScope(PeoplePermission.EDIT_ORGANISATIONS);
        if (in == null) {
            throw new InvalidRequestException("No organisation data was sent.");
        }
        String code = in.code() == null ? "" : in.code().strip();
        if (!CODE.matcher(code).matches()) {
            throw new InvalidRequestException("The code must have 2 to 40 letters, digits, '-' or '_'.");
        }
        String name = in.name() == null ? "" : in.name().strip();
        if (name.isEmpty() || name.length() > 120) {
            throw new InvalidRequestException("The name is required and may have at most 120 characters.");
        }
        if (in.kind() == null || !KINDS.contains(in.kind())) {
            throw new InvalidRequestException("The kind must be one of " + KINDS + ".");
        }
        String area = in.areaCode() == null ? "" : in.areaCode().strip();
        if (!areas.isActiveIn(area, scope)) {
            throw new InvalidRequestException("The area code '" + PersonDirectory.limit(area)
                    + "' does not exist or lies outside your area.");
        }
        if (in.parentId() != null) {
            long n = jdbc.sql("select count(*) from organisation where id = ? and area_code like any (?)")
                    .params(in.parentId(), scope.likePatterns()).query(Long.class).single();
            if (n == 0) {
                throw new InvalidRequestException("The parent organisation does not exist or lies outside your area.");
            }
        }
        if (jdbc.sql("select count(*) from organisation where code = ?").param(code).query(Long.class).single() > 0) {
            throw new ConflictException("An organisation with code '" + code + "' already exists.");
        }
        long id = jdbc.sql("""
                        insert into organisation (code, name, kind, area_code, parent_id) values (?, ?, ?, ?, ?)
                        returning id""")
                .params(code, name, in.kind(), area, in.parentId()).query(Long.class).single();
        audit.record("ORGANISATION_CREATE", "organisation:" + id, code + " " + in.kind() + " in " + area,
                AuditTrail.Outcome.SUCCESS);
        return id;
    }
}
