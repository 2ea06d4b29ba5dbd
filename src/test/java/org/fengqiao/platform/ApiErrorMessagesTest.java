package org.fengqiao.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;

import org.fengqiao.shell.fuzz.RawHttp;
import org.fengqiao.support.IntegrationTest;
import org.fengqiao.support.TestUsers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Bad input to the JSON API is answered 400 with a sentence that names the field or parameter, the value given and
 * what is expected — for a choice every allowed value — never "Failed to read request" or a Java type.
 */
@IntegrationTest
class ApiErrorMessagesTest {

    @Autowired
    MockMvc mvc;
    @LocalServerPort
    int port;

    final TestUsers.User clerk = TestUsers.user("errors.clerk").holding(Role.INTAKE_CLERK, "440784").build();

    String detailOf(String json) throws Exception {
        return mvc.perform(post("/api/reports").with(clerk.request()).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON).content(json))
                .andExpect(status().isBadRequest())
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
    }

    @Test
    void anInvalidEnumValueNamesTheFieldAndEveryAllowedValue() throws Exception {
        mvc.perform(post("/api/reports").with(clerk.request()).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"channel\":\"FAX\",\"categoryCode\":\"ENV-DUMPING\",\"description\":\"x\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(
                        "Field 'channel': 'FAX' is not one of COUNTER, HOTLINE, PATROL, QR, OPEN311, API."));
        // nested in a list: the path says which element
        mvc.perform(post("/api/reports").with(clerk.request()).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"photos\":[{\"photoId\":\"0190a6e2-7c1d-7b3e-9f00-1234567890ab\","
                                + "\"role\":\"SELFIE\"}]}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(
                        "Field 'photos[0].role': 'SELFIE' is not one of EVIDENCE, BEFORE, AFTER."));
    }

    @Test
    void aValueOfTheWrongTypeNamesTheFieldAndTheExpectedKind() throws Exception {
        assertThat(detailOf("{\"lon\":\"east\"}")).contains("Field 'lon' must be a number.");
        assertThat(detailOf("{\"solvedOnSpot\":\"maybe\"}")).contains("Field 'solvedOnSpot' must be true or false.");
        assertThat(detailOf("{\"photos\":[{\"photoId\":\"not-a-uuid\"}]}")).contains("Field 'photos[0].photoId'");
        assertThat(detailOf("[1,2]")).contains("The body must be an object.");
    }

    @Test
    void brokenJsonSaysWhere() throws Exception {
        assertThat(detailOf("{\"description\": \"x\",\n  \"lon\": }"))
                .contains("The body is not valid JSON (line 2, column");
        assertThat(detailOf("{\"x\":" + "[".repeat(3000) + "]".repeat(3000) + "}")).contains("nested too deeply");
        assertThat(detailOf("")).contains("JSON");
    }

    @Test
    void aQueryParameterOfTheWrongTypeNamesItAndWhatIsExpected() throws Exception {
        TestUsers.User leader = TestUsers.user("errors.leader").holding(Role.LEADER, "440784").build();
        mvc.perform(get("/api/cases").param("limit", "fifty").with(leader.request()))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value("Parameter 'limit': 'fifty' is not a whole number."));
    }

    @Test
    void noAnswerNamesAJavaType() throws Exception {
        assertThat(detailOf("{\"lat\":{}}")).doesNotContain("java.", "Double", "Cannot deserialize");
        assertThat(detailOf("{\"channel\":7}")).doesNotContain("java.", "org.fengqiao", "Enum class");
    }

    /** The known bug: a malformed RFC 5987 file name in a multipart upload answered 500. */
    @Test
    void aMalformedMultipartFileNameIsA400ThatSaysSo() {
        RawHttp http = new RawHttp(port);
        String body = "--XX\r\nContent-Disposition: form-data; name=\"file\"; filename*=UTF-8''%ZZ\r\n"
                + "Content-Type: image/jpeg\r\n\r\nabc\r\n--XX--\r\n";
        // through the real server's multipart parser
        RawHttp.Session session = http.signIn("county.intake", org.fengqiao.demo.DemoAccounts.PASSWORD);
        RawHttp.Response r = http.send(new RawHttp.Request("POST", "/api/photos")
                .header("Cookie", session.cookie())
                .header("X-CSRF-TOKEN", session.csrf()).body("multipart/form-data; boundary=XX", body));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.header("content-type").orElse("")).startsWith("application/problem+json");
        assertThat(r.text()).contains("malformed Content-Disposition");
        // and a body that is not multipart at all
        r = http.send(new RawHttp.Request("POST", "/api/photos").header("Cookie", session.cookie())
                .header("X-CSRF-TOKEN", session.csrf()).body("multipart/form-data; boundary=XX", "--XX\r\nbroken"));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.text()).contains("closing boundary");
    }
}
