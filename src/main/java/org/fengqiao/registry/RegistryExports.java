package org.fengqiao.registry;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;

import org.dhatim.fastexcel.Position;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.fengqiao.audit.AuditTrail;
import org.fengqiao.platform.AccessPolicy;
import org.fengqiao.platform.CurrentUser;
import org.fengqiao.platform.DataScope;
import org.fengqiao.platform.FieldCipher;
import org.fengqiao.platform.InvalidRequestException;
import org.fengqiao.registry.internal.Checks;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Exports of residents and of rental housing as .xlsx, streamed: limited to the exporter's scope for {@link RegistryPermission#EXPORT} in
 * SQL, masked unless the exporter may unmask over the whole area and states why, watermarked with who and when on
 * every page and in the first row, and audited with the count.
 */
@Service
public class RegistryExports {

    static final int MAX_ROWS = 200_000;

    private final JdbcTemplate jdbc;
    private final AccessPolicy policy;
    private final FieldCipher cipher;
    private final AuditTrail audit;
    private final Clock clock;

    RegistryExports(JdbcTemplate jdbc, AccessPolicy policy, FieldCipher cipher, AuditTrail audit, Clock clock) {
        this.jdbc = jdbc;
        this.policy = policy;
        this.cipher = cipher;
        this.audit = audit;
        this.clock = clock;
    }

    /** Refuses (before anything is streamed) an export the user may not make; a refused full export is audited. */
    public void check(String areaCode, String fullNumbersReason) {
        DataScope scope = policy.requireScope(RegistryPermission.EXPORT);
        String area = Checks.required(areaCode, "The area", 24);
        if (!area.matches("[0-9A-Za-z_-]+")) {
            throw new InvalidRequestException("The area must be an area code (digits).");
        }
        if (!scope.reaches(area)) {
            throw new InvalidRequestException("The area " + area + " lies outside your area.");
        }
        String why = Checks.text(fullNumbersReason);
        if (why != null && (why.length() < 4 || !policy.allows(RegistryPermission.UNMASK, area))) {
            audit.recordIndependently(CurrentUser.actor(), "REGISTRY_EXPORT", "area:" + area,
                    "full numbers refused; reason: " + Checks.limit(why), AuditTrail.Outcome.DENIED);
            throw new InvalidRequestException(why.length() < 4 ? "State why you need the full numbers (at least 4"
                    + " characters)." : "You may not see full numbers in this area; export without them.");
        }
    }

    /**
     * Writes the active residents under an area. {@code fullNumbersReason} asks for full ID and phone numbers: only
     * for an exporter who may unmask over the area, with a reason of at least 4 characters.
     */
    @Transactional
    public int residents(String areaCode, String fullNumbersReason, OutputStream out) {
        check(areaCode, fullNumbersReason);
        DataScope scope = policy.requireScope(RegistryPermission.EXPORT);
        String area = areaCode.strip();
        String why = Checks.text(fullNumbersReason);
        boolean full = why != null;
        String[] head = {"门(楼)详址", "姓名", "性别", "出生日期", "公民身份号码", "联系方式", "与户主关系", "人口类别",
                "区域代码"};
        int count = writeSheet(out, "实有人口", full, head, (ws, rows) -> jdbc.query("""
                select r.door_plate, p.name, p.gender, p.birth_date, p.id_number_masked, p.phone_masked,
                       p.relationship, p.population_kind, p.area_code, p.id_number_enc, p.phone_enc
                from registry_resident p join registry_household h on h.id = p.household_id
                join registry_room r on r.id = h.room_id
                where p.moved_out_at is null and p.area_code like ? and p.area_code like any (?)
                order by p.area_code, r.door_plate, p.household_id, p.relationship limit ?""", rs -> {
            int row = rows.next();
            ws.value(row, 0, rs.getString(1));
            ws.value(row, 1, rs.getString(2));
            ws.value(row, 2, "M".equals(rs.getString(3)) ? "男" : "F".equals(rs.getString(3)) ? "女" : "");
            ws.value(row, 3, rs.getString(4));
            ws.value(row, 4, full ? cipher.decrypt(rs.getBytes(10)) : rs.getString(5));
            ws.value(row, 5, full ? cipher.decrypt(rs.getBytes(11)) : rs.getString(6));
            ws.value(row, 6, Checks.RELATIONSHIPS.get(rs.getString(7)));
            ws.value(row, 7, rs.getString(8));
            ws.value(row, 8, rs.getString(9));
        }, area + "%", scope.likePatterns(), MAX_ROWS));
        audit.record("REGISTRY_EXPORT", "area:" + area, count + " residents, " + (full
                ? "full numbers; reason: " + Checks.limit(why) : "masked"), AuditTrail.Outcome.SUCCESS);
        return count;
    }

    /**
     * Writes the current rentals under an area with their landlords, as {@link #residents} does: in the exporter's
     * scope for {@link RegistryPermission#EXPORT} (and for reading rentals) in SQL, the landlord's ID and phone masked
     * unless the exporter may unmask over the area and states why, watermarked with who and when, audited with the
     * count.
     */
    @Transactional
    public int rentals(String areaCode, String fullNumbersReason, OutputStream out) {
        check(areaCode, fullNumbersReason);
        DataScope scope = policy.requireScope(RegistryPermission.EXPORT);
        DataScope readable = policy.scope(RegistryPermission.READ_RENTALS);
        String area = areaCode.strip();
        String why = Checks.text(fullNumbersReason);
        boolean full = why != null;
        String[] head = {"门(楼)详址", "区域代码", "房东类型", "房东姓名或单位名称", "房东公民身份号码", "房东联系电话", "出租方式",
                "出租间数", "床位数", "登记日期", "在租"};
        int count = writeSheet(out, "出租屋", full, head, (ws, rows) -> jdbc.query("""
                select r.door_plate, t.area_code, t.landlord_kind, t.landlord_name, t.landlord_id_number_masked,
                       t.landlord_phone_masked, t.rental_kind, t.rooms_let, t.beds, t.registered_on, t.let_now,
                       t.landlord_id_number_enc, t.landlord_phone_enc
                from registry_rental t join registry_room r on r.id = t.room_id
                where t.ended_at is null and t.area_code like ? and t.area_code like any (?)
                  and t.area_code like any (?)
                order by t.area_code, r.door_plate, t.id limit ?""", rs -> {
            int row = rows.next();
            ws.value(row, 0, rs.getString(1));
            ws.value(row, 1, rs.getString(2));
            ws.value(row, 2, "ORGANISATION".equals(rs.getString(3)) ? "单位" : "个人");
            ws.value(row, 3, rs.getString(4));
            String id = full ? cipher.decrypt(rs.getBytes(12)) : rs.getString(5);
            String phone = full ? cipher.decrypt(rs.getBytes(13)) : rs.getString(6);
            if (id != null) {
                ws.value(row, 4, id);
            }
            if (phone != null) {
                ws.value(row, 5, phone);
            }
            ws.value(row, 6, switch (rs.getString(7)) {
                case "WHOLE" -> "整租";
                case "SHARED" -> "合租";
                default -> "集体宿舍";
            });
            if (rs.getObject(8) != null) {
                ws.value(row, 7, rs.getInt(8));
            }
            if (rs.getObject(9) != null) {
                ws.value(row, 8, rs.getInt(9));
            }
            ws.value(row, 9, rs.getString(10));
            ws.value(row, 10, rs.getBoolean(11) ? "是" : "否");
        }, area + "%", scope.likePatterns(), readable.likePatterns(), MAX_ROWS));
        audit.record("REGISTRY_RENTAL_EXPORT", "area:" + area, count + " rentals, " + (full
                ? "full numbers; reason: " + Checks.limit(why) : "masked"), AuditTrail.Outcome.SUCCESS);
        return count;
    }

    /** Hands out the data rows' numbers (below the watermark and the header) and flushes every 5,000 rows. */
    private static final class Rows {
        private final Worksheet ws;
        private int count;

        Rows(Worksheet ws) {
            this.ws = ws;
        }

        int next() {
            if (count > 0 && count % 5_000 == 0) {
                try {
                    ws.flush();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return 2 + count++;
        }
    }

    private interface Body {
        void write(Worksheet ws, Rows rows);
    }

    /**
     * One export's workbook: a sheet watermarked with who and when (page header, footer and first row; marked when it
     * holds full numbers), the bold header in the second row, then the rows the body writes. Returns their count.
     */
    private int writeSheet(OutputStream out, String title, boolean full, String[] head, Body body) {
        String watermark = "枫桥 " + title + "导出 · " + CurrentUser.actor() + " · "
                + DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").format(Instant.now(clock).atZone(Residents.ZONE))
                + (full ? " · 含完整号码 · " : " · ") + "内部资料 注意保密";
        try {
            Workbook wb = new Workbook(out, "Fengqiao", "1.0");
            Worksheet ws = wb.newWorksheet(title);
            ws.header(watermark, Position.CENTER);
            ws.footer(watermark, Position.CENTER);
            ws.value(0, 0, watermark);
            for (int i = 0; i < head.length; i++) {
                ws.value(1, i, head[i]);
                ws.style(1, i).bold().set();
            }
            Rows rows = new Rows(ws);
            body.write(ws, rows);
            wb.finish();
            return rows.count;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
