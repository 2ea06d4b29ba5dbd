package org.fengqiao.platform;

import java.util.List;

/**
 * Declared (as a bean) by a module for each of its tables holding {@link FieldCipher} values, so that {@link
 * KeyRotation} can re-encrypt them under a new key. The owning module names its own table and columns; nothing else
 * about the table is assumed but a unique id column.
 */
public record EncryptedColumns(String table, String idColumn, List<String> columns) {

    public EncryptedColumns {
        if (table == null || !table.matches("[a-z_][a-z0-9_]*") || idColumn == null
                || !idColumn.matches("[a-z_][a-z0-9_]*") || columns == null || columns.isEmpty()
                || !columns.stream().allMatch(c -> c != null && c.matches("[a-z_][a-z0-9_]*"))) {
            throw new IllegalArgumentException("table, id column and encrypted columns are plain SQL names");
        }
        columns = List.copyOf(columns);
    }

    public static EncryptedColumns of(String table, String idColumn, String... columns) {
        return new EncryptedColumns(table, idColumn, List.of(columns));
    }
}
