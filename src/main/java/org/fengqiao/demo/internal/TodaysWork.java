package org.fengqiao.demo.internal;

import java.util.List;
import java.util.function.Supplier;

import org.fengqiao.cases.CaseCommand;
import org.fengqiao.cases.CaseManagement;
import org.fengqiao.demo.DemoAccounts;
import org.fengqiao.intake.ReportChannel;
import org.fengqiao.intake.ReportIntake;
import org.fengqiao.intake.SubmitReport;
import org.fengqiao.platform.CurrentUser;
import org.fengqiao.platform.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/**
 * After the demo history, what waits for the demo accounts this morning — so that each of them finds work on
 * their workbench when they first sign in, not only the county's staff the history happens to pick: grid A's
 * worker and the rider have a report waiting for the center, the market bureau has a case to sign for, the
 * dispatcher one the market bureau sent back, grid A (its worker and police) and grid B have a fix to verify.
 * Written through the facades as those accounts, at the present time.
 */
@Component
public class TodaysWork {

    private static final Logger log = LoggerFactory.getLogger(TodaysWork.class);

    private final ReportIntake intake;
    private final CaseManagement cases;
    private final JdbcClient jdbc;

    TodaysWork(ReportIntake intake, CaseManagement cases, JdbcClient jdbc) {
        this.intake = intake;
        this.cases = cases;
        this.jdbc = jdbc;
    }

    /** Writes the work into the demo county; returns how many reports it submitted. */
    public int write() {
        String county = DemoAccounts.COUNTY_CODE;
        String gridA = DemoAccounts.GRID_A_CODE;
        String gridB = DemoAccounts.GRID_B_CODE;
        long market = organisation(county + "-DEPT-SCJG");
        long police = organisation(county + "-DEPT-GA");
        HistoryGenerator.Actor policeBureau = handlerOf(police);

        as("grid.a", () -> report(ReportChannel.PATROL, "ENV-DUMPING", "楼道口堆放杂物，堵住消防通道", gridA));
        as("rider", () -> report(ReportChannel.PATROL, "FAC-STREETLIGHT", "凤凰路路灯不亮，夜间送餐看不清路", gridA));

        long toSign = as("county.intake", () -> accept(report(ReportChannel.HOTLINE, "MKT-FOOD",
                "早餐店后厨卫生差，群众来电反映", gridA)));
        as("county.dispatcher", () -> cases.act(toSign, null, new CaseCommand.Dispatch(market, List.of(),
                "请市场监管局核查")));

        long returned = as("county.intake", () -> accept(report(ReportChannel.COUNTER, "MKT-UNLICENSED",
                "菜市场门口流动摊贩占道经营", gridA)));
        as("county.dispatcher", () -> cases.act(returned, null, new CaseCommand.Dispatch(market, List.of(),
                "请市场监管局处置")));
        as("dept.market", () -> cases.act(returned, null, new CaseCommand.Return("占道经营属综合执法局职责，请改派")));

        int n = 4;
        for (String grid : List.of(gridA, gridB)) {
            long c = as(grid.equals(gridA) ? "grid.a" : "grid.b", () -> report(ReportChannel.PATROL, "SEC-ORDER",
                    "夜间有人在空置厂房聚集饮酒", grid));
            long id = as("county.intake", () -> accept(c));
            as("county.dispatcher", () -> cases.act(id, null, new CaseCommand.Dispatch(police, List.of(),
                    "请派出所处置")));
            at(policeBureau, () -> {
                cases.act(id, null, new CaseCommand.Sign());
                return cases.act(id, null, new CaseCommand.Feedback("已联系业主封闭厂房，加强夜间巡逻", List.of()));
            });
            n++;
        }
        log.info("Demo: today's work for the demo accounts written ({} reports)", n);
        return n;
    }

    private long report(ReportChannel channel, String category, String text, String area) {
        return intake.submit(new SubmitReport(channel, category, text, null, null, area, null, null,
                channel == ReportChannel.PATROL ? null : "13800138000", List.of(), false), null).report().id();
    }

    private long accept(long report) {
        return cases.accept(report, null, null).id();
    }

    private long organisation(String code) {
        return jdbc.sql("select id from organisation where code = ?").param(code).query(Long.class).single();
    }

    /** The demo account's person with the posts it holds. */
    private HistoryGenerator.Actor account(String username) {
        long person = jdbc.sql("select person_id from account where username = ?").param(username)
                .query(Long.class).single();
        return new HistoryGenerator.Actor(person, username, username, posts(person));
    }

    /** The first handler of a department. */
    private HistoryGenerator.Actor handlerOf(long organisation) {
        long person = jdbc.sql("""
                        select person_id from role_assignment where role = 'DEPARTMENT_HANDLER' and organisation_id = ?
                          and revoked_at is null order by id limit 1""").param(organisation).query(Long.class).single();
        return new HistoryGenerator.Actor(person, "demo.handler." + person, "demo.handler." + person, posts(person));
    }

    private List<CurrentUser.Assignment> posts(long person) {
        record Post(String role, String areaCode, Long organisationId) {
        }
        return jdbc.sql("""
                        select role, area_code, organisation_id from role_assignment
                        where person_id = ? and revoked_at is null order by id""").param(person).query(Post.class)
                .list().stream().map(p -> new CurrentUser.Assignment(Role.valueOf(p.role()), p.areaCode(),
                        p.organisationId())).toList();
    }

    private <T> T as(String username, Supplier<T> work) {
        return at(account(username), work);
    }

    private static <T> T at(CurrentUser.User who, Supplier<T> work) {
        var context = SecurityContextHolder.getContext();
        var previous = context.getAuthentication();
        context.setAuthentication(new UsernamePasswordAuthenticationToken(who, "n/a", List.of()));
        try {
            return work.get();
        } finally {
            context.setAuthentication(previous);
        }
    }
}
