package org.fengqiao.shell;

import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.fengqiao.audit.AuditViewer;
import org.fengqiao.platform.Role;
import org.fengqiao.support.IntegrationTest;
import org.fengqiao.support.TestUsers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Reading the audit trail, by persons with several posts. This test's own table: an auditor post at county level
 * (the trail is one chain for the deployment, not area-bound); an auditor post of a town, or any other role
 * anywhere, reads nothing.
 */
@IntegrationTest
class AuditAssignmentWalkTest {

    static final Set<Role> READ = Set.of(Role.AUDITOR);

    @Autowired
    AuditViewer viewer;

    @Test
    void theTrailNeedsACountyLevelAuditorPost() {
        List<TestUsers.User> users = new ArrayList<>(PostHolders.all());
        users.add(TestUsers.user("walk.town-auditor").holding(Role.AUDITOR, PostHolders.SHAPING)
                .holding(Role.GRID_WORKER, PostHolders.GRID_B).build());
        users.add(TestUsers.user("walk.county-auditor").holding(Role.AUDITOR, PostHolders.COUNTY)
                .holding(Role.MEDIATOR, PostHolders.GONGHE).build());
        users.add(TestUsers.with("walk.county-secadmin", Role.SECURITY_ADMIN, PostHolders.COUNTY));
        AuditViewer.Filter all = new AuditViewer.Filter(null, null, null, null, null);
        AssignmentWalk walk = new AssignmentWalk();
        for (TestUsers.User u : users) {
            walk.attemptCountyWide(u, "search the trail", READ, () -> viewer.search(all, null, 5) != null);
            walk.attemptCountyWide(u, "verify the chain", READ, () -> viewer.verify().events() > 0);
            walk.attemptCountyWide(u, "export the trail", READ, () -> {
                StringWriter out = new StringWriter();
                viewer.exportCsv(new AuditViewer.Filter("nobody-" + System.nanoTime(), null, null, null, null), out);
                return out.toString().contains("exported by");
            });
            walk.attemptCountyWide(u, "see the menu entry", READ, viewer::mayRead);
        }
        walk.verify();
    }
}
