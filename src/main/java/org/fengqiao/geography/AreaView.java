package org.fengqiao.geography;

/**
 * An area of the tree as other modules see it.
 *
 * @param level COUNTY, TOWN, VILLAGE, GRID, BUILDING or MICRO_GRID
 * @param kind  BASE, INDUSTRIAL_PARK, MARITIME or POLICE_ZONE
 */
public record AreaView(long id, String code, String parentCode, String level, String kind, String name,
                       boolean retired) {
}
