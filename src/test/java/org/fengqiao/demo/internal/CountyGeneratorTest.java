package org.fengqiao.demo.internal;

import org.fengqiao.platform.IdNumbers;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.fengqiao.demo.DemoAccounts;
import org.fengqiao.demo.internal.DemoCounty.AreaRow;
import org.fengqiao.demo.internal.DemoCounty.PersonRow;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.geojson.GeoJsonReader;

/** The generated county has the seeds' numbers and sound geometry, without a database. */
class CountyGeneratorTest {

    static final long SEED = 20260315L;
    /** Rounding to 1e-7 degrees leaves slivers of a few square metres at most (1e-9 deg² is about 12 m²). */
    static final double SLIVER = 1e-9;
    static DemoCounty county;

    @BeforeAll
    static void generate() {
        long t0 = System.nanoTime();
        county = new CountyGenerator(SEED).generate();
        System.out.printf("generated %d areas, %d persons in %d ms%n", county.areas().size(),
                county.persons().size(), (System.nanoTime() - t0) / 1_000_000);
    }

    @Test
    void hasTheSeedsNumbers() {
        assertThat(county.count("COUNTY", "BASE")).isEqualTo(1);
        assertThat(county.count("TOWN", "BASE")).isEqualTo(10);
        assertThat(county.count("VILLAGE", "BASE")).isBetween(130L, 160L);
        assertThat(county.count("GRID", "BASE")).isEqualTo(338);
        assertThat(county.count("BUILDING", "BASE")).isGreaterThan(50);
        assertThat(county.countRole("GRID_WORKER", "FULL_TIME")).isEqualTo(528);
        assertThat(county.countRole("GRID_WORKER", "PART_TIME")).isEqualTo(1315);
        assertThat(county.countRole("GRID_WORKER", "PROFESSIONAL")).isEqualTo(360);
        assertThat(county.countRole("COMMUNITY_POLICE", null)).isEqualTo(328);
        assertThat(county.orgs().stream().filter(o -> o.kind().equals("ENTERPRISE"))).hasSize(48);
        assertThat(county.count("VILLAGE", "INDUSTRIAL_PARK")).isEqualTo(2);
        assertThat(county.count("VILLAGE", "MARITIME")).isEqualTo(1);
        assertThat(county.count("VILLAGE", "POLICE_ZONE")).isEqualTo(2);
        assertThat(county.count("MICRO_GRID", "POLICE_ZONE")).isEqualTo(243);
        assertThat(county.coverage()).isNotEmpty();
        // every overlay covers some base grid
        county.areas().stream().filter(a -> a.level().equals("VILLAGE") && !a.kind().equals("BASE"))
                .forEach(o -> assertThat(county.coverage()).anyMatch(c -> c.overlayCode().equals(o.code())));
        // one community police per grid, on 328 different grids
        assertThat(county.roles().stream().filter(r -> r.role().equals("COMMUNITY_POLICE"))
                .map(r -> r.areaCode()).distinct()).hasSize(328);
        Set<String> kinds = county.orgs().stream().map(o -> o.kind()).collect(Collectors.toSet());
        assertThat(kinds).contains("CENTER", "DEPARTMENT", "POLICE_STATION", "MEDIATION", "ENTERPRISE");
        assertThat(county.orgs()).anyMatch(o -> o.name().equals("鹤山市市场监督管理局"));
        assertThat(county.orgs().stream().filter(o -> o.kind().equals("CENTER"))).hasSizeGreaterThanOrEqualTo(11);
    }

    @Test
    void codesFollowTheTree() {
        Map<String, AreaRow> byCode = new HashMap<>();
        for (AreaRow a : county.areas()) {
            assertThat(byCode.put(a.code(), a)).as("duplicate " + a.code()).isNull();
            if (a.parentCode() != null) {
                assertThat(byCode).as("parent before child " + a.code()).containsKey(a.parentCode());
                assertThat(a.code()).startsWith(a.parentCode()).hasSize(a.parentCode().length() + 3);
            }
        }
        List<String> towns = county.areas().stream().filter(a -> a.level().equals("TOWN")).map(AreaRow::code)
                .toList();
        assertThat(towns).containsExactly("440784001", "440784101", "440784102", "440784103", "440784104",
                "440784105", "440784106", "440784107", "440784108", "440784109");
        for (AreaRow a : county.areas()) {
            if (a.level().equals("VILLAGE") && a.kind().equals("BASE")) {
                int n = Integer.parseInt(a.code().substring(9));
                assertThat(n).isBetween(a.subtype().equals("COMMUNITY") ? 1 : 200,
                        a.subtype().equals("COMMUNITY") ? 199 : 399);
            } else if (a.level().equals("VILLAGE")) {
                assertThat(a.code().substring(9)).startsWith("9");
            }
        }
        assertThat(byCode.get(DemoAccounts.GRID_A_CODE).name()).isEqualTo("凤凰社区第1网格");
        assertThat(byCode.get(DemoAccounts.GRID_B_CODE).name()).isEqualTo("南庄村第1网格");
    }

    @Test
    void geometryIsValidNestedAndDisjoint() throws Exception {
        GeoJsonReader reader = new GeoJsonReader();
        Map<String, Geometry> geom = new HashMap<>();
        for (AreaRow a : county.areas()) {
            Geometry g = reader.read(a.boundaryJson());
            assertThat(g.isValid()).as("valid " + a.code()).isTrue();
            assertThat(g.getArea()).as("non-empty " + a.code()).isGreaterThan(0);
            geom.put(a.code(), g);
        }
        double km2 = geom.get("440784").getArea() * 110.574 * 111.320 * Math.cos(Math.toRadians(22.7));
        assertThat(km2).isBetween(1060.0, 1100.0);
        Map<String, List<AreaRow>> children = county.areas().stream().filter(a -> a.parentCode() != null)
                .collect(Collectors.groupingBy(AreaRow::parentCode));
        for (AreaRow a : county.areas()) {
            if (a.parentCode() == null) {
                continue;
            }
            Geometry g = geom.get(a.code());
            Geometry parent = geom.get(a.parentCode());
            assertThat(g.difference(parent).getArea()).as("inside parent " + a.code())
                    .isLessThan(Math.max(g.getArea() * 1e-4, SLIVER));
            assertThat(g.contains(g.getFactory().createPoint(new org.locationtech.jts.geom.Coordinate(
                    a.centroidLon(), a.centroidLat())))).as("centroid inside " + a.code()).isTrue();
        }
        for (List<AreaRow> siblings : children.values()) {
            List<AreaRow> base = siblings.stream().filter(s -> s.kind().equals("BASE")
                    || s.level().equals("MICRO_GRID")).toList();
            for (int i = 0; i < base.size(); i++) {
                for (int j = i + 1; j < base.size(); j++) {
                    Geometry a = geom.get(base.get(i).code());
                    Geometry b = geom.get(base.get(j).code());
                    if (a.getEnvelopeInternal().intersects(b.getEnvelopeInternal())) {
                        assertThat(a.intersection(b).getArea()).as(base.get(i).code() + " vs " + base.get(j).code())
                                .isLessThan(Math.max(Math.min(a.getArea(), b.getArea()) * 1e-4, SLIVER));
                    }
                }
            }
        }
        // the base grids of a village tile it
        for (AreaRow v : county.areas()) {
            if (v.level().equals("VILLAGE") && v.kind().equals("BASE")) {
                double sum = children.get(v.code()).stream().filter(c -> c.level().equals("GRID"))
                        .mapToDouble(c -> geom.get(c.code()).getArea()).sum();
                assertThat(sum).as("grids tile " + v.code()).isCloseTo(geom.get(v.code()).getArea(),
                        org.assertj.core.data.Percentage.withPercentage(0.1));
            }
        }
    }

    @Test
    void gridsAreNumberedWestToEastNorthToSouth() {
        Map<String, List<AreaRow>> byVillage = county.areas().stream().filter(a -> a.level().equals("GRID"))
                .collect(Collectors.groupingBy(AreaRow::parentCode));
        int checked = 0;
        for (List<AreaRow> grids : byVillage.values()) {
            if (grids.size() >= 4) {
                // the first grid lies further north than the last
                assertThat(grids.getFirst().centroidLat()).isGreaterThan(grids.getLast().centroidLat());
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(5);
    }

    @Test
    void peopleHaveValidIdNumbersOfTheCountyAndUniquePhones() {
        Set<String> ids = new HashSet<>();
        Set<String> phones = new HashSet<>();
        for (PersonRow p : county.persons()) {
            assertThat(IdNumbers.isValidId(p.idNumber())).as(p.idNumber()).isTrue();
            assertThat(p.idNumber()).startsWith("440784");
            assertThat(Integer.parseInt(p.idNumber().substring(16, 17)) % 2 == 1).isEqualTo(p.gender().equals("M"));
            assertThat(p.phone()).matches("1[3-9]\\d{9}");
            assertThat(p.name()).matches("\\p{IsHan}{2,4}");
            ids.add(p.idNumber());
            phones.add(p.phone());
        }
        assertThat(ids).hasSize(county.persons().size());
        assertThat(phones).hasSize(county.persons().size());
    }

    @Test
    void idNumberChecksumFollowsGb11643() {
        assertThat(IdNumbers.checkCharacter("11010519491231002")).isEqualTo('X');
        assertThat(IdNumbers.isValidId("11010519491231002X")).isTrue();
        assertThat(IdNumbers.isValidId("110105194912310021")).isFalse();
        assertThat(IdNumbers.isValidId("44078419900101123")).isFalse();
    }

    @Test
    void demoAccountsMatchTheGeneratedPeople() {
        assertThat(county.accounts()).hasSize(DemoAccounts.ALL.size());
        for (DemoAccounts.DemoAccount a : DemoAccounts.ALL) {
            DemoCounty.AccountRow row = county.accounts().stream().filter(r -> r.username().equals(a.username()))
                    .findFirst().orElseThrow(() -> new AssertionError("missing " + a.username()));
            assertThat(county.roles()).as(a.username()).anyMatch(r -> r.person() == row.person()
                    && r.role().equals(a.role()) && r.areaCode().equals(a.scopeCode())
                    && java.util.Objects.equals(r.workerType(), a.workerType()));
        }
        assertThat(county.roles().stream().filter(r -> r.role().equals("DEPARTMENT_HANDLER")
                && county.accounts().stream().anyMatch(x -> x.username().equals("dept.market")
                && x.person() == r.person()))).allMatch(r -> r.orgCode().equals("440784-DEPT-SCJG"));
    }

    @Test
    void sameSeedSameCountyOtherSeedOtherCounty() {
        assertThat(new CountyGenerator(SEED).generate().fingerprint()).isEqualTo(county.fingerprint());
        assertThat(new CountyGenerator(SEED + 1).generate().fingerprint()).isNotEqualTo(county.fingerprint());
    }

    @Test
    void copiesScaleWithDistinctCodesAndShiftedShapes() {
        CountyGenerator generator = new CountyGenerator(SEED);
        List<DemoCounty> three = List.of(county, generator.copy(county, 1), generator.copy(county, 2));
        Set<String> areaCodes = new HashSet<>();
        Set<String> orgCodes = new HashSet<>();
        Set<String> ids = new HashSet<>();
        for (DemoCounty c : three) {
            assertThat(c.areas()).hasSize(county.areas().size());
            assertThat(c.persons()).hasSize(county.persons().size());
            assertThat(c.roles()).hasSize(county.roles().size());
            assertThat(c.count("GRID", "BASE")).isEqualTo(338);
            c.areas().forEach(a -> assertThat(a.code()).startsWith(c.code()));
            c.persons().forEach(p -> assertThat(p.idNumber()).startsWith(c.code()));
            c.areas().forEach(a -> areaCodes.add(a.code()));
            c.orgs().forEach(o -> orgCodes.add(o.code()));
            c.persons().forEach(p -> ids.add(p.idNumber()));
        }
        assertThat(areaCodes).hasSize(3 * county.areas().size());
        assertThat(orgCodes).hasSize(3 * county.orgs().size());
        assertThat(ids).hasSize(3 * county.persons().size());
        assertThat(three.get(1).accounts()).isEmpty();
        assertThat(three.get(1).code()).isEqualTo("448001");
        Geometry a = three.get(0).areas().getFirst().boundary();
        Geometry b = three.get(1).areas().getFirst().boundary();
        assertThat(a.intersects(b)).isFalse();
        assertThat(b.getArea()).isCloseTo(a.getArea(), org.assertj.core.data.Percentage.withPercentage(0.01));
        assertThat(generator.copy(county, 1).fingerprint()).isEqualTo(three.get(1).fingerprint());
    }
}
