package org.fengqiao.geography.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.fengqiao.geography.GridLocation;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;

class GridIndexTest {

    private static final GeometryFactory GF = new GeometryFactory();

    static Geometry box(double x0, double y0, double x1, double y1) {
        return GF.createPolygon(new Coordinate[] {new Coordinate(x0, y0), new Coordinate(x1, y0),
                new Coordinate(x1, y1), new Coordinate(x0, y1), new Coordinate(x0, y0)});
    }

    // two villages side by side, two grids each: 999001100001001 | 999001100001002 | 999001100002001 | ...002
    private final GridIndex index = new GridIndex(List.of(
            new GridIndex.Entry("999001100001002", "West-2", box(113.01, 22.0, 113.02, 22.01), List.of()),
            new GridIndex.Entry("999001100001001", "West-1", box(113.00, 22.0, 113.01, 22.01), List.of("999001100901")),
            new GridIndex.Entry("999001100002001", "East-1", box(113.02, 22.0, 113.03, 22.01), List.of()),
            new GridIndex.Entry("999001100002002", "East-2", box(113.03, 22.0, 113.04, 22.01), List.of())),
            List.of(new GridIndex.Entry("999001100900", "Park", box(113.015, 22.0, 113.035, 22.005), List.of()),
                    new GridIndex.Entry("999001100910", "Sea", box(113.038, 22.008, 113.05, 22.02), List.of())));

    @Test
    void pointInsideAGridFindsItWithVillageAndTown() {
        GridLocation l = index.locate(113.005, 22.005).orElseThrow();
        assertThat(l.gridCode()).isEqualTo("999001100001001");
        assertThat(l.gridName()).isEqualTo("West-1");
        assertThat(l.villageCode()).isEqualTo("999001100001");
        assertThat(l.townCode()).isEqualTo("999001100");
        // linked overlay without a boundary comes through the coverage link
        assertThat(l.overlayCodes()).containsExactly("999001100901");
        assertThat(index.locate(113.035, 22.009).orElseThrow().gridCode()).isEqualTo("999001100002002");
    }

    @Test
    void pointOnASharedEdgeGoesToTheSmallestCode() {
        assertThat(index.locate(113.01, 22.003).orElseThrow().gridCode()).isEqualTo("999001100001001");
        assertThat(index.locate(113.02, 22.003).orElseThrow().gridCode()).isEqualTo("999001100001002");
        // a shared corner of four... here of two grids, on the outer boundary
        assertThat(index.locate(113.03, 22.0).orElseThrow().gridCode()).isEqualTo("999001100002001");
    }

    @Test
    void pointOnTheOuterEdgeIsStillInTheGrid() {
        assertThat(index.locate(113.04, 22.005).orElseThrow().gridCode()).isEqualTo("999001100002002");
        assertThat(index.locate(113.0, 22.0).orElseThrow().gridCode()).isEqualTo("999001100001001");
    }

    @Test
    void pointOutsideEveryGridFindsNothing() {
        assertThat(index.locate(113.041, 22.005)).isEmpty();
        assertThat(index.locate(112.999, 22.005)).isEmpty();
        assertThat(index.locate(113.02, 22.0101)).isEmpty();
        assertThat(index.locate(Double.NaN, 22.0)).isEmpty();
        assertThat(GridIndex.EMPTY.locate(113.005, 22.005)).isEmpty();
    }

    @Test
    void overlaysWithBoundariesAreMatchedGeometrically() {
        assertThat(index.locate(113.025, 22.002).orElseThrow().overlayCodes()).containsExactly("999001100900");
        // park edge counts as inside the park
        assertThat(index.locate(113.035, 22.003).orElseThrow().overlayCodes()).containsExactly("999001100900");
        // same grid, but outside the park
        GridLocation north = index.locate(113.025, 22.008).orElseThrow();
        assertThat(north.gridCode()).isEqualTo("999001100002001");
        assertThat(north.overlayCodes()).isEmpty();
        // overlay polygon plus a linked overlay, sorted
        GridLocation both = index.locate(113.009, 22.001).orElseThrow();
        assertThat(both.overlayCodes()).containsExactly("999001100901");
        GridLocation sea = index.locate(113.039, 22.009).orElseThrow();
        assertThat(sea.overlayCodes()).containsExactly("999001100910");
    }

    @Test
    void holesAndMultiPolygonsAreRespected() throws Exception {
        Geometry ring = box(0, 0, 1, 1).difference(box(0.4, 0.4, 0.6, 0.6));
        Geometry two = box(2, 0, 3, 1).union(box(4, 0, 5, 1));
        GridIndex idx = new GridIndex(List.of(new GridIndex.Entry("999001100001001", "Ring", ring, List.of()),
                new GridIndex.Entry("999001100001002", "Two", two, List.of()),
                new GridIndex.Entry("999001100001003", "Hole", box(0.4, 0.4, 0.6, 0.6), List.of())), List.of());
        assertThat(idx.locate(0.1, 0.1).orElseThrow().gridCode()).isEqualTo("999001100001001");
        assertThat(idx.locate(0.5, 0.5).orElseThrow().gridCode()).isEqualTo("999001100001003");
        assertThat(idx.locate(4.5, 0.5).orElseThrow().gridCode()).isEqualTo("999001100001002");
        assertThat(idx.locate(3.5, 0.5)).isEmpty();
    }

    @Test
    void agreesWithJtsOnATessellationIncludingLargePolygons() {
        // a 20 × 20 tessellation with jittered shared vertices, plus a 200-vertex "circle" grid elsewhere and
        // a large overlay: every answer must match a brute-force JTS covers() over all areas
        java.util.SplittableRandom r = new java.util.SplittableRandom(1);
        int n = 20;
        double[][] px = new double[n + 1][n + 1];
        double[][] py = new double[n + 1][n + 1];
        for (int i = 0; i <= n; i++) {
            for (int j = 0; j <= n; j++) {
                boolean border = i == 0 || j == 0 || i == n || j == n;
                px[i][j] = i + (border ? 0 : (r.nextDouble() - 0.5) * 0.6);
                py[i][j] = j + (border ? 0 : (r.nextDouble() - 0.5) * 0.6);
            }
        }
        List<GridIndex.Entry> grids = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                Geometry g = GF.createPolygon(new Coordinate[] {new Coordinate(px[i][j], py[i][j]),
                        new Coordinate(px[i + 1][j], py[i + 1][j]), new Coordinate(px[i + 1][j + 1], py[i + 1][j + 1]),
                        new Coordinate(px[i][j + 1], py[i][j + 1]), new Coordinate(px[i][j], py[i][j])});
                grids.add(new GridIndex.Entry(String.format("999001100001%03d", i * n + j + 1), "g", g, List.of()));
            }
        }
        Geometry circle = GF.createPoint(new Coordinate(30, 10)).buffer(5, 50);
        assertThat(circle.getNumPoints()).isGreaterThan(GridIndex.SMALL_POLYGON);
        grids.add(new GridIndex.Entry("999001100002001", "circle", circle, List.of()));
        Geometry park = GF.createPoint(new Coordinate(12, 12)).buffer(6, 40);
        GridIndex idx = new GridIndex(grids, List.of(new GridIndex.Entry("999001100900", "park", park, List.of())));
        for (int k = 0; k < 20_000; k++) {
            double x = -1 + r.nextDouble() * 37;
            double y = -1 + r.nextDouble() * 22;
            org.locationtech.jts.geom.Point p = GF.createPoint(new Coordinate(x, y));
            String expected = grids.stream().filter(e -> e.geometry().covers(p)).map(GridIndex.Entry::code)
                    .min(String::compareTo).orElse(null);
            java.util.Optional<GridLocation> got = idx.locate(x, y);
            assertThat(got.map(GridLocation::gridCode).orElse(null)).as("(%s, %s)", x, y).isEqualTo(expected);
            got.ifPresent(l -> assertThat(l.overlayCodes().contains("999001100900")).isEqualTo(park.covers(p)));
        }
    }
}
