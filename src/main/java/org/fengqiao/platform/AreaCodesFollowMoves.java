package org.fengqiao.platform;

import java.util.List;
import java.util.regex.Pattern;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The one way a module's stored area codes follow an area move. When an area moves, its subtree gets new codes;
 * data scope is a prefix match on area codes, so every row keeping a code under the old prefix must take the new one,
 * in the same transaction as the move (the listener runs synchronously, inside it). A module declares which of ITS
 * tables and columns hold area codes and calls {@link #follow} from its listener of geography's {@code AreaRecoded}:
 * each module writes only its own tables.
 */
public abstract class AreaCodesFollowMoves {

    private static final Pattern COLUMN = Pattern.compile("[a-z_][a-z0-9_]*\\.[a-z_][a-z0-9_]*");

    private final JdbcClient jdbc;
    private final List<String[]> columns;

    /** @param tableColumns the module's own columns holding area codes, as {@code table.column} */
    protected AreaCodesFollowMoves(JdbcClient jdbc, String... tableColumns) {
        this.jdbc = jdbc;
        this.columns = List.of(tableColumns).stream().map(tc -> {
            if (!COLUMN.matcher(tc).matches()) {
                throw new IllegalArgumentException("Not a table.column: " + tc);
            }
            return tc.split("\\.");
        }).toList();
    }

    /** Re-prefixes every declared column's codes under {@code oldPrefix}; call inside the move's transaction. */
    protected final void follow(String oldPrefix, String newPrefix) {
        for (String[] tc : columns) {
            String c = tc[1];
            jdbc.sql("update " + tc[0] + " set " + c + " = ? || substr(" + c + ", ?) where " + c + " like ?")
                    .params(newPrefix, oldPrefix.length() + 1, oldPrefix + "%").update();
        }
    }
}
