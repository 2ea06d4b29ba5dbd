package org.fengqiao.registry.internal;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Rows streamed into one table with PostgreSQL's {@code COPY … FROM STDIN} (text format) through the driver's copy
 * API, on the caller's connection and so in its transaction: the bulk path's way to store many rows without a
 * statement per row. Values are escaped here (backslash, tab, newline, carriage return; {@code \N} for null; bytea as
 * {@code \x} hex). Identity columns take the values given, as with {@code overriding system value}; stored generated
 * columns and constraints are computed and checked by the server as for an insert.
 */
public final class CopyRows implements AutoCloseable {

    private static final int FLUSH = 1 << 16;
    private static final java.time.format.DateTimeFormatter TIME =
            java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSSxxx", java.util.Locale.ROOT);
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final CopyIn copy;
    private final StringBuilder sb = new StringBuilder(FLUSH + 4096);
    private boolean first = true;
    private long rows;
    private boolean done;

    private CopyRows(CopyIn copy) {
        this.copy = copy;
    }

    /** Starts a copy into {@code table (columns)}; the columns as in SQL, comma-separated. */
    public static CopyRows into(Connection con, String table, String columns) throws SQLException {
        PGConnection pg = con.unwrap(PGConnection.class);
        return new CopyRows(pg.getCopyAPI().copyIn("copy " + table + " (" + columns + ") from stdin"));
    }

    private void sep() {
        if (first) {
            first = false;
        } else {
            sb.append('\t');
        }
    }

    public CopyRows text(String v) {
        sep();
        if (v == null) {
            sb.append("\\N");
            return this;
        }
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '\t' -> sb.append("\\t");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                default -> sb.append(c);
            }
        }
        return this;
    }

    public CopyRows number(long v) {
        sep();
        sb.append(v);
        return this;
    }

    public CopyRows number(Integer v) {
        return v == null ? nul() : number(v.longValue());
    }

    public CopyRows bool(boolean v) {
        sep();
        sb.append(v ? 't' : 'f');
        return this;
    }

    public CopyRows bytes(byte[] v) {
        sep();
        if (v == null) {
            sb.append("\\N");
            return this;
        }
        // bytea's hex input "\x…", its backslash escaped for the text format
        sb.append("\\\\x");
        for (byte b : v) {
            sb.append(HEX[(b >> 4) & 0xf]).append(HEX[b & 0xf]);
        }
        return this;
    }

    public CopyRows date(LocalDate v) {
        return v == null ? nul() : text(v.toString());
    }

    public CopyRows time(OffsetDateTime v) {
        return v == null ? nul() : text(TIME.format(v));
    }

    public CopyRows nul() {
        sep();
        sb.append("\\N");
        return this;
    }

    /** Ends the current row. */
    public void endRow() throws SQLException {
        sb.append('\n');
        first = true;
        rows++;
        if (sb.length() >= FLUSH) {
            flush();
        }
    }

    private void flush() throws SQLException {
        byte[] b = sb.toString().getBytes(StandardCharsets.UTF_8);
        copy.writeToCopy(b, 0, b.length);
        sb.setLength(0);
    }

    /** Sends the rest and ends the copy; the rows the server took. */
    public long finish() throws SQLException {
        flush();
        long n = copy.endCopy();
        done = true;
        if (n != rows) {
            throw new SQLException("copy wrote " + n + " rows of " + rows);
        }
        return n;
    }

    /** Cancels a copy that was not finished (an error on the way), so the connection can be used again. */
    @Override
    public void close() throws SQLException {
        if (!done && copy.isActive()) {
            copy.cancelCopy();
        }
    }
}
