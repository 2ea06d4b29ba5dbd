package org.fengqiao.access;

import org.fengqiao.people.RoleAssignmentsChanged;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * When the people module grants or revokes a role (or retires a person), every open session, on every instance,
 * checks its account again at its next request once that change commits: a revoked post stops working at once.
 * Heard inside the changing transaction, so the account generation moves with it.
 */
@Component
class SessionsFollowRoleChanges {

    private final JdbcClient jdbc;

    SessionsFollowRoleChanges(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventListener
    void on(RoleAssignmentsChanged changed) {
        AccountStatusFilter.accountsChanged(jdbc);
    }
}
