package org.fengqiao.geography;

/**
 * Something in the area tree changed (created, renamed, moved, retired, boundaries imported). Published inside the
 * changing transaction; listeners that need the committed state listen after commit.
 *
 * @param action CREATE, RENAME, MOVE, RETIRE, BOUNDARY or IMPORT
 * @param code   the area changed (for IMPORT: the first area of the import)
 */
public record AreaTreeChanged(String action, String code) {
}
