package org.fengqiao.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.LocalDate;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import org.fengqiao.demo.DemoAccounts;
import org.fengqiao.platform.CountyTime;
import org.fengqiao.support.Browsers;
import org.fengqiao.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;

/** A grid worker on a phone registers a room as rental housing, inspects it, follows the rectification up, ends it. */
@IntegrationTest
class RentalJourneyTest {

    @Value("${local.server.port}")
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Clock clock;

    String base() {
        return "http://localhost:" + port;
    }

    @Test
    void aGridWorkerRegistersInspectsAndFollowsUpARentalFromAPhone() {
        long room = jdbc.sql("""
                        select r.id from registry_room r where r.area_code like ? and r.use_kind = 'SELF_OCCUPIED'
                          and r.retired_at is null
                          and not exists (select 1 from registry_rental t where t.room_id = r.id)
                        order by r.id desc limit 1""").param(DemoAccounts.GRID_A_CODE + "%")
                .query(Long.class).single();
        String deadline = LocalDate.now(clock.withZone(CountyTime.ZONE)).plusDays(7).toString();
        try (BrowserContext phone = Browsers.phone()) {
            Page page = Browsers.signIn(phone, base(), "grid.a");
            page.navigate(base() + "/registry/rooms/" + room);
            page.click("#register-rental");
            page.waitForSelector("#rental-form");
            page.fill("#landlord-name", "房东旅程");
            page.fill("#landlord-phone", "13800001111");
            page.selectOption("#rental-kind", "SHARED");
            page.fill("#rental-beds", "3");
            page.click("#rental-submit");
            page.waitForSelector("#registry-rental");
            assertThat(page.textContent("#landlord-phone")).isEqualTo("138****1111");
            assertThat(page.textContent("#landlord-name")).isEqualTo("房东旅程");

            page.selectOption("#fire-safety", "PROBLEM");
            page.fill("#inspection-form textarea[name=otherFindings]", "楼道堆放杂物");
            page.selectOption("#inspection-result", "RECTIFY");
            page.fill("#rectify-by", deadline);
            page.click("#inspection-submit");
            page.waitForSelector("#inspection-list .rectify-form");
            assertThat(page.textContent("#inspection-list")).contains("限期整改").contains("楼道堆放杂物");
            Browsers.screenshot(page, "registry-rental-inspection-phone");

            page.fill(".rectify-form input[name=note]", "杂物已清理");
            page.click(".rectify-form button");
            page.waitForURL(java.util.regex.Pattern.compile(".*[?&]rectified.*"));
            page.waitForSelector("#registry-rental .notice");
            assertThat(page.textContent("#inspection-list")).contains("已整改").contains("杂物已清理");
            assertThat(page.locator(".rectify-form").count()).isZero();

            page.fill("#rental-end input[name=reason]", "房东收回自住");
            page.selectOption("#rental-end select[name=roomUse]", "SELF_OCCUPIED");
            page.click("#rental-end-submit");
            page.waitForURL(java.util.regex.Pattern.compile(".*[?&]ended.*"));
            page.waitForSelector("#registry-rental .notice");
            assertThat(page.textContent("#registry-rental")).contains("出租登记已注销").contains("房东收回自住");
            assertThat(page.locator("#inspection-form").count()).isZero();
        }
        long rental = jdbc.sql("select id from registry_rental where room_id = ?").param(room).query(Long.class)
                .single();
        assertThat(jdbc.sql("select count(*) from audit_event where actor = 'grid.a' and target = ?"
                        + " and action in ('REGISTRY_RENTAL_REGISTER', 'REGISTRY_RENTAL_INSPECT',"
                        + " 'REGISTRY_RENTAL_RECTIFIED', 'REGISTRY_RENTAL_END')").param("rental:" + rental)
                .query(Long.class).single()).isEqualTo(4);
        assertThat(jdbc.sql("select use_kind from registry_room where id = ?").param(room).query(String.class)
                .single()).isEqualTo("SELF_OCCUPIED");
    }
}
