package org.fengqiao.people;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import org.fengqiao.geography.AreaDirectory;
import org.fengqiao.platform.CurrentUser;
import org.fengqiao.platform.Role;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Reads the role assignments of persons: what login puts into the session, and what the session checks to stay in
 * step. Granting and revoking is {@link RoleGrants}.
 */
@Service
public class RoleAssignments {

    private final JdbcClient jdbc;
    private final AreaDirectory areas;

    RoleAssignments(JdbcClient jdbc, AreaDirectory areas) {
        this.jdbc = jdbc;
        this.areas = areas;
    }

    public record Assignment(long id, long personId, String role, String areaCode, String areaName,
                             Long organisationId, String organisationName, String workerType,
                             OffsetDateTime grantedAt, String grantedBy) {
    }

    /**
     * Whether the person is active (known, not retired) and a stamp of their active assignments that changes
     * whenever one is granted or revoked.
     */
    public record PostsStatus(boolean personActive, String stamp) {
    }

    /** Every active post of a person (none when the person is retired): what login puts into the session. */
    public List<CurrentUser.Assignment> postsOf(long personId) {
        record Row(String role, String areaCode, Long organisationId) {
        }
        return jdbc.sql("""
                        select r.role, r.area_code, r.organisation_id from role_assignment r
                        join person p on p.id = r.person_id
                        where r.person_id = ? and r.revoked_at is null and p.retired_at is null order by r.id""")
                .param(personId).query(Row.class).list().stream()
                .map(r -> new CurrentUser.Assignment(Role.valueOf(r.role()), r.areaCode(), r.organisationId()))
                .toList();
    }

    /**
     * Who holds this role with an assignment covering the area (the area itself or an ancestor), for notices:
     * active assignments of persons not retired.
     */
    public List<Long> holdersCovering(Role role, String areaCode) {
        return jdbc.sql("""
                        select distinct r.person_id from role_assignment r join person p on p.id = r.person_id
                        where r.role = ? and r.revoked_at is null and p.retired_at is null
                          and ? like r.area_code || '%'""")
                .params(role.name(), areaCode).query(Long.class).list();
    }

    /** Who handles cases for this organisation (DEPARTMENT_HANDLER assignments for it), for notices. */
    public List<Long> handlersOf(long organisationId) {
        return jdbc.sql("""
                        select distinct r.person_id from role_assignment r join person p on p.id = r.person_id
                        where r.organisation_id = ? and r.revoked_at is null and p.retired_at is null
                          and r.role = 'DEPARTMENT_HANDLER'""")
                .param(organisationId).query(Long.class).list();
    }

    /** Someone holding a role for an area (and, for some roles, an organisation). */
    public record Holder(long personId, String name, String areaCode, Long organisationId, String organisationName) {
    }

    /**
     * The active holders of a role whose assignment covers the area (is the area or an ancestor), the nearest first:
     * who must act on something there (a town leader named for an early warning, the court a liaison acts for).
     */
    public List<Holder> holdersCovering(String role, String areaCode) {
        return jdbc.sql("""
                        select r.person_id, p.name, r.area_code, r.organisation_id, o.name as organisation_name
                        from role_assignment r join person p on p.id = r.person_id
                        left join organisation o on o.id = r.organisation_id
                        where r.role = ? and r.revoked_at is null and p.retired_at is null and ? like r.area_code || '%'
                        order by length(r.area_code) desc, r.person_id limit 50""")
                .params(role, areaCode).query(Holder.class).list();
    }

    /** One indexed look-up for a session's periodic check. */
    public PostsStatus status(long personId) {
        return jdbc.sql("""
                        select p.retired_at is null as person_active,
                               (select coalesce(string_agg(r.id::text, ',' order by r.id), '')
                                from role_assignment r where r.person_id = p.id and r.revoked_at is null) as stamp
                        from person p where p.id = ?""")
                .param(personId).query(PostsStatus.class).optional().orElse(new PostsStatus(false, ""));
    }

    /** The active assignments of a person with area and organisation names. */
    public List<Assignment> activeOf(long personId) {
        record Row(long id, long personId, String role, String areaCode, Long organisationId,
                   String organisationName, String workerType, OffsetDateTime grantedAt, String grantedBy) {
        }
        List<Row> rows = jdbc.sql("""
                        select r.id, r.person_id, r.role, r.area_code, r.organisation_id,
                               o.name as organisation_name, r.worker_type, r.granted_at, r.granted_by
                        from role_assignment r
                        left join organisation o on o.id = r.organisation_id
                        where r.person_id = ? and r.revoked_at is null order by r.id""")
                .param(personId).query(Row.class).list();
        Map<String, String> names = areas.namesOf(rows.stream().map(Row::areaCode).toList());
        return rows.stream().map(r -> new Assignment(r.id(), r.personId(), r.role(), r.areaCode(),
                names.get(r.areaCode()), r.organisationId(), r.organisationName(), r.workerType(), r.grantedAt(),
                r.grantedBy())).toList();
    }
}
