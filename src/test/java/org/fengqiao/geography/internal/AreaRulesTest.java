package org.fengqiao.geography.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AreaRulesTest {

    private static final AreaRules.Parent COUNTY = new AreaRules.Parent("999001", "COUNTY", "BASE");
    private static final AreaRules.Parent TOWN = new AreaRules.Parent("999001100", "TOWN", "BASE");
    private static final AreaRules.Parent VILLAGE = new AreaRules.Parent("999001100001", "VILLAGE", "BASE");
    private static final AreaRules.Parent GRID = new AreaRules.Parent("999001100001001", "GRID", "BASE");
    private static final AreaRules.Parent ZONE = new AreaRules.Parent("999001100901", "GRID", "POLICE_ZONE");

    @Test
    void theBaseHierarchyFollowsTheNationalCode() {
        assertThat(AreaRules.check("999001", "COUNTY", "BASE", null)).isNull();
        assertThat(AreaRules.check("999001100", "TOWN", "BASE", COUNTY)).isNull();
        assertThat(AreaRules.check("999001100001", "VILLAGE", "BASE", TOWN)).isNull();
        assertThat(AreaRules.check("999001100001001", "GRID", "BASE", VILLAGE)).isNull();
        assertThat(AreaRules.check("999001100001001001", "BUILDING", "BASE", GRID)).isNull();
    }

    @Test
    void aGridBelongsToAVillageOnly() {
        assertThat(AreaRules.check("999001100002", "GRID", "BASE", TOWN)).contains("must sit under VILLAGE");
        assertThat(AreaRules.check("999001100001001001", "GRID", "BASE", GRID)).contains("must sit under VILLAGE");
    }

    @Test
    void codesExtendTheParentByThreeDigits() {
        assertThat(AreaRules.check("999002100", "TOWN", "BASE", COUNTY)).contains("parent's code");
        assertThat(AreaRules.check("9990011000", "TOWN", "BASE", COUNTY)).contains("groups of 3");
        assertThat(AreaRules.check("99900110a", "TOWN", "BASE", COUNTY)).contains("groups of 3");
        assertThat(AreaRules.check("999001100001000", "GRID", "BASE", VILLAGE)).contains("000");
        assertThat(AreaRules.check("999001", "TOWN", "BASE", null)).contains("only a county");
    }

    @Test
    void overlaysSitUnderTheBaseAreaOwningThemAndHaveTheirOwnMicroGrids() {
        assertThat(AreaRules.check("999001100901", "GRID", "POLICE_ZONE", TOWN)).isNull();
        assertThat(AreaRules.check("999001100001901", "GRID", "INDUSTRIAL_PARK", VILLAGE)).isNull();
        assertThat(AreaRules.check("999001100901001", "MICRO_GRID", "POLICE_ZONE", ZONE)).isNull();
        assertThat(AreaRules.check("999001100901002", "MICRO_GRID", "MARITIME", ZONE)).contains("cannot sit under");
        assertThat(AreaRules.check("999001100901003", "MICRO_GRID", "BASE", ZONE)).contains("cannot sit under");
        assertThat(AreaRules.check("999001100X", "GRID", "NOPE", TOWN)).contains("unknown kind");
    }
}
