package org.fengqiao.people;

import java.util.List;

import org.fengqiao.geography.AreaDirectory;
import org.fengqiao.platform.AccessPolicy;
import org.fengqiao.platform.DataScope;
import org.fengqiao.platform.Role;
import org.fengqiao.platform.NotFoundException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** Who serves an area: the people whose active role assignment is for exactly that area (for the map). */
@Service
public class GridRoster {

    private final JdbcClient jdbc;
    private final AccessPolicy policy;
    private final AreaDirectory areas;

    GridRoster(JdbcClient jdbc, AccessPolicy policy, AreaDirectory areas) {
        this.jdbc = jdbc;
        this.policy = policy;
        this.areas = areas;
    }

    private static final String[] ROSTER_ORDER = Role.ROSTER_ORDER.stream().map(Role::name).toArray(String[]::new);

    public record Member(long personId, String name, String role, String workerType, String phoneMasked) {
    }

    /** The roster of an area in the caller's scope; 404 when the area is unknown or outside it. */
    public List<Member> of(String areaCode) {
        DataScope scope = policy.requireScope(PeoplePermission.READ_PERSONS);
        if (areas.find(areaCode, scope).isEmpty()) {
            throw new NotFoundException("No area " + PersonDirectory.limit(areaCode) + " in your area.");
        }
        return jdbc.sql("""
                        select p.id as person_id, p.name, r.role, r.worker_type, p.phone_masked
                        from role_assignment r join person p on p.id = r.person_id
                        where r.area_code = ? and r.area_code like any (?)
                          and r.revoked_at is null and p.retired_at is null
                        order by coalesce(array_position(?, r.role::text), 99), p.name, p.id""")
                .params(areaCode, scope.likePatterns(), ROSTER_ORDER).query(Member.class).list();
    }
}
