package org.fengqiao.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.fengqiao.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

@IntegrationTest
class PlatformEndpointsTest {

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @Test
    void healthIsUpWithoutLogin() throws Exception {
        HttpResponse<String> r = get("/actuator/health");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"status\":\"UP\"");
        assertThat(get("/actuator/health/readiness").statusCode()).isEqualTo(200);
    }

    @Test
    void prometheusMetricsAreExposed() throws Exception {
        HttpResponse<String> r = get("/actuator/prometheus");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("jvm_memory_used_bytes").contains("hikaricp_connections");
    }

    @Test
    void theJsonApiIsDescribedByAnOpenApiDocument() throws Exception {
        HttpResponse<String> r = get("/v3/api-docs");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"openapi\":\"3.").contains("\"paths\"");
    }

    @Test
    void pagesNeedALoginAndTheLoginPageIsChineseByDefault() throws Exception {
        HttpResponse<String> home = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/"))
                .header("Accept", "text/html").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(home.statusCode()).isEqualTo(302);
        assertThat(home.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login"));
        HttpResponse<String> login = get("/login");
        assertThat(login.body()).contains("<html lang=\"zh-CN\"").contains("用户名");
    }

    @Test
    void englishIsOneSwitchAway() throws Exception {
        HttpResponse<String> login = get("/login?lang=en");
        assertThat(login.body()).contains("User name").doesNotContain("用户名");
        assertThat(login.headers().allValues("Set-Cookie")).anySatisfy(c -> assertThat(c).startsWith("FQ_LANG=en"));
    }

    @Test
    void theApiAnswers401WithoutLoginInsteadOfRedirecting() throws Exception {
        HttpResponse<String> r = get("/api/anything");
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
