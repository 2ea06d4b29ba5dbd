package org.fengqiao.open311.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Open311 document model and its two wire formats. XML is written as elements with no namespace and no
 * attributes; JSON is its mechanical mapping (the "Spark convention"): a wrapper of repeated children becomes an
 * array and the wrapper name is dropped, a nested list becomes an array-valued key, an empty element becomes null.
 */
public final class Wire {

    private Wire() {
    }

    /** A list whose XML items are each named {@code item}: {@code <services><service>…}. */
    public record Rep(String item, List<?> items) {
    }

    /** An object keeping its fields in order. */
    public static Map<String, Object> obj(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    public static String xml(String root, Object value) {
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
        element(sb, root, value);
        sb.append('\n');
        return sb.toString();
    }

    private static void element(StringBuilder sb, String name, Object value) {
        if (value == null || (value instanceof String s && s.isEmpty())) {
            sb.append('<').append(name).append("/>");
            return;
        }
        sb.append('<').append(name).append('>');
        if (value instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                element(sb, (String) e.getKey(), e.getValue());
            }
        } else if (value instanceof Rep r) {
            for (Object item : r.items()) {
                element(sb, r.item(), item);
            }
        } else {
            escape(sb, String.valueOf(value));
        }
        sb.append("</").append(name).append('>');
    }

    private static void escape(StringBuilder sb, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&apos;");
                default -> {
                    // characters XML 1.0 cannot carry are dropped
                    if (c >= 0x20 || c == '\n' || c == '\r' || c == '\t') {
                        sb.append(c);
                    }
                }
            }
        }
    }

    public static String json(Object value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value);
        return sb.toString();
    }

    private static void write(StringBuilder sb, Object value) {
        if (value == null) {
            sb.append("null");
        } else if (value instanceof Map<?, ?> m) {
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                string(sb, (String) e.getKey());
                sb.append(':');
                write(sb, e.getValue());
            }
            sb.append('}');
        } else if (value instanceof Rep r) {
            write(sb, r.items());
        } else if (value instanceof List<?> l) {
            sb.append('[');
            for (int i = 0; i < l.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                write(sb, l.get(i));
            }
            sb.append(']');
        } else if (value instanceof Boolean || value instanceof Number) {
            sb.append(value);
        } else {
            String s = String.valueOf(value);
            if (s.isEmpty()) {
                sb.append("null");
            } else {
                string(sb, s);
            }
        }
    }

    private static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
