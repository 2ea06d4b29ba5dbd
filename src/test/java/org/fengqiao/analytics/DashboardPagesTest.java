package org.fengqiao.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;

import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.fengqiao.platform.Role;
import org.fengqiao.shell.PostHolders;
import org.fengqiao.support.IntegrationTest;
import org.fengqiao.support.TestUsers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/** The dashboard page and its downloads through HTTP, with data scope and bad input. */
@IntegrationTest
class DashboardPagesTest {

    @Autowired
    MockMvc mvc;

    private final TestUsers.User townLeader = TestUsers.with("dash.shaping-leader", Role.LEADER, PostHolders.SHAPING);

    @Test
    void theDashboardOfATownShowsItsChildAreasAndChartsWithDownloads() throws Exception {
        MvcResult r = mvc.perform(get("/analytics").with(townLeader.request())).andExpect(status().isOk()).andReturn();
        String html = r.getResponse().getContentAsString();
        assertThat(html).contains("id=\"chart-trend\"", "id=\"dash-areas\"", "echarts.min",
                "/analytics/data/areas.csv?area=" + PostHolders.SHAPING, "凤凰社区");
    }

    @Test
    void everyChartsNumbersDownloadAsCsvAndXlsx() throws Exception {
        for (String table : List.of("indicators", "trend", "areas", "categories", "departments", "channels",
                "states")) {
            MvcResult csv = mvc.perform(get("/analytics/data/" + table + ".csv").param("area", PostHolders.SHAPING)
                    .with(townLeader.request())).andExpect(status().isOk()).andReturn();
            String text = new String(csv.getResponse().getContentAsByteArray(), StandardCharsets.UTF_8);
            assertThat(text).as(table).startsWith("\uFEFF代码,名称,");
            MvcResult xlsx = mvc.perform(get("/analytics/data/" + table + ".xlsx").param("area", PostHolders.SHAPING)
                    .with(townLeader.request())).andExpect(status().isOk()).andReturn();
            try (ReadableWorkbook wb = new ReadableWorkbook(
                    new ByteArrayInputStream(xlsx.getResponse().getContentAsByteArray()))) {
                List<Row> rows = wb.getFirstSheet().read();
                assertThat(rows.getFirst().getCellText(0)).isEqualTo("代码");
                assertThat(rows.size()).isEqualTo(text.split("\r\n").length);
            }
        }
        String trend = mvc.perform(get("/analytics/data/trend.csv").param("area", PostHolders.SHAPING)
                .with(townLeader.request())).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(trend.split("\r\n")).hasSize(DashboardPages.TREND_MONTHS + 1);
        assertThat(trend).contains(LocalDate.now().toString().substring(0, 7));
    }

    @Test
    void openDataNeedsNoSignInAndRefusesBadInputClearly() throws Exception {
        String month = java.time.YearMonth.now().minusMonths(1).toString();
        String json = mvc.perform(get("/public/open-data/indicators.json").param("county", "440784")
                .param("month", month)).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        assertThat(json).contains("\"townCode\":\"440784001\"", "沙坪街道").doesNotContain("submittedBy", "reporter");
        String csv = mvc.perform(get("/public/open-data/indicators.csv").param("county", "440784"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(csv.split("\r\n")).hasSize(1 + 12 * 10);
        mvc.perform(get("/public/open-data/indicators.json").param("county", "44x")).andExpect(status().isBadRequest());
        mvc.perform(get("/public/open-data/indicators.json").param("county", "449999")).andExpect(status().isNotFound());
        mvc.perform(get("/public/open-data/indicators.json").param("county", "440784").param("month", "2999-01"))
                .andExpect(status().isBadRequest());
    }

    @Test
    void theMapReportsAndWarningsPagesRenderForALeader() throws Exception {
        assertThat(mvc.perform(get("/analytics/map").with(townLeader.request())).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString()).contains("hotspot-map",
                        "leaflet/1.9.4/dist/leaflet", "凤凰社区");
        assertThat(mvc.perform(get("/analytics/reports").with(townLeader.request())).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString()).contains("/analytics/reports/monthly.pdf");
        MvcResult pdf = mvc.perform(get("/analytics/reports/monthly.pdf").with(townLeader.request()))
                .andExpect(status().isOk()).andReturn();
        assertThat(new String(pdf.getResponse().getContentAsByteArray(), 0, 5, StandardCharsets.US_ASCII))
                .isEqualTo("%PDF-");
        mvc.perform(get("/analytics/reports/monthly.pdf").param("month", "2026-13").with(townLeader.request()))
                .andExpect(status().isBadRequest());
        assertThat(mvc.perform(get("/analytics/warnings").with(townLeader.request())).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString()).contains("warning-rules", "网格超期案件较多");
    }

    @Test
    void anotherTownsDashboardAndBadInputAreRefusedClearly() throws Exception {
        mvc.perform(get("/analytics").param("area", PostHolders.GONGHE).with(townLeader.request()))
                .andExpect(status().isForbidden());
        mvc.perform(get("/analytics/data/areas.csv").param("area", PostHolders.GONGHE).with(townLeader.request()))
                .andExpect(status().isForbidden());
        mvc.perform(get("/analytics/data/areas.pdf").param("area", PostHolders.SHAPING).with(townLeader.request()))
                .andExpect(status().isBadRequest());
        mvc.perform(get("/analytics/data/nothing.csv").param("area", PostHolders.SHAPING).with(townLeader.request()))
                .andExpect(status().isNotFound());
        mvc.perform(get("/analytics").param("area", "44x").with(townLeader.request()))
                .andExpect(status().isBadRequest());
        mvc.perform(get("/analytics").param("area", PostHolders.SHAPING).param("from", "2026-05-01")
                .param("to", "2026-04-01").with(townLeader.request())).andExpect(status().isBadRequest());
        TestUsers.User worker = TestUsers.with("dash.worker", Role.GRID_WORKER, PostHolders.GRID_A);
        mvc.perform(get("/analytics").with(worker.request())).andExpect(status().isForbidden());
    }
}
