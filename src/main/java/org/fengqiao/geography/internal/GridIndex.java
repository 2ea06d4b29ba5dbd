package org.fengqiao.geography.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

import org.fengqiao.geography.GridLocation;
import org.locationtech.jts.algorithm.RayCrossingCounter;
import org.locationtech.jts.algorithm.locate.IndexedPointInAreaLocator;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Location;
import org.locationtech.jts.geom.Polygon;

/**
 * An immutable in-memory index answering "which base grid and overlays contain this WGS84 point". Built once, then
 * only read: safe for any number of threads once published (e.g. through an atomic reference).
 * <p>
 * A point inside a grid wins over a point on an edge; on a shared edge the grid with the smallest code wins, so
 * the answer is deterministic. Overlays with a boundary are matched geometrically; overlays without one are matched
 * through the base grids they are linked to (overlay_coverage).
 * <p>
 * Speed (see docs/benchmarks.md): the candidates come from a uniform bucket grid sized to the typical grid (a
 * JTS STRtree was measured at less than half the speed); small polygons are tested with JTS's exact
 * {@link RayCrossingCounter} on their rings, large ones with a prepared {@link IndexedPointInAreaLocator}; the
 * answer for a grid without geometric overlays is precomputed, so most lookups allocate nothing.
 */
public final class GridIndex {

    /**
     * An area to index.
     *
     * @param linkedOverlays for a base grid: codes of boundary-less overlays linked to it
     */
    public record Entry(String code, String name, Geometry geometry, List<String> linkedOverlays) {
        public Entry {
            linkedOverlays = linkedOverlays == null ? List.of() : List.copyOf(linkedOverlays);
        }
    }

    /** Rings of this many points or fewer are tested directly; larger polygons get an indexed locator. */
    static final int SMALL_POLYGON = 96;

    /** One indexed area: its exact point locator and, for a grid, its precomputed answer. */
    private static final class Node {
        final Entry entry;
        final Coordinate[][][] rings;            // per polygon: shell, holes... (small polygons)
        final double[][][] xs;                   // the same rings as plain coordinates, for the fast test
        final double[][][] ys;
        final IndexedPointInAreaLocator indexed; // large polygons
        final Optional<GridLocation> answer;

        Node(Entry entry) {
            this.entry = entry;
            Geometry g = entry.geometry();
            if (g.getNumPoints() <= SMALL_POLYGON) {
                rings = new Coordinate[g.getNumGeometries()][][];
                xs = new double[g.getNumGeometries()][][];
                ys = new double[g.getNumGeometries()][][];
                for (int i = 0; i < g.getNumGeometries(); i++) {
                    Polygon p = (Polygon) g.getGeometryN(i);
                    rings[i] = new Coordinate[p.getNumInteriorRing() + 1][];
                    rings[i][0] = p.getExteriorRing().getCoordinates();
                    for (int h = 0; h < p.getNumInteriorRing(); h++) {
                        rings[i][h + 1] = p.getInteriorRingN(h).getCoordinates();
                    }
                    xs[i] = new double[rings[i].length][];
                    ys[i] = new double[rings[i].length][];
                    for (int r = 0; r < rings[i].length; r++) {
                        Coordinate[] ring = rings[i][r];
                        xs[i][r] = new double[ring.length];
                        ys[i][r] = new double[ring.length];
                        for (int k = 0; k < ring.length; k++) {
                            xs[i][r][k] = ring[k].x;
                            ys[i][r][k] = ring[k].y;
                        }
                    }
                }
                indexed = null;
            } else {
                rings = null;
                xs = null;
                ys = null;
                indexed = new IndexedPointInAreaLocator(g);
                // builds the locator's lazy index now, before the index is published to other threads
                Envelope env = g.getEnvelopeInternal();
                indexed.locate(new Coordinate(env.getMinX(), env.getMinY()));
            }
            String code = entry.code();
            answer = Optional.of(new GridLocation(code, entry.name(), prefix(code, 12), prefix(code, 9),
                    entry.linkedOverlays()));
        }

        int locate(Coordinate c) {
            if (indexed != null) {
                return indexed.locate(c);
            }
            for (int pi = 0; pi < rings.length; pi++) {
                Coordinate[][] polygon = rings[pi];
                int shell = ring(c, polygon[0], xs[pi][0], ys[pi][0]);
                if (shell == Location.EXTERIOR) {
                    continue;
                }
                if (shell == Location.BOUNDARY) {
                    return Location.BOUNDARY;
                }
                int inHole = Location.EXTERIOR;
                for (int h = 1; h < polygon.length && inHole == Location.EXTERIOR; h++) {
                    inHole = ring(c, polygon[h], xs[pi][h], ys[pi][h]);
                }
                if (inHole == Location.BOUNDARY) {
                    return Location.BOUNDARY;
                }
                if (inHole == Location.EXTERIOR) {
                    return Location.INTERIOR;
                }
            }
            return Location.EXTERIOR;
        }

        /**
         * Crossing-number test in plain doubles; whenever the point is (nearly) on an edge or exactly at a
         * vertex's height, JTS's exact {@link RayCrossingCounter} decides instead, so edges stay exact.
         */
        static int ring(Coordinate c, Coordinate[] ring, double[] xs, double[] ys) {
            double x = c.x;
            double y = c.y;
            boolean inside = false;
            for (int i = 0, n = xs.length - 1; i < n; i++) {
                double x1 = xs[i];
                double y1 = ys[i];
                double x2 = xs[i + 1];
                double y2 = ys[i + 1];
                if ((y1 > y) != (y2 > y)) {
                    double det = (x2 - x1) * (y - y1) - (x - x1) * (y2 - y1);
                    double tol = 1e-12 * (Math.abs(x2 - x1) + Math.abs(y2 - y1)) * (Math.abs(x - x1) + Math.abs(y - y1) + 1);
                    if (Math.abs(det) <= tol) {
                        return RayCrossingCounter.locatePointInRing(c, ring);
                    }
                    if ((det > 0) == (y2 > y1)) {
                        inside = !inside;
                    }
                } else if (y == y1 || y == y2) {
                    return RayCrossingCounter.locatePointInRing(c, ring);
                }
            }
            return inside ? Location.INTERIOR : Location.EXTERIOR;
        }
    }

    /**
     * Candidates by position: the extent is cut into equal buckets about the size of a typical area; each bucket
     * lists (in code order) the areas whose envelope touches it.
     */
    private static final class Buckets {
        final Node[] nodes;
        final double[] env;  // minX, maxX, minY, maxY per node
        final double minX;
        final double minY;
        final double maxX;
        final double maxY;
        final double invW;
        final double invH;
        final int nx;
        final int ny;
        final int[] start;
        final int[] items;

        Buckets(List<Node> list) {
            nodes = list.toArray(new Node[0]);
            env = new double[nodes.length * 4];
            Envelope extent = new Envelope();
            double[] widths = new double[nodes.length];
            double[] heights = new double[nodes.length];
            for (int i = 0; i < nodes.length; i++) {
                Envelope e = nodes[i].entry.geometry().getEnvelopeInternal();
                env[i * 4] = e.getMinX();
                env[i * 4 + 1] = e.getMaxX();
                env[i * 4 + 2] = e.getMinY();
                env[i * 4 + 3] = e.getMaxY();
                extent.expandToInclude(e);
                widths[i] = e.getWidth();
                heights[i] = e.getHeight();
            }
            if (nodes.length == 0) {
                minX = minY = maxX = maxY = 0;
                invW = invH = 1;
                nx = ny = 1;
                start = new int[] {0, 0};
                items = new int[0];
                return;
            }
            minX = extent.getMinX();
            minY = extent.getMinY();
            maxX = extent.getMaxX();
            maxY = extent.getMaxY();
            Arrays.sort(widths);
            Arrays.sort(heights);
            double w = Math.max(widths[widths.length / 2], 1e-9);
            double h = Math.max(heights[heights.length / 2], 1e-9);
            double cols = Math.max(1, Math.ceil(extent.getWidth() / w));
            double rows = Math.max(1, Math.ceil(extent.getHeight() / h));
            // cap the bucket count (areas spread far apart): coarser buckets, same answers
            double cap = Math.max(65_536, 16.0 * nodes.length);
            if (cols * rows > cap) {
                double shrink = Math.sqrt(cols * rows / cap);
                cols = Math.max(1, Math.ceil(cols / shrink));
                rows = Math.max(1, Math.ceil(rows / shrink));
            }
            nx = (int) cols;
            ny = (int) rows;
            invW = nx / Math.max(extent.getWidth(), 1e-12);
            invH = ny / Math.max(extent.getHeight(), 1e-12);
            int[] counts = new int[nx * ny + 1];
            for (int i = 0; i < nodes.length; i++) {
                for (int by = row(env[i * 4 + 2]); by <= row(env[i * 4 + 3]); by++) {
                    for (int bx = col(env[i * 4]); bx <= col(env[i * 4 + 1]); bx++) {
                        counts[by * nx + bx + 1]++;
                    }
                }
            }
            start = new int[nx * ny + 1];
            for (int b = 0; b < nx * ny; b++) {
                start[b + 1] = start[b] + counts[b + 1];
            }
            items = new int[start[nx * ny]];
            int[] fill = Arrays.copyOf(start, nx * ny);
            for (int i = 0; i < nodes.length; i++) { // nodes are in code order, so each bucket is too
                for (int by = row(env[i * 4 + 2]); by <= row(env[i * 4 + 3]); by++) {
                    for (int bx = col(env[i * 4]); bx <= col(env[i * 4 + 1]); bx++) {
                        items[fill[by * nx + bx]++] = i;
                    }
                }
            }
        }

        int col(double x) {
            return Math.min(nx - 1, Math.max(0, (int) ((x - minX) * invW)));
        }

        int row(double y) {
            return Math.min(ny - 1, Math.max(0, (int) ((y - minY) * invH)));
        }

        /** First bucket slot for the point, or -1 when it lies outside the extent. */
        int bucket(double x, double y) {
            if (nodes.length == 0 || x < minX || x > maxX || y < minY || y > maxY) {
                return -1;
            }
            return row(y) * nx + col(x);
        }

        boolean inEnvelope(int i, double x, double y) {
            int o = i * 4;
            return x >= env[o] && x <= env[o + 1] && y >= env[o + 2] && y <= env[o + 3];
        }
    }

    public static final GridIndex EMPTY = new GridIndex(List.of(), List.of());

    private final Buckets grids;
    private final Buckets overlays;

    public GridIndex(List<Entry> gridEntries, List<Entry> overlayEntries) {
        this.grids = new Buckets(nodes(gridEntries));
        this.overlays = new Buckets(nodes(overlayEntries));
    }

    private static List<Node> nodes(List<Entry> entries) {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.removeIf(e -> e.geometry() == null || e.geometry().isEmpty());
        sorted.sort(Comparator.comparing(Entry::code));
        List<Node> nodes = new ArrayList<>(sorted.size());
        for (Entry e : sorted) {
            nodes.add(new Node(e));
        }
        return nodes;
    }

    public int gridCount() {
        return grids.nodes.length;
    }

    public int overlayCount() {
        return overlays.nodes.length;
    }

    public Optional<GridLocation> locate(double lon, double lat) {
        if (!Double.isFinite(lon) || !Double.isFinite(lat)) {
            return Optional.empty();
        }
        int b = grids.bucket(lon, lat);
        if (b < 0) {
            return Optional.empty();
        }
        Coordinate c = new Coordinate(lon, lat);
        Node onEdge = null;
        Node hit = null;
        for (int k = grids.start[b], end = grids.start[b + 1]; k < end; k++) {
            int i = grids.items[k];
            if (!grids.inEnvelope(i, lon, lat)) {
                continue;
            }
            Node n = grids.nodes[i];
            int loc = n.locate(c);
            if (loc == Location.INTERIOR) {
                hit = n;
                break;
            }
            if (loc == Location.BOUNDARY && onEdge == null) { // code order: the first is the smallest
                onEdge = n;
            }
        }
        if (hit == null) {
            hit = onEdge;
        }
        if (hit == null) {
            return Optional.empty();
        }
        int ob = overlays.bucket(lon, lat);
        if (ob < 0) {
            return hit.answer;
        }
        TreeSet<String> codes = null;
        for (int k = overlays.start[ob], end = overlays.start[ob + 1]; k < end; k++) {
            int i = overlays.items[k];
            if (overlays.inEnvelope(i, lon, lat)) {
                Node n = overlays.nodes[i];
                if (n.locate(c) != Location.EXTERIOR) {
                    if (codes == null) {
                        codes = new TreeSet<>(hit.entry.linkedOverlays());
                    }
                    codes.add(n.entry.code());
                }
            }
        }
        if (codes == null) {
            return hit.answer;
        }
        GridLocation base = hit.answer.get();
        return Optional.of(new GridLocation(base.gridCode(), base.gridName(), base.villageCode(), base.townCode(),
                List.copyOf(codes)));
    }

    private static String prefix(String code, int length) {
        return code.length() >= length ? code.substring(0, length) : code;
    }
}
