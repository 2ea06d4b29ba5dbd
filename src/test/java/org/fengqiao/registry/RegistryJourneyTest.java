package org.fengqiao.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import org.fengqiao.support.Browsers;
import org.fengqiao.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The registry in a real browser: the building leader's phone, unmasking with a reason, the auditor's view. */
@IntegrationTest
class RegistryJourneyTest {

    @Value("${local.server.port}")
    int port;
    @Autowired
    JdbcClient jdbc;

    String base() {
        return "http://localhost:" + port;
    }

    @Test
    void aBuildingLeaderUpdatesAHouseholdFromAPhone() {
        try (BrowserContext phone = Browsers.phone()) {
            Page page = Browsers.signIn(phone, base(), "leader.building");
            page.navigate(base() + "/registry/mine");
            assertThat(page.locator(".household-card").count()).isGreaterThan(0);
            Browsers.screenshot(page, "registry-building-leader-phone");
            page.locator(".household-card h3 a").first().click();
            page.waitForSelector("#registry-household");
            String url = page.url();
            long household = Long.parseLong(url.substring(url.lastIndexOf('/') + 1).replaceAll("\\D.*", ""));
            // a note in the notebook
            page.fill("#note-body", "三楼住户老人腿脚不便，停电时需上门帮助。");
            page.click("#note-submit");
            page.waitForSelector("#note-list");
            assertThat(page.textContent("#note-list")).contains("三楼住户老人腿脚不便");
            // the contact phone changes: the page shows it masked, the database holds it encrypted
            page.fill("#household-phone-input", "13622223333");
            page.click("#household-save");
            page.waitForSelector(".notice");
            assertThat(page.textContent("#household-phone")).isEqualTo("136****3333");
            // a new member moves in (a grandchild, no ID number yet)
            page.locator("#member-form .r-name").fill("陈小宝");
            page.locator("#member-form .r-rel").selectOption("40");
            page.click("#member-submit");
            page.waitForSelector("#member-table");
            assertThat(page.textContent("#member-table")).contains("陈小宝").contains("孙子女");
            Browsers.screenshot(page, "registry-household-phone");
            assertThat(jdbc.sql("select phone_masked from registry_household where id = ?").param(household)
                    .query(String.class).single()).isEqualTo("136****3333");
            assertThat(jdbc.sql("select count(*) from audit_event where actor = 'leader.building'"
                    + " and target = ? and action = 'REGISTRY_HOUSEHOLD_NOTE'").param("household:" + household)
                    .query(Long.class).single()).isEqualTo(1);
        }
    }

    @Test
    void aLeaderUnmasksAResidentWithAReasonAndTheAuditorSeesTheRecord() {
        long resident = jdbc.sql("""
                        select id from registry_resident where area_code like '440784001%' and id_number_enc is not null
                          and moved_out_at is null order by id limit 1""").query(Long.class).single();
        String reason = "核实低保复核材料 " + System.nanoTime();
        try (BrowserContext desktop = Browsers.desktop()) {
            Page page = Browsers.signIn(desktop, base(), "shaping.leader");
            page.navigate(base() + "/registry/residents/" + resident);
            String masked = page.textContent("#id-number");
            assertThat(masked).contains("**********");
            page.fill("#unmask-reason", reason);
            page.click("#unmask-submit");
            page.waitForSelector("#registry-resident .notice");
            assertThat(page.textContent("#id-number")).doesNotContain("*").hasSize(18);
        }
        try (BrowserContext desktop = Browsers.desktop()) {
            Page page = Browsers.signIn(desktop, base(), "auditor");
            page.navigate(base() + "/audit?action=REGISTRY_UNMASK&actor=shaping.leader");
            assertThat(page.textContent("#audit-table")).contains(reason).contains("resident:" + resident);
            Browsers.screenshot(page, "registry-unmask-audit");
        }
    }
}
