package org.fengqiao.shell.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * HTTP/1.1 spoken byte by byte over a socket, so that a request can be as broken as a fuzzer wants: invalid
 * percent-encodings and raw bytes in the request line, bodies that are not what their headers say. One connection per
 * request ({@code Connection: close}); the client socket is bound to a chosen loopback address, so the server sees
 * many different callers (per-IP limits of the public channel are then those of fake addresses, not of 127.0.0.1,
 * which other tests use).
 */
public final class RawHttp {

    private final int port;

    public RawHttp(int port) {
        this.port = port;
    }

    /** An answer: status, headers (names in lower case), and the body with any chunked encoding removed. */
    public record Response(int status, Map<String, List<String>> headers, byte[] body) {
        public Optional<String> header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
        }

        public List<String> all(String name) {
            return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** A request being built: the request line target is sent exactly as given (already encoded, or not). */
    public static final class Request {
        final String method;
        final byte[] target;
        final List<String[]> headers = new ArrayList<>();
        byte[] body;

        public Request(String method, String target) {
            this(method, target.getBytes(StandardCharsets.UTF_8));
        }

        public Request(String method, byte[] target) {
            this.method = method;
            this.target = target;
        }

        public Request header(String name, String value) {
            headers.add(new String[] {name, value});
            return this;
        }

        public Request body(String contentType, byte[] content) {
            if (contentType != null) {
                header("Content-Type", contentType);
            }
            this.body = content;
            return this;
        }

        public Request body(String contentType, String content) {
            return body(contentType, content.getBytes(StandardCharsets.UTF_8));
        }

        public String describe() {
            String t = new String(target, StandardCharsets.ISO_8859_1);
            return method + " " + (t.length() > 200 ? t.substring(0, 200) + "…" : t);
        }

        byte[] bytes() {
            if (body == null && headers.stream().anyMatch(h -> h[0].equalsIgnoreCase("Transfer-Encoding"))) {
                // a request that claims a transfer coding carries a body that is not in it
                body = "not chunked".getBytes(StandardCharsets.ISO_8859_1);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes((method + " ").getBytes(StandardCharsets.ISO_8859_1));
            out.writeBytes(target);
            out.writeBytes(" HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1));
            for (String[] h : headers) {
                out.writeBytes((h[0] + ": ").getBytes(StandardCharsets.ISO_8859_1));
                out.writeBytes(h[1].getBytes(StandardCharsets.UTF_8));
                out.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
            }
            if (body != null) {
                out.writeBytes(("Content-Length: " + body.length + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            }
            out.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) {
                out.writeBytes(body);
            }
            return out.toByteArray();
        }
    }

    public Response send(Request request) {
        return send(request, InetAddress.getLoopbackAddress());
    }

    /** Sends from this local address (any 127.x.y.z works on Linux). */
    public Response send(Request request, InetAddress from) {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(from, 0));
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.bytes());
            out.flush();
            return parse(socket.getInputStream().readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(request.describe() + ": " + e.getMessage(), e);
        }
    }

    static Response parse(byte[] raw) {
        int end = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), 0);
        if (end < 0) {
            throw new IllegalStateException("no complete answer: " + new String(raw, StandardCharsets.ISO_8859_1));
        }
        String[] lines = new String(raw, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
        String[] statusLine = lines[0].split(" ", 3);
        int status = Integer.parseInt(statusLine[1]);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.computeIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        k -> new ArrayList<>()).add(lines[i].substring(colon + 1).trim());
            }
        }
        byte[] body = java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
        List<String> te = headers.getOrDefault("transfer-encoding", List.of());
        if (te.stream().anyMatch(v -> v.equalsIgnoreCase("chunked"))) {
            body = dechunk(body);
        }
        return new Response(status, headers, body);
    }

    private static byte[] dechunk(byte[] in) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int pos = 0;
        while (pos < in.length) {
            int lineEnd = indexOf(in, new byte[] {'\r', '\n'}, pos);
            if (lineEnd < 0) {
                break;
            }
            String sizeText = new String(in, pos, lineEnd - pos, StandardCharsets.ISO_8859_1);
            int semi = sizeText.indexOf(';');
            int size = Integer.parseInt((semi < 0 ? sizeText : sizeText.substring(0, semi)).trim(), 16);
            if (size == 0) {
                break;
            }
            int start = lineEnd + 2;
            out.write(in, start, Math.min(size, in.length - start));
            pos = start + size + 2;
        }
        return out.toByteArray();
    }

    static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /**
     * A signed-in browser session: its cookie ({@code name=value}; JSESSIONID in the container, SESSION with sessions
     * in the database) and the CSRF token to send with changes.
     */
    public record Session(String cookie, String csrf) {
    }

    /** Signs in through the login form, as a browser would. */
    public Session signIn(String username, String password) {
        Response page = send(new Request("GET", "/login"));
        String cookie = sessionCookie(page);
        String csrf = match(page.text(), "name=\"_csrf\"\\s+value=\"([^\"]+)\"");
        Response in = send(new Request("POST", "/login").header("Cookie", cookie)
                .body("application/x-www-form-urlencoded", "username=" + username + "&password="
                        + java.net.URLEncoder.encode(password, StandardCharsets.UTF_8) + "&_csrf=" + csrf));
        String location = in.header("location").orElse("");
        if (in.status() != 302 || location.contains("error")) {
            throw new IllegalStateException("sign-in of " + username + " failed: " + in.status() + " " + location);
        }
        cookie = sessionCookie(in);
        Response home = send(new Request("GET", "/").header("Cookie", cookie));
        return new Session(cookie, match(home.text(), "name=\"_csrf\" content=\"([^\"]+)\""));
    }

    /** A visitor's session on a public page with a form (its CSRF token from the form). */
    public Session visit(String path) {
        Response page = send(new Request("GET", path));
        return new Session(sessionCookie(page), match(page.text(), "name=\"_csrf\"\\s+value=\"([^\"]+)\""));
    }

    /** The session cookie an answer sets, as {@code name=value}. */
    public static String sessionCookie(Response r) {
        for (String c : r.all("set-cookie")) {
            if (c.startsWith("JSESSIONID=") || c.startsWith("SESSION=")) {
                return c.substring(0, c.indexOf(';') < 0 ? c.length() : c.indexOf(';'));
            }
        }
        throw new IllegalStateException("no session cookie in the answer (" + r.status() + ")");
    }

    public static String cookie(Response r, String name) {
        for (String c : r.all("set-cookie")) {
            if (c.startsWith(name + "=")) {
                return c.substring(name.length() + 1, c.indexOf(';') < 0 ? c.length() : c.indexOf(';'));
            }
        }
        throw new IllegalStateException("no " + name + " cookie in the answer (" + r.status() + ")");
    }

    static String match(String text, String regex) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(regex).matcher(text);
        if (!m.find()) {
            throw new IllegalStateException("no " + regex + " in " + (text.length() > 300 ? text.substring(0, 300) : text));
        }
        return m.group(1);
    }
}
