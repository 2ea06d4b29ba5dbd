package org.fengqiao.registry.internal;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Rows streamed into one table with PostgreSQL's {@code COPY … FROM STDIN} (text format, or binary: {@link
 * #copyBinary}) through the driver's copy API, on the caller's connection and so in its transaction: the bulk path's
 * way to store many rows without a statement per row. Rows are formatted (and so encrypted, by the caller's
 * formatter) in chunks on a few threads while the server takes the chunks already sent, in order. In the text format
 * values are escaped here (backslash, tab, newline, carriage return; {@code \N} for null; bytea as {@code \x} hex;
 * text arrays as {@code {"…"}} literals); in the binary format each is written as the server stores it. Identity
 * columns take the values given, as with {@code overriding system value}; constraints, indexes and foreign keys are
 * checked by the server as for an insert, and any failure fails the copy (and the caller's transaction).
 */
public final class CopyRows {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(CopyRows.class);
    private static final int CHUNK = 2_000;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSSxxx",
            Locale.ROOT);
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    /** The binary format's signature, flags (none) and header extension length (none). */
    private static final byte[] BINARY_HEADER = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0,
            0, 0, 0, 0, 0, 0, 0, 0};
    /** The binary format's end: a field count of -1. */
    private static final byte[] BINARY_TRAILER = {(byte) 0xff, (byte) 0xff};
    /** 2000-01-01, PostgreSQL's epoch for dates and timestamps in the binary format. */
    private static final long PG_EPOCH_DAY = LocalDate.of(2000, 1, 1).toEpochDay();
    private static final long PG_EPOCH_SECOND = PG_EPOCH_DAY * 86_400;
    private static final int TEXT_OID = 25;

    private CopyRows() {
    }

    /** Writes row {@code i} to {@code out}; called on several threads at once, for different rows. */
    @FunctionalInterface
    public interface Formatter {
        void row(int i, Line out);
    }

    /**
     * Copies rows {@code 0 … n-1} into {@code table (columns)} (the columns as in SQL, comma-separated, in the order
     * the formatter writes them); the rows the server took, which is {@code n} or an exception.
     */
    public static long copy(Connection con, String table, String columns, int n, Formatter formatter)
            throws SQLException {
        return copy(con, table, columns, n, false, formatter);
    }

    /**
     * As {@link #copy(Connection, String, String, int, Formatter)}, in COPY's binary format: the server takes each
     * value as it is stored (no parsing of timestamps, bytea hex or array literals). Every column's type must be the
     * one its {@link Line} method writes: {@link Line#number} an {@code int8}, {@link Line#date} a {@code date},
     * {@link Line#time} a {@code timestamptz}, {@link Line#textArray} a {@code text[]}, {@link Line#text} any text
     * type, {@link Line#bytes} a {@code bytea}, {@link Line#bool} a {@code boolean}.
     */
    public static long copyBinary(Connection con, String table, String columns, int n, Formatter formatter)
            throws SQLException {
        return copy(con, table, columns, n, true, formatter);
    }

    private static long copy(Connection con, String table, String columns, int n, boolean binary,
                             Formatter formatter) throws SQLException {
        if (n == 0) {
            return 0;
        }
        CopyIn copy = con.unwrap(PGConnection.class).getCopyAPI()
                .copyIn("copy " + table + " (" + columns + ") from stdin" + (binary ? " (format binary)" : ""));
        boolean done = false;
        long start = System.nanoTime();
        java.util.concurrent.atomic.AtomicLong formatting = new java.util.concurrent.atomic.AtomicLong();
        int threads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
        try (ExecutorService pool = Executors.newFixedThreadPool(threads, Thread.ofPlatform().daemon()
                .name("registry-copy-", 0).factory())) {
            if (binary) {
                copy.writeToCopy(BINARY_HEADER, 0, BINARY_HEADER.length);
            }
            Deque<Future<Line>> inFlight = new ArrayDeque<>();
            int next = 0;
            while (next < n || !inFlight.isEmpty()) {
                while (next < n && inFlight.size() < threads * 2) {
                    int from = next;
                    int to = Math.min(n, from + CHUNK);
                    inFlight.add(pool.submit(() -> {
                        long t = System.nanoTime();
                        Line line = new Line((to - from) * 320, binary);
                        for (int i = from; i < to; i++) {
                            formatter.row(i, line);
                            line.endRow();
                        }
                        formatting.addAndGet(System.nanoTime() - t);
                        return line;
                    }));
                    next = to;
                }
                Line chunk = take(inFlight.removeFirst());
                copy.writeToCopy(chunk.buf, 0, chunk.len);
            }
            if (binary) {
                copy.writeToCopy(BINARY_TRAILER, 0, BINARY_TRAILER.length);
            }
            long written = copy.endCopy();
            done = true;
            log.debug("copy into {}: {} rows in {} ms, formatting {} ms of CPU on {} threads", table, written,
                    (System.nanoTime() - start) / 1_000_000, formatting.get() / 1_000_000, threads);
            if (written != n) {
                throw new SQLException("copy into " + table + " wrote " + written + " rows of " + n);
            }
            return written;
        } finally {
            if (!done && copy.isActive()) {
                copy.cancelCopy();
            }
        }
    }

    private static Line take(Future<Line> f) throws SQLException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while formatting rows for copy", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new SQLException("formatting rows for copy failed", e.getCause());
        }
    }

    /**
     * The rows being written, straight into UTF-8 bytes: one value after another, in the copy's column order. Escaping
     * works on the encoded bytes (a multi-byte UTF-8 sequence never holds an ASCII byte).
     */
    public static final class Line {
        private byte[] buf;
        private int len;
        private boolean first = true;
        private OffsetDateTime lastTime;
        private byte[] lastTimeText;
        private final boolean binary;
        /** In the binary format: where the current row's field count goes, and the count so far. */
        private int rowStart;
        private int fields;

        Line(int capacity, boolean binary) {
            buf = new byte[capacity];
            this.binary = binary;
        }

        private void int32(int v) {
            buf[len++] = (byte) (v >>> 24);
            buf[len++] = (byte) (v >>> 16);
            buf[len++] = (byte) (v >>> 8);
            buf[len++] = (byte) v;
        }

        private void int64(long v) {
            int32((int) (v >>> 32));
            int32((int) v);
        }

        /** A binary field of {@code n} bytes: its length, then room for the bytes. */
        private void field(int n) {
            sep();
            ensure(4 + n);
            int32(n);
        }

        private void ensure(int n) {
            if (len + n > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
            }
        }

        private void sep() {
            if (binary) {
                if (first) {
                    first = false;
                    ensure(2);
                    rowStart = len;
                    len += 2;
                    fields = 0;
                }
                fields++;
            } else if (first) {
                first = false;
            } else {
                ensure(1);
                buf[len++] = '\t';
            }
        }

        void endRow() {
            if (binary) {
                buf[rowStart] = (byte) (fields >>> 8);
                buf[rowStart + 1] = (byte) fields;
                first = true;
                return;
            }
            ensure(1);
            buf[len++] = '\n';
            first = true;
        }

        private void escaped(String v) {
            byte[] b = v.getBytes(StandardCharsets.UTF_8);
            ensure(b.length * 2);
            for (byte x : b) {
                switch (x) {
                    case '\\' -> {
                        buf[len++] = '\\';
                        buf[len++] = '\\';
                    }
                    case '\t' -> {
                        buf[len++] = '\\';
                        buf[len++] = 't';
                    }
                    case '\n' -> {
                        buf[len++] = '\\';
                        buf[len++] = 'n';
                    }
                    case '\r' -> {
                        buf[len++] = '\\';
                        buf[len++] = 'r';
                    }
                    default -> buf[len++] = x;
                }
            }
        }

        private void ascii(String v) {
            ensure(v.length());
            for (int i = 0; i < v.length(); i++) {
                buf[len++] = (byte) v.charAt(i);
            }
        }

        public Line text(String v) {
            if (binary) {
                if (v == null) {
                    return nul();
                }
                byte[] b = v.getBytes(StandardCharsets.UTF_8);
                field(b.length);
                System.arraycopy(b, 0, buf, len, b.length);
                len += b.length;
                return this;
            }
            sep();
            if (v == null) {
                ascii("\\N");
            } else {
                escaped(v);
            }
            return this;
        }

        /** A text[] value: each element double-quoted (so commas, braces, spaces and NULL stay text). */
        public Line textArray(String[] v) {
            if (v == null) {
                return nul();
            }
            if (binary) {
                // dimensions, has-nulls flag, element type; then the dimension's size and lower bound; the elements
                byte[][] e = new byte[v.length][];
                int size = v.length == 0 ? 12 : 20;
                for (int i = 0; i < v.length; i++) {
                    e[i] = v[i].getBytes(StandardCharsets.UTF_8);
                    size += 4 + e[i].length;
                }
                field(size);
                int32(v.length == 0 ? 0 : 1);
                int32(0);
                int32(TEXT_OID);
                if (v.length > 0) {
                    int32(v.length);
                    int32(1);
                }
                for (byte[] x : e) {
                    int32(x.length);
                    System.arraycopy(x, 0, buf, len, x.length);
                    len += x.length;
                }
                return this;
            }
            StringBuilder a = new StringBuilder(v.length * 8 + 2).append('{');
            for (int i = 0; i < v.length; i++) {
                if (i > 0) {
                    a.append(',');
                }
                a.append('"');
                String e = v[i];
                for (int k = 0; k < e.length(); k++) {
                    char c = e.charAt(k);
                    if (c == '"' || c == '\\') {
                        a.append('\\');
                    }
                    a.append(c);
                }
                a.append('"');
            }
            sep();
            escaped(a.append('}').toString());
            return this;
        }

        public Line number(long v) {
            if (binary) {
                field(8);
                int64(v);
                return this;
            }
            sep();
            ascii(Long.toString(v));
            return this;
        }

        public Line number(Integer v) {
            return v == null ? nul() : number(v.longValue());
        }

        public Line bool(boolean v) {
            if (binary) {
                field(1);
                buf[len++] = (byte) (v ? 1 : 0);
                return this;
            }
            sep();
            ensure(1);
            buf[len++] = (byte) (v ? 't' : 'f');
            return this;
        }

        /** A bytea value in hex ({@code \x…}, its backslash escaped for the text format). */
        public Line bytes(byte[] v) {
            if (binary) {
                if (v == null) {
                    return nul();
                }
                field(v.length);
                System.arraycopy(v, 0, buf, len, v.length);
                len += v.length;
                return this;
            }
            sep();
            if (v == null) {
                ascii("\\N");
                return this;
            }
            ensure(3 + 2 * v.length);
            buf[len++] = '\\';
            buf[len++] = '\\';
            buf[len++] = 'x';
            for (byte b : v) {
                buf[len++] = HEX[(b >> 4) & 0xf];
                buf[len++] = HEX[b & 0xf];
            }
            return this;
        }

        public Line date(LocalDate v) {
            if (v == null) {
                return nul();
            }
            if (binary) {
                field(4);
                int32((int) (v.toEpochDay() - PG_EPOCH_DAY));
                return this;
            }
            sep();
            ascii(v.toString());
            return this;
        }

        /** A timestamptz; a bulk write stamps every row with the same time, formatted once. */
        public Line time(OffsetDateTime v) {
            if (v == null) {
                return nul();
            }
            if (binary) {
                field(8);
                int64((v.toEpochSecond() - PG_EPOCH_SECOND) * 1_000_000 + v.getNano() / 1_000);
                return this;
            }
            if (!v.equals(lastTime)) {
                lastTime = v;
                lastTimeText = TIME.format(v).getBytes(StandardCharsets.US_ASCII);
            }
            sep();
            ensure(lastTimeText.length);
            System.arraycopy(lastTimeText, 0, buf, len, lastTimeText.length);
            len += lastTimeText.length;
            return this;
        }

        public Line nul() {
            if (binary) {
                sep();
                ensure(4);
                int32(-1);
                return this;
            }
            sep();
            ascii("\\N");
            return this;
        }
    }
}
