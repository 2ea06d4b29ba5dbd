package org.fengqiao.people;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import org.fengqiao.support.Browsers;
import org.fengqiao.support.IntegrationTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/** In a real browser: a leader finds a person, sees them masked, unmasks with a reason; the auditor sees it. */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PeopleJourneyTest {

    @Autowired
    ApplicationContext ctx;
    @Value("${local.server.port}")
    int port;

    TestWorld w;

    @BeforeAll
    void world() {
        w = TestWorld.create(ctx);
    }

    private Page signIn(BrowserContext context, String username) {
        Page page = context.newPage();
        page.navigate("http://localhost:" + port + "/login");
        page.fill("#username", username);
        page.fill("#password", TestWorld.PASSWORD);
        page.click("#login-submit");
        page.waitForURL("**/");
        return page;
    }

    @Test
    void leaderUnmasksWithAReasonAndTheAuditorSeesIt() {
        TestWorld.Staff leader = w.staff("LEADER", w.townA);
        TestWorld.Staff auditor = w.staff("AUDITOR", w.county);
        TestWorld.Staff secAdmin = w.staff("SECURITY_ADMIN", w.county);
        String id = TestWorld.idNumber();
        String phone = TestWorld.phone();
        long person = w.person("周网格", w.gridA, id, phone);
        w.grant(person, "GRID_WORKER", w.gridA, "FULL_TIME");

        try (BrowserContext phoneCtx = Browsers.phone()) {
            Page page = signIn(phoneCtx, leader.username());
            page.navigate("http://localhost:" + port + "/persons");
            page.fill("#q", phone);
            page.click("#person-search-submit");
            assertThat(page.url()).doesNotContain(phone);
            assertThat(page.locator("#person-table tbody tr").count()).isEqualTo(1);
            assertThat(page.textContent("#person-table")).doesNotContain(phone)
                    .contains(phone.substring(0, 3) + "****");
            Browsers.screenshot(page, "people-list-phone");
            page.click("#person-table a");
            assertThat(page.textContent("#id-number")).isEqualTo(id.substring(0, 4) + "**********" + id.substring(14));
            page.fill("#unmask-reason", "核实网格员身份信息");
            page.click("#unmask-submit");
            assertThat(page.textContent("#id-number")).isEqualTo(id);
            assertThat(page.textContent("#phone")).isEqualTo(phone);
            Browsers.screenshot(page, "people-unmasked-phone");
        }
        try (BrowserContext desktop = Browsers.desktop()) {
            Page page = signIn(desktop, auditor.username());
            page.navigate("http://localhost:" + port + "/audit?action=PERSON_UNMASK&actor=" + leader.username()
                    + "&verify=true");
            assertThat(page.textContent("#audit-table")).contains("核实网格员身份信息").contains("person:" + person);
            assertThat(page.locator("#verification .notice").count()).isEqualTo(1);
            Browsers.screenshot(page, "audit-desktop");
        }
        try (BrowserContext desktop = Browsers.desktop()) {
            Page page = signIn(desktop, secAdmin.username());
            page.navigate("http://localhost:" + port + "/admin/accounts?q=" + leader.username());
            page.click("#account-table a");
            assertThat(page.textContent("#account-roles")).contains(w.townA);
            Browsers.screenshot(page, "account-admin-desktop");
            page.navigate("http://localhost:" + port + "/organisations");
            Browsers.screenshot(page, "organisations-desktop");
        }
    }
}
