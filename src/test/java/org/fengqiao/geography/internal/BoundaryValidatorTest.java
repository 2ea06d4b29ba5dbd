package org.fengqiao.geography.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Geometry;

class BoundaryValidatorTest {

    static String square(double x0, double y0, double x1, double y1) {
        return "{\"type\":\"Polygon\",\"coordinates\":[[[" + x0 + "," + y0 + "],[" + x1 + "," + y0 + "],[" + x1 + ","
                + y1 + "],[" + x0 + "," + y1 + "],[" + x0 + "," + y0 + "]]]}";
    }

    @Test
    void acceptsAValidPolygonAndMultiPolygon() throws Exception {
        Geometry g = BoundaryValidator.parse(square(113, 22, 113.01, 22.01));
        assertThat(g.getGeometryType()).isEqualTo("Polygon");
        Geometry m = BoundaryValidator.parse("{\"type\":\"MultiPolygon\",\"coordinates\":[[[[0,0],[1,0],[1,1],[0,0]]],"
                + "[[[2,0],[3,0],[3,1],[2,0]]]]}");
        assertThat(m.getNumGeometries()).isEqualTo(2);
    }

    @Test
    void rejectsAnUnclosedRing() {
        assertThatThrownBy(() -> BoundaryValidator.parse(
                "{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,0],[1,1],[0,1]]]}"))
                .hasMessageContaining("outer ring").hasMessageContaining("not closed");
        assertThatThrownBy(() -> BoundaryValidator.parse(
                "{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,0],[0,0]]]}"))
                .hasMessageContaining("fewer than 4");
    }

    @Test
    void rejectsASelfIntersectingBowTie() {
        assertThatThrownBy(() -> BoundaryValidator.parse(
                "{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,1],[1,0],[0,1],[0,0]]]}"))
                .hasMessageContaining("not a valid polygon").hasMessageContaining("Self-intersection");
    }

    @Test
    void rejectsPointsLinesGarbageAndOutOfRangeCoordinates() {
        assertThatThrownBy(() -> BoundaryValidator.parse("{\"type\":\"Point\",\"coordinates\":[1,2]}"))
                .hasMessageContaining("Polygon or MultiPolygon");
        assertThatThrownBy(() -> BoundaryValidator.parse("{\"type\":\"Polygon\""))
                .hasMessageContaining("unreadable");
        assertThatThrownBy(() -> BoundaryValidator.parse(null)).hasMessageContaining("no geometry");
        assertThatThrownBy(() -> BoundaryValidator.parse(square(200, 22, 201, 23)))
                .hasMessageContaining("outside WGS84");
    }

    @Test
    void insideParentWithinTolerance() throws Exception {
        Geometry parent = BoundaryValidator.parse(square(0, 0, 1, 1));
        assertThat(BoundaryValidator.outsideParent(BoundaryValidator.parse(square(0.1, 0.1, 0.5, 0.5)), parent, "P"))
                .isNull();
        // 0.1% outside: digitising slack
        assertThat(BoundaryValidator.outsideParent(BoundaryValidator.parse(square(0.5, 0.5, 1.0004, 1.0)), parent, "P"))
                .isNull();
        assertThat(BoundaryValidator.outsideParent(BoundaryValidator.parse(square(0.5, 0.5, 1.2, 1.0)), parent, "P"))
                .contains("outside its parent P");
        assertThat(BoundaryValidator.outsideParent(BoundaryValidator.parse(square(5, 5, 6, 6)), parent, "P"))
                .contains("entirely outside");
    }

    @Test
    void siblingOverlapBeyondTolerance() throws Exception {
        Geometry a = BoundaryValidator.parse(square(0, 0, 1, 1));
        assertThat(BoundaryValidator.overlap(a, BoundaryValidator.parse(square(1, 0, 2, 1)), "B")).isNull();
        assertThat(BoundaryValidator.overlap(a, BoundaryValidator.parse(square(0.999, 0, 2, 1)), "B")).isNull();
        assertThat(BoundaryValidator.overlap(a, BoundaryValidator.parse(square(0.5, 0, 2, 1)), "B"))
                .contains("overlaps its sibling B");
    }

    @Test
    void overlayCoversGridsItReallyOverlaps() throws Exception {
        Geometry overlay = BoundaryValidator.parse(square(0, 0, 1.5, 1));
        assertThat(BoundaryValidator.covers(overlay, BoundaryValidator.parse(square(1, 0, 2, 1)))).isTrue();
        assertThat(BoundaryValidator.covers(overlay, BoundaryValidator.parse(square(1.5, 0, 2, 1)))).isFalse();
    }
}
