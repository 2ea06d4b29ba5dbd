package org.fengqiao.demo.internal;

import java.nio.ByteBuffer;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.fengqiao.demo.internal.DemoCounty.PersonRow;
import org.fengqiao.platform.FieldCipher;
import org.fengqiao.platform.Masking;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.ParameterizedPreparedStatementSetter;
import org.springframework.stereotype.Component;

/**
 * Writes a generated county with JDBC batches: areas, organisations, persons (ID number and phone encrypted with
 * their blind index and masked form), role assignments, overlay coverage and accounts. Runs in the caller's
 * transaction.
 */
@Component
public class CountyWriter {

    private static final int BATCH = 1000;

    private final JdbcTemplate jdbc;
    private final FieldCipher cipher;

    CountyWriter(JdbcTemplate jdbc, FieldCipher cipher) {
        this.jdbc = jdbc;
        this.cipher = cipher;
    }

    /** Row counts written. */
    public record Written(int areas, int organisations, int persons, int roles, int coverage, int accounts) {
        public Written plus(Written o) {
            return new Written(areas + o.areas, organisations + o.organisations, persons + o.persons,
                    roles + o.roles, coverage + o.coverage, accounts + o.accounts);
        }
    }

    /** Writes the county; {@code passwordHash} is used for every account of the county (may be null without). */
    public Written write(DemoCounty county, String passwordHash) {
        batch("""
                insert into area (code, parent_id, level, kind, name, subtype, boundary, centroid_lon, centroid_lat)
                values (?, (select id from area where code = ?), ?, ?, ?, ?, ?, ?, ?)""", county.areas(),
                (ps, a) -> {
                    ps.setString(1, a.code());
                    ps.setString(2, a.parentCode());
                    ps.setString(3, a.level());
                    ps.setString(4, a.kind());
                    ps.setString(5, a.name());
                    ps.setString(6, a.subtype());
                    ps.setString(7, a.boundaryJson());
                    ps.setDouble(8, a.centroidLon());
                    ps.setDouble(9, a.centroidLat());
                });
        batch("""
                insert into organisation (code, name, kind, area_code, parent_id)
                values (?, ?, ?, ?, (select id from organisation where code = ?))""", county.orgs(),
                (ps, o) -> {
                    ps.setString(1, o.code());
                    ps.setString(2, o.name());
                    ps.setString(3, o.kind());
                    ps.setString(4, o.areaCode());
                    ps.setString(5, o.parentCode());
                });
        List<PersonRow> persons = county.persons();
        byte[][] idIndex = new byte[persons.size()][];
        List<Object[]> personRows = new java.util.ArrayList<>(persons.size());
        for (int i = 0; i < persons.size(); i++) {
            PersonRow p = persons.get(i);
            idIndex[i] = cipher.blindIndex(p.idNumber());
            personRows.add(new Object[] {p.name(), p.gender(), cipher.encrypt(p.idNumber()), idIndex[i],
                    Masking.idNumber(p.idNumber()), cipher.encrypt(p.phone()), cipher.blindIndex(p.phone()),
                    Masking.phone(p.phone()), p.areaCode()});
        }
        batch("""
                insert into person (name, gender, id_number_enc, id_number_index, id_number_masked,
                                    phone_enc, phone_index, phone_masked, area_code)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?)""", personRows, (ps, r) -> {
            ps.setString(1, (String) r[0]);
            ps.setString(2, (String) r[1]);
            ps.setBytes(3, (byte[]) r[2]);
            ps.setBytes(4, (byte[]) r[3]);
            ps.setString(5, (String) r[4]);
            ps.setBytes(6, (byte[]) r[5]);
            ps.setBytes(7, (byte[]) r[6]);
            ps.setString(8, (String) r[7]);
            ps.setString(9, (String) r[8]);
        });
        // the ids of the persons just written, by the blind index of their (unique) ID numbers
        Map<ByteBuffer, Long> idByIndex = new HashMap<>();
        jdbc.query("select id, id_number_index from person where area_code like ?", rs -> {
            idByIndex.put(ByteBuffer.wrap(rs.getBytes(2)), rs.getLong(1));
        }, county.code() + "%");
        long[] personId = new long[persons.size()];
        for (int i = 0; i < personId.length; i++) {
            Long id = idByIndex.get(ByteBuffer.wrap(idIndex[i]));
            if (id == null) {
                throw new IllegalStateException("person " + i + " was not written");
            }
            personId[i] = id;
        }
        batch("""
                insert into role_assignment (person_id, role, area_code, organisation_id, worker_type, granted_by)
                values (?, ?, ?, (select id from organisation where code = ?), ?, 'demo')""", county.roles(),
                (ps, r) -> {
                    ps.setLong(1, personId[r.person()]);
                    ps.setString(2, r.role());
                    ps.setString(3, r.areaCode());
                    setNullable(ps, 4, r.orgCode());
                    setNullable(ps, 5, r.workerType());
                });
        batch("""
                insert into overlay_coverage (overlay_id, grid_id)
                select o.id, g.id from area o, area g where o.code = ? and g.code = ?""", county.coverage(),
                (ps, c) -> {
                    ps.setString(1, c.overlayCode());
                    ps.setString(2, c.gridCode());
                });
        if (!county.accounts().isEmpty()) {
            if (passwordHash == null) {
                throw new IllegalArgumentException("accounts need a password hash");
            }
            batch("""
                    insert into account (username, person_id, password_hash, must_change_password)
                    values (?, ?, ?, false)""", county.accounts(), (ps, a) -> {
                ps.setString(1, a.username());
                ps.setLong(2, personId[a.person()]);
                ps.setString(3, passwordHash);
            });
        }
        return new Written(county.areas().size(), county.orgs().size(), persons.size(), county.roles().size(),
                county.coverage().size(), county.accounts().size());
    }

    private <T> void batch(String sql, List<T> rows, ParameterizedPreparedStatementSetter<T> setter) {
        if (!rows.isEmpty()) {
            jdbc.batchUpdate(sql, rows, BATCH, setter);
        }
    }

    private static void setNullable(PreparedStatement ps, int i, String v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.VARCHAR);
        } else {
            ps.setString(i, v);
        }
    }

}
