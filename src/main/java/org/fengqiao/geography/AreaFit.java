package org.fengqiao.geography;

import java.util.ArrayList;
import java.util.List;

import org.fengqiao.geography.internal.BoundaryValidator;
import org.locationtech.jts.geom.Geometry;
import org.springframework.stereotype.Component;

/** Where a boundary may lie: inside its parent, beside its siblings; and which base grids an overlay covers. */
@Component
class AreaFit {

    private final AreaStore store;

    AreaFit(AreaStore store) {
        this.store = store;
    }

    /** Whether a boundary fits under the parent and beside the parent's other children; problem text or null. */
    String problem(Geometry g, String code, String kind, AreaStore.Area parent, Long excludeId) {
        if (parent == null) {
            return null;
        }
        Geometry pg = parent.geometry();
        if (pg != null && !"MARITIME".equals(kind)) {
            String p = BoundaryValidator.outsideParent(g, pg, parent.code());
            if (p != null) {
                return p;
            }
        }
        for (AreaStore.Area sibling : store.siblings(parent.id(), kind)) {
            if (excludeId != null && sibling.id() == excludeId || sibling.code().equals(code)) {
                continue;
            }
            Geometry sg = sibling.geometry();
            if (sg != null) {
                String p = BoundaryValidator.overlap(g, sg, sibling.code());
                if (p != null) {
                    return p;
                }
            }
        }
        return null;
    }

    /** Links an overlay with a boundary to every active base grid of its county it covers noticeably. */
    void recomputeCoverage(long overlayId, String overlayCode, Geometry overlay) {
        List<Long> covered = new ArrayList<>();
        for (AreaStore.Area grid : store.baseGridsWithBoundary(overlayCode.substring(0, 6))) {
            Geometry gg = grid.geometry();
            if (gg != null && BoundaryValidator.covers(overlay, gg)) {
                covered.add(grid.id());
            }
        }
        store.replaceCoverage(overlayId, covered);
    }
}
