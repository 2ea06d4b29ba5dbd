package org.fengqiao.open311;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.fengqiao.intake.SubmitReport;
import org.springframework.context.i18n.LocaleContextHolder;

/** What every Open311 resource shares: the wire's time format, limits, and parsing of parameters into problems. */
final class Open311Params {

    private Open311Params() {
    }

    static final ZoneId ZONE = org.fengqiao.platform.CountyTime.ZONE;
    static final DateTimeFormatter W3C = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");
    static final int MAX_DESCRIPTION = 4000;
    /** Intake keeps the whole description (its limit is Open311's), so no copy is kept here. */
    static final int INTAKE_DESCRIPTION = SubmitReport.MAX_DESCRIPTION;
    static final int DEFAULT_LIMIT = 1000;
    static final Duration MAX_RANGE = Duration.ofDays(90);
    /** Only reports that arrived through a public channel are published by the unauthenticated GETs. */
    static final List<String> PUBLISHED_CHANNELS = List.of("QR", "OPEN311");

    static OffsetDateTime ts(Instant i) {
        return i == null ? null : OffsetDateTime.ofInstant(i, ZONE);
    }

    static Locale locale() {
        return LocaleContextHolder.getLocale();
    }

    static String format(Instant i) {
        return i == null ? null : W3C.format(i.atZone(ZONE).truncatedTo(ChronoUnit.SECONDS));
    }

    static Double number(String s, String name, List<String> problems) {
        if (s == null) {
            return null;
        }
        try {
            double d = Double.parseDouble(s);
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new NumberFormatException();
            }
            if ((name.equals("lat") && Math.abs(d) > 90) || (name.equals("long") && Math.abs(d) > 180)) {
                problems.add(name + " is out of range");
            }
            return d;
        } catch (NumberFormatException e) {
            problems.add(name + " must be a decimal number");
            return null;
        }
    }

    static int intParam(String s, String name, List<String> problems, int dflt) {
        if (s == null) {
            return dflt;
        }
        try {
            int v = Integer.parseInt(s);
            if (v < 1) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            problems.add(name + " must be a positive whole number");
            return dflt;
        }
    }

    /** A W3C date-time with a mandatory zone; a missing zone is an error (rule 1.4). */
    static Instant date(String s, String name, List<String> problems) {
        if (s == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(s.replace(' ', '+')).toInstant();
        } catch (DateTimeParseException e) {
            problems.add(name + " must be a W3C date-time with a zone, e.g. 2026-03-15T08:00:00+08:00 or "
                    + "2026-03-15T00:00:00Z");
            return null;
        }
    }

    static List<String> split(String s) {
        if (s == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String p : s.split(",")) {
            if (!p.isBlank()) {
                out.add(p.strip());
            }
        }
        return out;
    }

    static String join(String a, String b) {
        String s = ((a == null ? "" : a) + " " + (b == null ? "" : b)).strip();
        return s.isEmpty() ? null : abbreviateTo(s, 60);
    }

    static String abbreviate(String s) {
        return abbreviateTo(s, 60);
    }

    static String abbreviateTo(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
