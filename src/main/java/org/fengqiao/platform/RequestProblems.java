package org.fengqiao.platform;

import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.exc.ValueInstantiationException;

/**
 * What was wrong with a request, in one sentence a client can act on: which field or parameter, what was given, what
 * is expected (for a choice: every allowed value). Never a Java type, a parser's internals or SQL.
 */
final class RequestProblems {

    private RequestProblems() {
    }

    /** A problem the client caused, with the status to answer. */
    record Problem(HttpStatus status, String detail) {
    }

    /** The JSON body could not be turned into the operation's input. */
    static String unreadable(HttpMessageNotReadableException e) {
        Throwable cause = e.getCause();
        if (cause instanceof InvalidFormatException f && f.getTargetType() != null && f.getTargetType().isEnum()) {
            return "Field '" + path(f) + "': " + quoted(f.getValue()) + " is not one of "
                    + allowed(f.getTargetType()) + ".";
        }
        if (cause instanceof UnrecognizedPropertyException u) {
            return "Field '" + path(u) + "' is not known here.";
        }
        if (cause instanceof MismatchedInputException m) {
            String field = path(m);
            Class<?> type = m.getTargetType();
            if (field.isEmpty()) {
                return "The body must be " + expected(type) + ".";
            }
            if (type != null && type.isEnum()) {
                return "Field '" + field + "' must be one of " + allowed(type) + ".";
            }
            return "Field '" + field + "' must be " + expected(type) + ".";
        }
        if (cause instanceof ValueInstantiationException v) {
            String field = path(v);
            Throwable why = v.getCause();
            String reason = why instanceof IllegalArgumentException && why.getMessage() != null
                    ? why.getMessage() : "a value cannot be used";
            return field.isEmpty() ? reason : "Field '" + field + "': " + reason;
        }
        if (cause instanceof StreamConstraintsException) {
            return "The JSON body is nested too deeply, or one of its numbers or texts is too long.";
        }
        if (cause instanceof StreamReadException r) {
            TokenStreamLocation at = r.getLocation();
            return "The body is not valid JSON" + (at == null || at.getLineNr() < 0 ? ""
                    : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")") + ".";
        }
        if (cause instanceof JacksonException j && !path(j).isEmpty()) {
            return "Field '" + path(j) + "' cannot be read.";
        }
        String message = e.getMessage();
        if (message != null && message.startsWith("Required request body is missing")) {
            return "Send the request body as JSON.";
        }
        return "The body cannot be read as JSON of the expected shape.";
    }

    /** A query or path parameter of the wrong type. */
    static String parameter(String name, Object value, Class<?> type) {
        if (type != null && type.isEnum()) {
            return "Parameter '" + name + "': " + quoted(value) + " is not one of " + allowed(type) + ".";
        }
        return "Parameter '" + name + "': " + quoted(value) + " is not " + expected(type) + ".";
    }

    /**
     * A fault of the request itself that surfaces as an exception below the controllers: a multipart body that does
     * not parse, a parameter that is not valid percent-encoded UTF-8, a value the database cannot store. Null when
     * the exception is not the client's doing.
     */
    static Problem clientFault(Throwable e) {
        if (e instanceof MaxUploadSizeExceededException) {
            return new Problem(HttpStatus.CONTENT_TOO_LARGE, "The upload is too large.");
        }
        if (e instanceof MultipartException m) {
            return new Problem(HttpStatus.BAD_REQUEST, multipart(m));
        }
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof org.apache.tomcat.util.http.InvalidParameterException) {
                return new Problem(HttpStatus.BAD_REQUEST,
                        "A parameter is not correctly percent-encoded UTF-8 text (name=value pairs joined by '&').");
            }
        }
        if (e instanceof DataIntegrityViolationException d) {
            String state = sqlState(d);
            if (state != null && state.startsWith("22")) {
                return new Problem(HttpStatus.BAD_REQUEST, switch (state) {
                    case "22021", "22P05" -> "A value contains a character that cannot be stored (such as NUL, U+0000).";
                    case "22001" -> "A value is longer than allowed.";
                    case "22003" -> "A number is out of range.";
                    default -> "A value is not in the expected form.";
                });
            }
        }
        return null;
    }

    /** Why a multipart body cannot be read, without the parser's words. */
    static String multipart(MultipartException e) {
        String all = chain(e);
        if (all.contains("not a multipart request")) {
            return "Send the file as multipart/form-data.";
        }
        if (all.contains("no multipart boundary") || all.contains("boundary token")) {
            return "The multipart body does not match the boundary in its Content-Type.";
        }
        if (all.contains("Stream ended unexpectedly") || all.contains("MalformedStream")) {
            return "The multipart body ends before its closing boundary.";
        }
        if (all.contains("file name") || all.contains("RFC 5987") || all.contains("hexadecimal")
                || all.contains("content disposition") || all.contains("Charset")) {
            return "A part of the multipart body has a malformed Content-Disposition (name or file name).";
        }
        return "The multipart body is malformed.";
    }

    private static String chain(Throwable e) {
        StringBuilder b = new StringBuilder();
        for (Throwable t = e; t != null && b.length() < 4000; t = t.getCause() == t ? null : t.getCause()) {
            b.append(t.getClass().getSimpleName()).append(": ").append(t.getMessage()).append(" | ");
        }
        return b.toString();
    }

    private static String sqlState(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException s && s.getSQLState() != null) {
                return s.getSQLState();
            }
        }
        return null;
    }

    /** The field as a client names it: {@code photos[0].role}. */
    static String path(JacksonException e) {
        StringBuilder b = new StringBuilder();
        for (JacksonException.Reference r : e.getPath()) {
            if (r.getPropertyName() != null) {
                b.append(b.isEmpty() ? "" : ".").append(r.getPropertyName());
            } else if (r.getIndex() >= 0) {
                b.append('[').append(r.getIndex()).append(']');
            }
        }
        return b.toString();
    }

    static String allowed(Class<?> enumType) {
        return Arrays.stream(enumType.getEnumConstants()).map(c -> ((Enum<?>) c).name())
                .collect(Collectors.joining(", "));
    }

    /** What a value of this type looks like, in words. */
    static String expected(Class<?> type) {
        if (type == null) {
            return "of another kind";
        }
        if (type == String.class || type == Character.class || type == char.class) {
            return "text";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class
                || type == Short.class || type == short.class || type == java.math.BigInteger.class) {
            return "a whole number";
        }
        if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == UUID.class) {
            return "an id (UUID, e.g. 0190a6e2-7c1d-7b3e-9f00-1234567890ab)";
        }
        if (type == LocalDate.class) {
            return "a date (yyyy-mm-dd)";
        }
        if (type == YearMonth.class) {
            return "a month (yyyy-mm)";
        }
        if (type == Instant.class || type == OffsetDateTime.class || type == LocalDateTime.class) {
            return "a date and time (e.g. 2026-03-01T08:00:00+08:00)";
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "a list";
        }
        if (type.isEnum()) {
            return "one of " + allowed(type);
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord() || !type.isPrimitive()) {
            return "an object";
        }
        return "of another kind";
    }

    /** A value shown back to the client: short, on one line, without control characters. */
    static String quoted(Object value) {
        String s = value == null ? "null" : String.valueOf(value);
        s = s.codePoints().filter(c -> !Character.isISOControl(c)).collect(StringBuilder::new,
                StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return "'" + (s.length() > 40 ? s.substring(0, 40) + "…" : s) + "'";
    }
}
