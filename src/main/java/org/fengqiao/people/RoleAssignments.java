package org.fengqiao.people;

import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;

import org.fengqiao.platform.CurrentUser;
import org.fengqiao.platform.DataScope;
import org.fengqiao.platform.Role;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;

/**
 * Reads the role assignments of persons. Permissions are checked against the database, not the login snapshot,
 * so a revoked role stops working at once; each permission reaches only the areas of the assignments granting it.
 */
@Service
public class RoleAssignments {

    private final JdbcClient jdbc;

    RoleAssignments(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public record Assignment(long id, long personId, String role, String areaCode, String areaName,
                             Long organisationId, String organisationName, String workerType,
                             OffsetDateTime grantedAt, String grantedBy) {
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

    /** The area subtrees in which this person holds one of these roles (empty: none). */
    public DataScope scopeOf(long personId, Collection<String> roles) {
        List<String> codes = jdbc.sql("""
                        select r.area_code from role_assignment r join person p on p.id = r.person_id
                        where r.person_id = ? and r.revoked_at is null and p.retired_at is null
                          and r.role = any (?)""")
                .params(personId, roles.toArray(String[]::new)).query(String.class).list();
        return DataScope.of(codes);
    }

    /** The signed-in user's scope for these roles; refused (403) when they hold none of them anywhere. */
    public DataScope requireScope(Collection<String> roles) {
        CurrentUser.User user = CurrentUser.get().orElseThrow(() -> new AccessDeniedException("not signed in"));
        DataScope scope = scopeOf(user.personId(), roles);
        if (scope.isEmpty()) {
            throw new AccessDeniedException("no role for this");
        }
        return scope;
    }

    /** Whether the signed-in user holds one of these roles somewhere. */
    public boolean currentUserHolds(Collection<String> roles) {
        return CurrentUser.get().map(u -> !scopeOf(u.personId(), roles).isEmpty()).orElse(false);
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

    public List<Assignment> activeOf(long personId) {
        return jdbc.sql("""
                        select r.id, r.person_id, r.role, r.area_code, a.name as area_name, r.organisation_id,
                               o.name as organisation_name, r.worker_type, r.granted_at, r.granted_by
                        from role_assignment r
                        left join area a on a.code = r.area_code
                        left join organisation o on o.id = r.organisation_id
                        where r.person_id = ? and r.revoked_at is null order by r.id""")
                .param(personId).query(Assignment.class).list();
    }
}
