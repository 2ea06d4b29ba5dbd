package org.fengqiao.people;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.fengqiao.audit.AuditTrail;
import org.fengqiao.geography.AreaDirectory;
import org.fengqiao.platform.AccessPolicy;
import org.fengqiao.platform.ConflictException;
import org.fengqiao.platform.CurrentUser;
import org.fengqiao.platform.DataScope;
import org.fengqiao.platform.InvalidRequestException;
import org.fengqiao.platform.NotFoundException;
import org.fengqiao.platform.Reasons;
import org.fengqiao.platform.Role;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Grants and revokes role assignments: the only writer of {@code role_assignment} besides retiring a person. Allowed
 * only when ONE of the user's posts grants {@link PeoplePermission#GRANT_ROLES} (the security administrator) and
 * covers both the person and the area of the role; nobody grants themselves a role; one person never holds two of
 * the three admin roles (三员分立). Every change needs a reason and is audited, refusals too. Each change publishes
 * {@link RoleAssignmentsChanged} so that open sessions follow at once.
 */
@Service
public class RoleGrants {

    private static final Set<String> WORKER_TYPES = Set.of("FULL_TIME", "PART_TIME", "PROFESSIONAL");

    private final JdbcClient jdbc;
    private final AccessPolicy policy;
    private final AreaDirectory areas;
    private final AuditTrail audit;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    RoleGrants(JdbcClient jdbc, AccessPolicy policy, AreaDirectory areas, AuditTrail audit,
               ApplicationEventPublisher events, Clock clock) {
        this.jdbc = jdbc;
        this.policy = policy;
        this.areas = areas;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
    }

    /** Whether the signed-in user may grant the person (in this area) a role somewhere: to show the form. */
    public boolean mayGrant(String personAreaCode) {
        return policy.allows(PeoplePermission.GRANT_ROLES, personAreaCode);
    }

    @Transactional
    public long grant(long personId, String role, String areaCode, Long organisationId, String workerType,
                      String reason) {
        String target = "person:" + personId;
        DataScope scope = requireScope("ROLE_GRANT", target);
        String why = Reasons.required(reason);
        String personArea = personArea(personId, scope, "ROLE_GRANT");
        audit.refuseOwnPerson(personId, "ROLE_GRANT", target);
        Role r;
        try {
            r = Role.valueOf(role == null ? "" : role.strip());
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("Unknown role '" + role + "'.");
        }
        String area = areaCode == null ? "" : areaCode.strip();
        if (!areas.isActiveIn(area, scope)) {
            throw new InvalidRequestException("The area code '" + PersonDirectory.limit(area)
                    + "' does not exist or lies outside your area.");
        }
        onePostCovers(personArea, area, "ROLE_GRANT", target);
        String wt = workerType == null || workerType.isBlank() ? null : workerType.strip();
        if (r == Role.GRID_WORKER && (wt == null || !WORKER_TYPES.contains(wt))) {
            throw new InvalidRequestException("A grid worker needs a worker type: FULL_TIME, PART_TIME or PROFESSIONAL.");
        }
        if (r != Role.GRID_WORKER && wt != null) {
            throw new InvalidRequestException("Only grid workers have a worker type.");
        }
        if (r == Role.DEPARTMENT_HANDLER && organisationId == null) {
            throw new InvalidRequestException("A department handler needs an organisation.");
        }
        if (organisationId != null && jdbc.sql("""
                        select count(*) from organisation where id = ? and retired_at is null and area_code like any (?)""")
                .params(organisationId, scope.likePatterns()).query(Long.class).single() == 0) {
            throw new InvalidRequestException("The organisation does not exist or lies outside your area.");
        }
        List<String> held = jdbc.sql("select role from role_assignment where person_id = ? and revoked_at is null")
                .param(personId).query(String.class).list();
        if (r.isSeparatedAdmin()) {
            Set<String> conflicting = held.stream().filter(h -> !h.equals(r.name()))
                    .filter(h -> Role.SEPARATED_ADMINS.stream().anyMatch(a -> a.name().equals(h)))
                    .collect(Collectors.toSet());
            if (!conflicting.isEmpty()) {
                audit.recordIndependently(CurrentUser.actor(), "ROLE_GRANT", target,
                        "三员分立: holds " + conflicting + ", asked " + r, AuditTrail.Outcome.DENIED);
                throw new ConflictException("三员分立: this person already holds " + conflicting
                        + "; system administrator, security administrator and auditor must be different people.");
            }
        }
        if (jdbc.sql("""
                        select count(*) from role_assignment where person_id = ? and role = ? and area_code = ?
                          and revoked_at is null""")
                .params(personId, r.name(), area).query(Long.class).single() > 0) {
            throw new ConflictException("This person already holds this role for this area.");
        }
        long id = jdbc.sql("""
                        insert into role_assignment (person_id, role, area_code, organisation_id, worker_type,
                                                     granted_at, granted_by, granted_reason)
                        values (?, ?, ?, ?, ?, ?, ?, ?) returning id""")
                .params(personId, r.name(), area, organisationId, wt, OffsetDateTime.now(clock), CurrentUser.actor(),
                        why)
                .query(Long.class).single();
        audit.record("ROLE_GRANT", target, r + " for " + area + (wt == null ? "" : " " + wt)
                        + (organisationId == null ? "" : " org " + organisationId) + "; reason: " + why,
                AuditTrail.Outcome.SUCCESS);
        events.publishEvent(new RoleAssignmentsChanged(personId, "GRANT"));
        return id;
    }

    @Transactional
    public void revoke(long assignmentId, String reason) {
        String target = "role_assignment:" + assignmentId;
        DataScope scope = requireScope("ROLE_REVOKE", target);
        String why = Reasons.required(reason);
        record A(long personId, String role, String areaCode, String personArea) {
        }
        A a = jdbc.sql("""
                        select r.person_id, r.role, r.area_code, p.area_code as person_area
                        from role_assignment r join person p on p.id = r.person_id
                        where r.id = ? and r.revoked_at is null and r.area_code like any (?)
                          and p.area_code like any (?)""")
                .params(assignmentId, scope.likePatterns(), scope.likePatterns()).query(A.class).optional()
                .orElseThrow(() -> {
                    audit.recordIndependently(CurrentUser.actor(), "ROLE_REVOKE", target, "unknown or outside scope",
                            AuditTrail.Outcome.DENIED);
                    return new NotFoundException("No active role assignment " + assignmentId + " in your area.");
                });
        onePostCovers(a.personArea(), a.areaCode(), "ROLE_REVOKE", target);
        audit.refuseOwnPerson(a.personId(), "ROLE_REVOKE", target);
        jdbc.sql("""
                        update role_assignment set revoked_at = ?, revoked_by = ?, revoked_reason = ?
                        where id = ? and revoked_at is null""")
                .params(OffsetDateTime.now(clock), CurrentUser.actor(), why, assignmentId).update();
        audit.record("ROLE_REVOKE", "person:" + a.personId(), a.role() + " for " + a.areaCode() + "; reason: " + why,
                AuditTrail.Outcome.SUCCESS);
        events.publishEvent(new RoleAssignmentsChanged(a.personId(), "REVOKE"));
    }

    private DataScope requireScope(String action, String target) {
        DataScope scope = policy.scope(PeoplePermission.GRANT_ROLES);
        if (scope.isEmpty()) {
            audit.recordIndependently(CurrentUser.actor(), action, target, "not a security administrator",
                    AuditTrail.Outcome.DENIED);
            throw new AccessDeniedException("Only a security administrator may grant or revoke roles.");
        }
        return scope;
    }

    private void onePostCovers(String personArea, String roleArea, String action, String target) {
        if (!policy.allowsAll(PeoplePermission.GRANT_ROLES, personArea, roleArea)) {
            audit.recordIndependently(CurrentUser.actor(), action, target,
                    "no single post covers " + personArea + " and " + roleArea, AuditTrail.Outcome.DENIED);
            throw new AccessDeniedException("None of your role assignments covers both the person and the area.");
        }
    }

    private String personArea(long personId, DataScope scope, String action) {
        return jdbc.sql("select area_code from person where id = ? and retired_at is null and area_code like any (?)")
                .params(personId, scope.likePatterns()).query(String.class).optional().orElseThrow(() -> {
                    audit.recordIndependently(CurrentUser.actor(), action, "person:" + personId,
                            "unknown or outside scope", AuditTrail.Outcome.DENIED);
                    return new NotFoundException("No person " + personId + " in your area.");
                });
    }
}
