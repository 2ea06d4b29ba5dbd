package org.fengqiao.geography.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

import org.fengqiao.geography.GridLocation;
import org.locationtech.jts.algorithm.locate.IndexedPointInAreaLocator;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Location;
import org.locationtech.jts.index.strtree.STRtree;

/**
 * An immutable in-memory index answering "which base grid and overlays contain this WGS84 point". Built once, then
 * only read (safe for any number of threads once published, e.g. through a volatile or atomic reference).
 * <p>
 * A point inside a grid wins over a point on its edge; on a shared edge the grid with the smallest code wins, so
 * the answer is deterministic. Overlays with a boundary are matched geometrically; overlays without one are matched
 * through the base grids they are linked to (overlay_coverage).
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

    private record Node(Entry entry, IndexedPointInAreaLocator locator, Envelope envelope) {
    }

    public static final GridIndex EMPTY = new GridIndex(List.of(), List.of());

    private final STRtree grids;
    private final STRtree overlays;
    private final boolean hasOverlays;
    private final int gridCount;
    private final int overlayCount;

    public GridIndex(List<Entry> gridEntries, List<Entry> overlayEntries) {
        this.grids = tree(gridEntries);
        this.overlays = tree(overlayEntries);
        this.gridCount = gridEntries.size();
        this.overlayCount = overlayEntries.size();
        this.hasOverlays = !overlayEntries.isEmpty();
    }

    private static STRtree tree(List<Entry> entries) {
        STRtree tree = new STRtree(Math.max(2, Math.min(10, entries.size())));
        // sorted by code so that candidates come out in a stable order
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparing(Entry::code));
        for (Entry e : sorted) {
            Geometry g = e.geometry();
            if (g == null || g.isEmpty()) {
                continue;
            }
            IndexedPointInAreaLocator locator = new IndexedPointInAreaLocator(g);
            Envelope env = g.getEnvelopeInternal();
            // builds the locator's internal index now, before the index is published to other threads
            locator.locate(new Coordinate(env.getMinX(), env.getMinY()));
            tree.insert(env, new Node(e, locator, env));
        }
        tree.build();
        return tree;
    }

    public int gridCount() {
        return gridCount;
    }

    public int overlayCount() {
        return overlayCount;
    }

    public Optional<GridLocation> locate(double lon, double lat) {
        if (!Double.isFinite(lon) || !Double.isFinite(lat)) {
            return Optional.empty();
        }
        Coordinate c = new Coordinate(lon, lat);
        Envelope probe = new Envelope(c);
        Node onEdge = null;
        Node inside = null;
        for (Object o : grids.query(probe)) {
            Node n = (Node) o;
            int loc = n.locator().locate(c);
            if (loc == Location.INTERIOR) {
                inside = n;
                break;
            }
            if (loc == Location.BOUNDARY && (onEdge == null || n.entry().code().compareTo(onEdge.entry().code()) < 0)) {
                onEdge = n;
            }
        }
        Node hit = inside != null ? inside : onEdge;
        if (hit == null) {
            return Optional.empty();
        }
        Entry grid = hit.entry();
        List<String> overlayCodes = grid.linkedOverlays();
        if (hasOverlays) {
            List<?> candidates = overlays.query(probe);
            if (!candidates.isEmpty()) {
                TreeSet<String> codes = null;
                for (Object o : candidates) {
                    Node n = (Node) o;
                    if (n.locator().locate(c) != Location.EXTERIOR) {
                        if (codes == null) {
                            codes = new TreeSet<>(overlayCodes);
                        }
                        codes.add(n.entry().code());
                    }
                }
                if (codes != null) {
                    overlayCodes = List.copyOf(codes);
                }
            }
        }
        String code = grid.code();
        return Optional.of(new GridLocation(code, grid.name(), prefix(code, 12), prefix(code, 9), overlayCodes));
    }

    private static String prefix(String code, int length) {
        return code.length() >= length ? code.substring(0, length) : code;
    }
}
