package org.fengqiao.publicchannel;

/**
 * The stable public code of a grid, building / door plate, enterprise or place, as printed on its QR plate.
 *
 * @param kind      GRID, BUILDING, ENTERPRISE, PLACE or ROOM
 * @param targetRef the area code (GRID, BUILDING), organisation code (ENTERPRISE), place key (PLACE) or the
 *                  registry's room id (ROOM)
 * @param areaCode  the area the thing lies in; reports made through the code are located there
 */
public record PublicCode(String code, String kind, String targetRef, String areaCode, String name, String address,
                         Double lon, Double lat, boolean retired) {
}
