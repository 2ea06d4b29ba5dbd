package org.fengqiao.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.google.gson.JsonObject;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.CDPSession;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.RequestOptions;
import com.microsoft.playwright.options.WaitUntilState;
import org.fengqiao.demo.DemoAccounts;
import org.fengqiao.geography.GridLocator;
import org.fengqiao.publicchannel.PublicCodes;
import org.fengqiao.publicchannel.TestAreas;
import org.fengqiao.support.Browsers;
import org.fengqiao.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The public report page and the main staff pages on a phone over a throttled 3G link (Chrome DevTools' "Fast 3G":
 * 562.5 ms round trip, 1.44 Mbit/s down, 675 kbit/s up, set through the DevTools protocol): bytes on the wire and load
 * time of a first visit (empty cache) and a repeat visit. The goals are asserted on bytes, which are deterministic
 * enough; times are recorded ({@code target/weak-network.md}, copied to docs/benchmarks.md), never asserted. Also
 * pinned: pages are compressed and never cached, static files come under content-hashed URLs cached for a year, and
 * ECharts and Leaflet are loaded only by the pages that draw charts or maps.
 */
@IntegrationTest
class WeakNetworkPagesTest {

    static final double LATENCY_MS = 150 * 3.75;
    static final double DOWNLOAD_BYTES_PER_S = 1.6 * 1000 * 1000 / 8 * 0.9;
    static final double UPLOAD_BYTES_PER_S = 750 * 1000 / 8 * 0.9;
    static final long PUBLIC_FIRST_VISIT_GOAL = 150_000;
    static final long STAFF_REPEAT_VISIT_GOAL = 30_000;
    static final String YEAR = "public, max-age=31536000, immutable";

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    GridLocator locator;
    @Autowired
    PublicCodes codes;

    /** What one page load moved: bytes on the wire (headers included), requests, load time, and every URL asked. */
    record Visit(long bytes, int requests, long loadMs, Map<String, String> cacheControlByUrl,
                 String documentEncoding, String documentCacheControl) {
    }

    record Row(String page, String path, Visit first, Visit repeat) {
    }

    String base() {
        return "http://localhost:" + port;
    }

    @Test
    void publicAndStaffPagesStayWithinTheirBytesOnA3gPhone() throws IOException {
        List<Row> rows = new ArrayList<>();
        TestAreas areas = TestAreas.create(jdbc, locator);
        codes.ensureCodes();
        String plate = codes.forTarget("BUILDING", areas.building1()).orElseThrow().code();
        try (BrowserContext phone = Browsers.phone()) {
            Page page = phone.newPage();
            rows.add(measure(phone, page, "public report page (QR plate)", "/public/r/" + plate));
        }
        try (BrowserContext phone = Browsers.phone()) {
            Page page = Browsers.signIn(phone, base(), "county.leader");
            long caseId = aCase(page);
            rows.add(measure(phone, page, "queue", "/cases/queue"));
            rows.add(measure(phone, page, "case list", "/cases"));
            rows.add(measure(phone, page, "a case", "/cases/" + caseId));
            rows.add(measure(phone, page, "indicators", "/cases/indicators"));
            rows.add(measure(phone, page, "map", "/map"));
        }
        try (BrowserContext phone = Browsers.phone()) {
            Page page = Browsers.signIn(phone, base(), "grid.a");
            rows.add(measure(phone, page, "patrol page", "/intake/patrol"));
        }
        write(rows);

        Row report = rows.getFirst();
        assertThat(report.first().bytes()).as("public report page, first visit").isLessThan(PUBLIC_FIRST_VISIT_GOAL);
        for (Row r : rows.subList(1, rows.size())) {
            assertThat(r.repeat().bytes()).as(r.page() + ", repeat visit").isLessThan(STAFF_REPEAT_VISIT_GOAL);
        }
        for (Row r : rows) {
            for (Visit v : List.of(r.first(), r.repeat())) {
                assertThat(v.documentEncoding()).as(r.page() + " is compressed").isIn("gzip", "br");
                assertThat(v.documentCacheControl()).as(r.page() + " is never cached").contains("no-store");
            }
            // every static file the page asked for has a content-hashed name and is kept a year
            r.first().cacheControlByUrl().forEach((url, cc) -> {
                assertThat(url).as("a content-hashed URL").containsPattern("-[0-9a-f]{32}\\.[a-z0-9]+$");
                assertThat(cc).as(url).isEqualTo(YEAR);
            });
            assertThat(r.first().cacheControlByUrl()).as(r.page() + " loads static files").isNotEmpty();
            // charts and maps only where they are drawn
            Set<String> urls = r.first().cacheControlByUrl().keySet();
            assertThat(urls.stream().anyMatch(u -> u.contains("/echarts/"))).as(r.page() + " loads ECharts")
                    .isEqualTo(r.page().equals("indicators"));
            assertThat(urls.stream().anyMatch(u -> u.contains("/leaflet/"))).as(r.page() + " loads Leaflet")
                    .isEqualTo(r.page().equals("map"));
        }
    }

    /** A case of the county center's own making, through the JSON API in the signed-in browser's session. */
    long aCase(Page page) {
        String csrf = page.locator("meta[name=_csrf]").getAttribute("content");
        String category = jdbc.sql("select code from case_category where active order by code limit 1")
                .query(String.class).single();
        var report = page.request().post(base() + "/api/reports", RequestOptions.create()
                .setHeader("X-CSRF-TOKEN", csrf).setHeader("Idempotency-Key", UUID.randomUUID().toString())
                .setHeader("Content-Type", "application/json")
                .setData("{\"channel\":\"COUNTER\",\"categoryCode\":\"" + category + "\",\"description\":"
                        + "\"路灯不亮，weak-network test\",\"areaCode\":\"" + DemoAccounts.GRID_A_CODE + "\"}"));
        assertThat(report.status()).as(report.text()).isEqualTo(201);
        String reportId = report.text().replaceAll("(?s).*\"id\":(\\d+).*", "$1");
        var accepted = page.request().post(base() + "/api/triage/" + reportId + "/accept", RequestOptions.create()
                .setHeader("X-CSRF-TOKEN", csrf).setHeader("Content-Type", "application/json").setData("{}"));
        assertThat(accepted.status()).as(accepted.text()).isEqualTo(200);
        return Long.parseLong(accepted.text().replaceAll("(?s).*\"case\":\\{[^}]*?\"id\":(\\d+).*", "$1"));
    }

    /** A first visit with an empty cache, then a repeat visit, of one page on the throttled link. */
    Row measure(BrowserContext context, Page page, String name, String path) {
        CDPSession cdp = context.newCDPSession(page);
        cdp.send("Network.enable");
        JsonObject conditions = new JsonObject();
        conditions.addProperty("offline", false);
        conditions.addProperty("latency", LATENCY_MS);
        conditions.addProperty("downloadThroughput", DOWNLOAD_BYTES_PER_S);
        conditions.addProperty("uploadThroughput", UPLOAD_BYTES_PER_S);
        cdp.send("Network.emulateNetworkConditions", conditions);
        cdp.send("Network.clearBrowserCache");
        Visit first = visit(page, cdp, path);
        Visit repeat = visit(page, cdp, path);
        cdp.detach();
        return new Row(name, path, first, repeat);
    }

    Visit visit(Page page, CDPSession cdp, String path) {
        page.navigate("about:blank");
        Map<String, String> urlOf = new ConcurrentHashMap<>();
        Map<String, Long> bytesOf = new ConcurrentHashMap<>();
        Map<String, String> cacheControl = new ConcurrentHashMap<>();
        Map<String, String> documentHeaders = new ConcurrentHashMap<>();
        boolean[] recording = {true};
        java.util.function.Consumer<JsonObject> sent = e -> {
            if (recording[0]) {
                urlOf.put(e.get("requestId").getAsString(), e.getAsJsonObject("request").get("url").getAsString());
            }
        };
        java.util.function.Consumer<JsonObject> received = e -> {
            String url = e.getAsJsonObject("response").get("url").getAsString();
            JsonObject headers = e.getAsJsonObject("response").getAsJsonObject("headers");
            Map<String, String> h = new LinkedHashMap<>();
            headers.entrySet().forEach(x -> h.put(x.getKey().toLowerCase(Locale.ROOT), x.getValue().getAsString()));
            String p = url.substring(base().length()).replaceAll("\\?.*", "");
            if ("Document".equals(e.get("type").getAsString())) {
                documentHeaders.putAll(h);
            } else if (p.startsWith("/css/") || p.startsWith("/js/") || p.startsWith("/webjars/")) {
                cacheControl.put(p, h.getOrDefault("cache-control", ""));
            }
        };
        java.util.function.Consumer<JsonObject> finished = e -> bytesOf.merge(e.get("requestId").getAsString(),
                (long) e.get("encodedDataLength").getAsDouble(), Long::sum);
        cdp.on("Network.requestWillBeSent", sent);
        cdp.on("Network.responseReceived", received);
        cdp.on("Network.loadingFinished", finished);
        page.navigate(base() + path, new Page.NavigateOptions().setWaitUntil(WaitUntilState.LOAD)
                .setTimeout(120_000));
        recording[0] = false;
        page.waitForTimeout(300);
        long load = Math.round(((Number) page.evaluate(
                "performance.getEntriesByType('navigation')[0].loadEventEnd")).doubleValue());
        cdp.off("Network.requestWillBeSent", sent);
        cdp.off("Network.responseReceived", received);
        cdp.off("Network.loadingFinished", finished);
        long bytes = urlOf.keySet().stream().mapToLong(id -> bytesOf.getOrDefault(id, 0L)).sum();
        return new Visit(bytes, urlOf.size(), load, new LinkedHashMap<>(cacheControl),
                documentHeaders.getOrDefault("content-encoding", ""),
                documentHeaders.getOrDefault("cache-control", ""));
    }

    static void write(List<Row> rows) throws IOException {
        StringBuilder b = new StringBuilder("| page | first visit: bytes | requests | load | repeat visit: bytes"
                + " | requests | load |\n|---|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            b.append(String.format(Locale.ROOT, "| %s (`%s`) | %,d | %d | %.1f s | %,d | %d | %.1f s |%n",
                    r.page(), r.path().replaceAll("/r/\\w+$", "/r/{code}").replaceAll("/\\d+$", "/{id}"),
                    r.first().bytes(), r.first().requests(), r.first().loadMs() / 1000.0, r.repeat().bytes(),
                    r.repeat().requests(), r.repeat().loadMs() / 1000.0));
        }
        Set<String> files = new TreeSet<>();
        rows.forEach(r -> files.addAll(r.first().cacheControlByUrl().keySet()));
        b.append("\nStatic files asked for: ").append(String.join(", ", files)).append('\n');
        Path out = Path.of("target", "weak-network.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, b.toString());
        System.out.println(b);
    }
}
