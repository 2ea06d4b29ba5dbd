package org.fengqiao.shell;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import org.fengqiao.demo.DemoAccounts;
import org.fengqiao.demo.DemoAccounts.DemoAccount;
import org.fengqiao.support.Browsers;
import org.fengqiao.support.IntegrationTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * In a real browser, every demo role logs in, lands on its home page, sees the map with only the grids of its own
 * area, switches to English and logs out.
 */
@IntegrationTest
class ShellJourneyTest {

    @LocalServerPort
    int port;

    static Stream<DemoAccount> accounts() {
        return DemoAccounts.ALL.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("accounts")
    void eachRoleLogsInSeesItsAreaSwitchesLanguageAndLogsOut(DemoAccount account) throws Exception {
        boolean onPhone = account.role().equals("GRID_WORKER") || account.role().equals("COMMUNITY_POLICE")
                || account.role().equals("VOLUNTEER_REPORTER");
        try (BrowserContext context = onPhone ? Browsers.phone() : Browsers.desktop()) {
            Page page = context.newPage();
            String base = "http://localhost:" + port;

            page.navigate(base + "/");
            assertThat(page).hasURL(base + "/login");
            page.fill("#username", account.username());
            page.fill("#password", DemoAccounts.PASSWORD);
            page.click("#login-submit");
            assertThat(page).hasURL(base + "/");
            assertThat(page.locator("[data-role='" + account.role() + "']")).isVisible();
            assertThat(page.locator("html")).hasAttribute("lang", "zh-CN");
            Browsers.screenshot(page, "shell-" + account.username() + "-home");

            page.navigate(base + "/map");
            page.waitForSelector("#map[data-loaded='true']");
            int drawn = Integer.parseInt(page.locator("#map").getAttribute("data-polygons"));
            assertThat(drawn).as("polygons drawn for " + account.username()).isPositive();
            Browsers.screenshot(page, "shell-" + account.username() + "-map");

            // what the map was given lies entirely inside the account's area
            APIResponse grids = page.request().get(base + "/api/areas/geojson?level=GRID");
            assertThat(grids.status()).isEqualTo(200);
            JsonNode features = new ObjectMapper().readTree(grids.text()).get("features");
            assertThat(features.size()).isPositive();
            List<String> codes = features.valueStream().map(f -> f.get("properties").get("code").asString())
                    .toList();
            assertThat(codes).allSatisfy(code -> assertThat(code).startsWith(account.scopeCode()));
            if (account.scopeCode().equals(DemoAccounts.GRID_A_CODE)) {
                assertThat(codes).containsExactly(DemoAccounts.GRID_A_CODE);
            }

            page.click("#lang-switch");
            assertThat(page.locator("html")).hasAttribute("lang", "en");
            assertThat(page.locator("#logout")).hasText("Log out");
            Browsers.screenshot(page, "shell-" + account.username() + "-english");

            page.click("#logout");
            assertThat(page).hasURL(base + "/login?logout");
            page.navigate(base + "/map");
            assertThat(page).hasURL(base + "/login");
        }
    }
}
