package org.fengqiao.people;

/**
 * A person's active role assignments changed (granted, revoked, or all revoked because the person was retired).
 * Published inside the changing transaction, so that sessions (the access module) can refresh once it commits.
 */
public record RoleAssignmentsChanged(long personId, String change) {
}
