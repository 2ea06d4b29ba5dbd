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
 * Rows streamed into one table with PostgreSQL's {@code COPY … FROM STDIN} (text format) through the driver's copy
 * API, on the caller's connection and so in its transaction: the bulk path's way to store many rows without a
 * statement per row. Rows are formatted (and so encrypted, by the caller's formatter) in chunks on a few threads while
 * the server takes the chunks already sent, in order. Values are escaped here (backslash, tab, newline, carriage
 * return; {@code \N} for null; bytea as {@code \x} hex; text arrays as {@code {"…"}} literals). Identity columns take
 * the values given, as with {@code overriding system value}; constraints, indexes and foreign keys are checked by the
 * server as for an insert, and any failure fails the copy (and the caller's transaction).
 */
public final class CopyRows {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(CopyRows.class);
    private static final int CHUNK = 2_000;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSSxxx",
            Locale.ROOT);
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

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
        if (n == 0) {
            return 0;
        }
        CopyIn copy = con.unwrap(PGConnection.class).getCopyAPI()
                .copyIn("copy " + table + " (" + columns + ") from stdin");
        boolean done = false;
        long start = System.nanoTime();
        java.util.concurrent.atomic.AtomicLong formatting = new java.util.concurrent.atomic.AtomicLong();
        int threads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
        try (ExecutorService pool = Executors.newFixedThreadPool(threads, Thread.ofPlatform().daemon()
                .name("registry-copy-", 0).factory())) {
            Deque<Future<Line>> inFlight = new ArrayDeque<>();
            int next = 0;
            while (next < n || !inFlight.isEmpty()) {
                while (next < n && inFlight.size() < threads * 2) {
                    int from = next;
                    int to = Math.min(n, from + CHUNK);
                    inFlight.add(pool.submit(() -> {
                        long t = System.nanoTime();
                        Line line = new Line((to - from) * 320);
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

        Line(int capacity) {
            buf = new byte[capacity];
        }

        private void ensure(int n) {
            if (len + n > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
            }
        }

        private void sep() {
            if (first) {
                first = false;
            } else {
                ensure(1);
                buf[len++] = '\t';
            }
        }

        void endRow() {
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
            sep();
            ascii(Long.toString(v));
            return this;
        }

        public Line number(Integer v) {
            return v == null ? nul() : number(v.longValue());
        }

        public Line bool(boolean v) {
            sep();
            ensure(1);
            buf[len++] = (byte) (v ? 't' : 'f');
            return this;
        }

        /** A bytea value in hex ({@code \x…}, its backslash escaped for the text format). */
        public Line bytes(byte[] v) {
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
            sep();
            ascii(v.toString());
            return this;
        }

        /** A timestamptz; a bulk write stamps every row with the same time, formatted once. */
        public Line time(OffsetDateTime v) {
            if (v == null) {
                return nul();
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
            sep();
            ascii("\\N");
            return this;
        }
    }
}
