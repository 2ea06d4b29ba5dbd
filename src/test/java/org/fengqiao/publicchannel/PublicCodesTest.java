package org.fengqiao.publicchannel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.authentication;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.fengqiao.platform.DataScope;
import org.fengqiao.support.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

@IntegrationTest
class PublicCodesTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    PublicCodes codes;

    TestAreas areas;

    @BeforeEach
    void setUp() {
        areas = TestAreas.create(jdbc);
    }

    @Test
    void everyGridBuildingAndEnterpriseGetsAStableRandomCode() {
        codes.ensureCodes();
        List<PublicCode> list = org.fengqiao.support.TestUsers.with("codes-" + areas.county(), org.fengqiao.platform.Role.GRID_WORKER,
                areas.county()).call(() -> codes.under(areas.village()));
        assertThat(list).extracting(PublicCode::kind).containsExactly("GRID", "BUILDING", "BUILDING", "ENTERPRISE");
        assertThat(list).allSatisfy(c -> assertThat(c.code()).matches("[0-9A-HJKMNP-TV-Z]{10}"));
        PublicCode building = codes.forTarget("BUILDING", areas.building1()).orElseThrow();
        assertThat(building.address()).contains("桃源镇").contains("越塘村");
        // stable: issuing again changes nothing
        codes.ensureCodes();
        assertThat(codes.forTarget("BUILDING", areas.building1()).orElseThrow().code()).isEqualTo(building.code());
        // not sequential: two neighbours' codes share no long common prefix
        PublicCode other = codes.forTarget("BUILDING", areas.building2()).orElseThrow();
        assertThat(building.code().substring(0, 5)).isNotEqualTo(other.code().substring(0, 5));
        // a scope elsewhere sees none
        assertThat(org.fengqiao.support.TestUsers.with("codes-other", org.fengqiao.platform.Role.GRID_WORKER, "110000")
                .call(() -> codes.under(areas.village()))).isEmpty();
        // people type codes loosely
        assertThat(codes.find(building.code().toLowerCase())).isPresent();
        assertThat(codes.find("NOPE")).isEmpty();
    }

    @Test
    void aVillageSheetPrintsLegibleChineseForEveryPlate() throws Exception {
        byte[] pdf = mvc.perform(get("/channels/codes/sheet/" + areas.village() + ".pdf")
                        .with(authentication(areas.staff("GRID_WORKER"))))
                .andExpect(status().isOk()).andExpect(content().contentType("application/pdf"))
                .andReturn().getResponse().getContentAsByteArray();
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            String text = new PDFTextStripper().getText(doc);
            assertThat(text).contains("越塘村1号楼").contains("越塘村2号楼").contains("越塘五金厂")
                    .contains("越塘村第1网格").contains("扫码上报");
            String code = codes.forTarget("BUILDING", areas.building1()).orElseThrow().code();
            assertThat(text).contains(code.substring(0, 5) + "-" + code.substring(5));
        }
        long audited = jdbc.sql("select count(*) from audit_event where action = 'PUBLIC_CODE_SHEET_PRINTED'"
                + " and target = ?").param(areas.village()).query(Long.class).single();
        assertThat(audited).isEqualTo(1);
    }

    @Test
    void sheetsOutsideTheScopeAndWithoutARoleAreRefused() throws Exception {
        mvc.perform(get("/channels/codes/sheet/" + areas.village() + ".pdf")
                        .with(authentication(new TestAreas("110000", "", "", "", "", "", "").staff("GRID_WORKER"))))
                .andExpect(status().isNotFound());
        mvc.perform(get("/channels/codes/sheet/" + areas.village() + ".pdf")
                        .with(authentication(areas.staff("AUDITOR"))))
                .andExpect(status().isForbidden());
    }

    @Test
    void staffRegisterAPlaceAndItGetsACodeAndAQrImage() throws Exception {
        mvc.perform(post("/channels/codes/places").with(csrf()).with(authentication(areas.staff("INTAKE_CLERK")))
                        .param("name", "越塘文化广场").param("address", "越塘村中心")
                        .param("areaCode", areas.grid()).param("lon", "112.9").param("lat", "22.7"))
                .andExpect(status().is3xxRedirection());
        PublicCode place = org.fengqiao.support.TestUsers.with("codes-" + areas.county(), org.fengqiao.platform.Role.GRID_WORKER,
                areas.county()).call(() -> codes.under(areas.grid())).stream()
                .filter(c -> c.kind().equals("PLACE")).findFirst().orElseThrow();
        assertThat(place.name()).isEqualTo("越塘文化广场");
        byte[] png = mvc.perform(get("/public/qr/" + place.code() + ".png")).andExpect(status().isOk())
                .andExpect(content().contentType("image/png")).andReturn().getResponse().getContentAsByteArray();
        assertThat(png).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
        mvc.perform(get("/public/qr/0000000000.png")).andExpect(status().isNotFound());
        mvc.perform(post("/channels/codes/places").with(csrf()).with(authentication(areas.staff("INTAKE_CLERK")))
                        .param("name", "").param("areaCode", areas.grid()))
                .andExpect(status().isBadRequest());
    }
}
