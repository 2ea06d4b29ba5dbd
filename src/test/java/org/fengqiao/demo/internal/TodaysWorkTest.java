package org.fengqiao.demo.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.fengqiao.cases.Staff;
import org.fengqiao.support.Events;
import org.fengqiao.support.IntegrationTest;
import org.fengqiao.workbench.Board;
import org.fengqiao.workbench.Workbench;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** After a first start's history, each demo account of the field and the departments finds work on its workbench. */
@IntegrationTest
class TodaysWorkTest {

    @Autowired
    TodaysWork todaysWork;
    @Autowired
    Workbench workbench;
    @Autowired
    JdbcClient jdbc;

    @Test
    void eachDemoAccountFindsSomethingToDo() {
        Staff staff = new Staff(jdbc);
        Map<String, String[]> before = Map.of(
                "grid.a", new String[] {"reports", "pending"},
                "rider", new String[] {"reports", "pending"},
                "grid.b", new String[] {"field", "toVerify"},
                "police.a", new String[] {"field", "toVerify"},
                "dept.market", new String[] {"department", "toSign"},
                "county.dispatcher", new String[] {"dispatch", "returned"},
                "shaping.intake", new String[] {"intake", "pending"});
        Map<String, Long> counts = new java.util.HashMap<>();
        before.forEach((user, what) -> counts.put(user, count(staff, user, what)));
        assertThat(todaysWork.write()).isEqualTo(6);
        Events.settle(jdbc);
        before.forEach((user, what) -> assertThat(count(staff, user, what)).as(user + " " + String.join(".", what))
                .isEqualTo(counts.get(user) + ("shaping.intake".equals(user) ? 2 : 1)));
    }

    private long count(Staff staff, String user, String[] what) {
        Board board = workbench.board(staff.user(user));
        return board.panel(what[0]).orElseThrow(() -> new AssertionError(user + " has no " + what[0])).count(what[1]);
    }
}
