package org.fengqiao.platform;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * The columns of a batch of records as arrays, the parameters of one set-based statement
 * ({@code insert … select … from unnest(?::bigint[], ?::text[], …) as v(…)}). A text column carries each value in
 * PostgreSQL's text form, to be cast in the statement: an {@link Instant} as ISO-8601 ({@code ::timestamptz}), a
 * number as Java writes it (exact for a double, {@code ::float8}), an enum by name, a collection as an array literal
 * with every element quoted ({@code ::uuid[]}), {@code null} as SQL NULL.
 */
public final class BatchColumns<T> {

    private final List<T> rows;
    private final List<Object> arrays = new ArrayList<>();

    private BatchColumns(List<T> rows) {
        this.rows = rows;
    }

    public static <T> BatchColumns<T> of(List<T> rows) {
        return new BatchColumns<>(rows);
    }

    /** A {@code bigint[]} column. */
    public BatchColumns<T> id(ToLongFunction<? super T> column) {
        Long[] values = new Long[rows.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = column.applyAsLong(rows.get(i));
        }
        arrays.add(values);
        return this;
    }

    /** A {@code text[]} column. */
    public BatchColumns<T> text(Function<? super T, ?> column) {
        String[] values = new String[rows.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = text(column.apply(rows.get(i)));
        }
        arrays.add(values);
        return this;
    }

    /** The arrays in the order the columns were named, for {@code JdbcClient.params(…)}. */
    public Object[] params() {
        return arrays.toArray();
    }

    static String text(Object value) {
        return switch (value) {
            case null -> null;
            case Enum<?> e -> e.name();
            case Collection<?> c -> {
                StringBuilder sb = new StringBuilder("{");
                for (Object element : c) {
                    String t = text(element);
                    sb.append(sb.length() > 1 ? "," : "").append(t == null ? "NULL"
                            : '"' + t.replace("\\", "\\\\").replace("\"", "\\\"") + '"');
                }
                yield sb.append('}').toString();
            }
            default -> value.toString();
        };
    }
}
