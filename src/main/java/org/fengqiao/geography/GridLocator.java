package org.fengqiao.geography;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.fengqiao.geography.internal.GridIndex;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.geojson.GeoJsonReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Finds the base grid and the overlay grids containing a WGS84 point, in memory. The index is loaded when the
 * application is ready (or on first use) and rebuilt after every committed boundary or tree change; readers always
 * see one complete immutable index (atomic swap). Retired areas are left out.
 */
@Component
public class GridLocator {

    private static final Logger log = LoggerFactory.getLogger(GridLocator.class);

    private final JdbcClient jdbc;
    private final AtomicReference<GridIndex> index = new AtomicReference<>();

    GridLocator(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The base grid (and overlays) containing the point, or nothing when no active grid contains it. */
    public Optional<GridLocation> locate(double lon, double lat) {
        GridIndex current = index.get();
        if (current == null) {
            current = refresh();
        }
        return current.locate(lon, lat);
    }

    /** How many base grids and overlays the current index holds. */
    public int[] sizes() {
        GridIndex current = index.get();
        return current == null ? new int[] {0, 0} : new int[] {current.gridCount(), current.overlayCount()};
    }

    @EventListener(ApplicationReadyEvent.class)
    void onReady() {
        refresh();
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void onTreeChanged(AreaTreeChanged event) {
        refresh();
    }

    /** Rebuilds the index from the database and swaps it in. */
    public synchronized GridIndex refresh() {
        long started = System.nanoTime();
        GeoJsonReader reader = new GeoJsonReader();
        record Row(long id, String code, String name, String kind, String boundary) {
        }
        List<Row> rows = jdbc.sql("""
                        select id, code, name, kind, boundary from area
                        where retired_at is null and boundary is not null
                          and ((level = 'GRID' and kind = 'BASE') or kind <> 'BASE')""")
                .query((rs, n) -> new Row(rs.getLong("id"), rs.getString("code"), rs.getString("name"),
                        rs.getString("kind"), rs.getString("boundary"))).list();
        // overlays without a boundary reach points through the base grids they cover
        Map<Long, List<String>> linked = new HashMap<>();
        jdbc.sql("""
                        select c.grid_id, o.code from overlay_coverage c join area o on o.id = c.overlay_id
                        where o.retired_at is null and o.boundary is null order by o.code""")
                .query(rs -> {
                    linked.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getString(2));
                });
        List<GridIndex.Entry> grids = new ArrayList<>();
        List<GridIndex.Entry> overlays = new ArrayList<>();
        for (Row r : rows) {
            Geometry g;
            try {
                g = reader.read(r.boundary());
            } catch (ParseException | RuntimeException e) {
                log.warn("Area {} has an unreadable boundary, left out of the grid locator: {}", r.code(),
                        e.getMessage());
                continue;
            }
            if ("BASE".equals(r.kind())) {
                grids.add(new GridIndex.Entry(r.code(), r.name(), g, linked.getOrDefault(r.id(), List.of())));
            } else {
                overlays.add(new GridIndex.Entry(r.code(), r.name(), g, List.of()));
            }
        }
        GridIndex built = new GridIndex(grids, overlays);
        index.set(built);
        log.info("Grid locator loaded {} grids and {} overlays in {} ms", grids.size(), overlays.size(),
                (System.nanoTime() - started) / 1_000_000);
        return built;
    }
}
