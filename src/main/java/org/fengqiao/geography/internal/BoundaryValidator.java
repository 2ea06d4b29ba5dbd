package org.fengqiao.geography.internal;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.PrecisionModel;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.geojson.GeoJsonReader;
import org.locationtech.jts.io.geojson.GeoJsonWriter;
import org.locationtech.jts.operation.valid.IsValidOp;
import org.locationtech.jts.operation.valid.TopologyValidationError;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks area boundaries (WGS84 polygons): well-formed, closed, valid, inside the parent and not overlapping the
 * siblings, each beyond a small tolerance expressed as a share of the area's own surface.
 */
public final class BoundaryValidator {

    /** Share of an area's surface that may lie outside its parent or under a sibling (digitising slack). */
    public static final double TOLERANCE = 0.005;

    private static final GeometryFactory FACTORY = new GeometryFactory(new PrecisionModel(), 4326);

    private BoundaryValidator() {
    }

    /** Parses a GeoJSON geometry text into a valid WGS84 polygon or multipolygon, or explains why it is not one. */
    public static Geometry parse(String geoJsonGeometry) throws BoundaryException {
        if (geoJsonGeometry == null || geoJsonGeometry.isBlank()) {
            throw new BoundaryException("has no geometry");
        }
        checkRings(geoJsonGeometry);
        Geometry g;
        try {
            g = new GeoJsonReader(FACTORY).read(geoJsonGeometry);
        } catch (ParseException e) {
            throw new BoundaryException("has an unreadable geometry: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            String m = String.valueOf(e.getMessage());
            if (m.contains("closed")) {
                throw new BoundaryException("has a ring that is not closed (first and last point differ)");
            }
            throw new BoundaryException("has an invalid geometry: " + m);
        } catch (RuntimeException e) {
            throw new BoundaryException("has an unreadable geometry (" + e.getClass().getSimpleName() + ")");
        }
        check(g);
        return g;
    }

    /** Rings must be closed (first position = last) with at least four positions, checked before JTS parses. */
    private static void checkRings(String text) throws BoundaryException {
        JsonNode root;
        try {
            root = JsonMapper.shared().readTree(text);
        } catch (JacksonException e) {
            throw new BoundaryException("has an unreadable geometry: " + e.getOriginalMessage());
        }
        String type = root.path("type").asString("");
        JsonNode coords = root.path("coordinates");
        if ("Polygon".equals(type)) {
            checkPolygon(coords, "");
        } else if ("MultiPolygon".equals(type)) {
            for (int i = 0; i < coords.size(); i++) {
                checkPolygon(coords.get(i), "polygon " + (i + 1) + ", ");
            }
        }
    }

    private static void checkPolygon(JsonNode rings, String where) throws BoundaryException {
        if (!rings.isArray() || rings.isEmpty()) {
            throw new BoundaryException("has a polygon without rings");
        }
        for (int r = 0; r < rings.size(); r++) {
            JsonNode ring = rings.get(r);
            String name = where + (r == 0 ? "outer ring" : "hole " + r);
            if (!ring.isArray() || ring.size() < 4) {
                throw new BoundaryException("has a ring (" + name + ") with fewer than 4 positions");
            }
            JsonNode first = ring.get(0);
            JsonNode last = ring.get(ring.size() - 1);
            if (first.size() < 2 || last.size() < 2 || first.get(0).asDouble() != last.get(0).asDouble()
                    || first.get(1).asDouble() != last.get(1).asDouble()) {
                throw new BoundaryException("has a ring (" + name + ") that is not closed (first and last point differ)");
            }
        }
    }

    /** Checks an already parsed geometry. */
    public static void check(Geometry g) throws BoundaryException {
        if (!(g instanceof Polygon) && !(g instanceof MultiPolygon)) {
            throw new BoundaryException("must be a Polygon or MultiPolygon, not " + g.getGeometryType());
        }
        if (g.isEmpty()) {
            throw new BoundaryException("is empty");
        }
        for (Coordinate c : g.getCoordinates()) {
            if (!Double.isFinite(c.x) || !Double.isFinite(c.y) || c.x < -180 || c.x > 180 || c.y < -90 || c.y > 90) {
                throw new BoundaryException("has a point outside WGS84 longitude/latitude (" + c.x + ", " + c.y + ")");
            }
        }
        for (int i = 0; i < g.getNumGeometries(); i++) {
            Polygon p = (Polygon) g.getGeometryN(i);
            if (!p.getExteriorRing().isClosed()) {
                throw new BoundaryException("has a ring that is not closed (first and last point differ)");
            }
        }
        TopologyValidationError err = new IsValidOp(g).getValidationError();
        if (err != null) {
            Coordinate at = err.getCoordinate();
            throw new BoundaryException("is not a valid polygon: " + err.getMessage()
                    + (at == null ? "" : " near (" + at.x + ", " + at.y + ")"));
        }
        if (g.getArea() <= 0) {
            throw new BoundaryException("has no surface");
        }
    }

    /** Problem text when too much of the area lies outside its parent, or null. */
    public static String outsideParent(Geometry child, Geometry parent, String parentCode) {
        if (parent == null) {
            return null;
        }
        if (!child.getEnvelopeInternal().intersects(parent.getEnvelopeInternal())) {
            return "lies entirely outside its parent " + parentCode;
        }
        if (parent.covers(child)) {
            return null;
        }
        double outside = child.difference(parent).getArea() / child.getArea();
        if (outside > TOLERANCE) {
            return String.format("lies %.1f%% outside its parent %s (at most %.1f%% allowed)", outside * 100,
                    parentCode, TOLERANCE * 100);
        }
        return null;
    }

    /** Problem text when the two siblings overlap beyond the tolerance, or null. */
    public static String overlap(Geometry a, Geometry b, String otherCode) {
        if (!a.getEnvelopeInternal().intersects(b.getEnvelopeInternal()) || !a.intersects(b)) {
            return null;
        }
        double shared = a.intersection(b).getArea();
        double smaller = Math.min(a.getArea(), b.getArea());
        if (shared / smaller > TOLERANCE) {
            return String.format("overlaps its sibling %s by %.1f%% (at most %.1f%% allowed)", otherCode,
                    shared / smaller * 100, TOLERANCE * 100);
        }
        return null;
    }

    /** Whether the overlay covers the grid noticeably (beyond the tolerance of the grid's surface). */
    public static boolean covers(Geometry overlay, Geometry grid) {
        if (!overlay.getEnvelopeInternal().intersects(grid.getEnvelopeInternal()) || !overlay.intersects(grid)) {
            return false;
        }
        return overlay.intersection(grid).getArea() / grid.getArea() > TOLERANCE;
    }

    public static String write(Geometry g) {
        GeoJsonWriter w = new GeoJsonWriter();
        w.setEncodeCRS(false);
        return w.write(g);
    }

    /** What is wrong with a boundary, phrased to follow "feature #3 (code …) ". */
    public static class BoundaryException extends Exception {
        public BoundaryException(String message) {
            super(message);
        }
    }
}
