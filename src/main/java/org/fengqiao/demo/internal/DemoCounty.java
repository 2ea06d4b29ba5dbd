package org.fengqiao.demo.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

import org.locationtech.jts.geom.Geometry;

/**
 * One generated county, as plain rows in insertion order (parents before children). Personal data is held in
 * plain text here and encrypted only when written.
 */
public record DemoCounty(String code, String name, List<AreaRow> areas, List<OrgRow> orgs, List<PersonRow> persons,
                         List<RoleRow> roles, List<CoverageRow> coverage, List<AccountRow> accounts) {

    /** An area; {@code boundaryJson} is the GeoJSON geometry written to the database. */
    public record AreaRow(String code, String parentCode, String level, String kind, String name, String subtype,
                          Geometry boundary, String boundaryJson, double centroidLon, double centroidLat) {
    }

    public record OrgRow(String code, String name, String kind, String areaCode, String parentCode) {
    }

    public record PersonRow(String name, String gender, String idNumber, String phone, String areaCode) {
    }

    /** A role of the person at index {@code person} of {@link #persons()}. */
    public record RoleRow(int person, String role, String areaCode, String orgCode, String workerType) {
    }

    public record CoverageRow(String overlayCode, String gridCode) {
    }

    public record AccountRow(String username, int person) {
    }

    /** A SHA-256 over every row in order: equal fingerprints mean identical data. */
    public String fingerprint() {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            StringBuilder sb = new StringBuilder(256);
            for (AreaRow a : areas) {
                sb.setLength(0);
                sb.append("A|").append(a.code()).append('|').append(a.parentCode()).append('|').append(a.level())
                        .append('|').append(a.kind()).append('|').append(a.name()).append('|').append(a.subtype())
                        .append('|').append(a.boundaryJson()).append('|')
                        .append(String.format(Locale.ROOT, "%.7f,%.7f", a.centroidLon(), a.centroidLat()));
                md.update(sb.toString().getBytes(StandardCharsets.UTF_8));
            }
            for (OrgRow o : orgs) {
                md.update(("O|" + o).getBytes(StandardCharsets.UTF_8));
            }
            for (PersonRow p : persons) {
                md.update(("P|" + p).getBytes(StandardCharsets.UTF_8));
            }
            for (RoleRow r : roles) {
                md.update(("R|" + r).getBytes(StandardCharsets.UTF_8));
            }
            for (CoverageRow c : coverage) {
                md.update(("C|" + c).getBytes(StandardCharsets.UTF_8));
            }
            for (AccountRow a : accounts) {
                md.update(("U|" + a).getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public long count(String level, String kind) {
        return areas.stream().filter(a -> a.level().equals(level) && a.kind().equals(kind)).count();
    }

    public long countRole(String role, String workerType) {
        return roles.stream().filter(r -> r.role().equals(role)
                && (workerType == null || workerType.equals(r.workerType()))).count();
    }
}
