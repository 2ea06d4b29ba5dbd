package org.fengqiao.registry;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;

/** Test workbooks in the households template's columns, and reading the error report back. */
final class Workbooks {

    private Workbooks() {
    }

    /** A workbook with the template's header and these rows (each a full row of the template's columns). */
    static byte[] households(List<String[]> rows) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Workbook wb = new Workbook(out, "test", "1.0");
            Worksheet ws = wb.newWorksheet(HouseholdSheet.SHEET);
            for (int i = 0; i < HouseholdSheet.HEADERS.length; i++) {
                ws.value(0, i, HouseholdSheet.HEADERS[i]);
            }
            for (int r = 0; r < rows.size(); r++) {
                String[] row = rows.get(r);
                for (int c = 0; c < row.length; c++) {
                    if (row[c] != null && !row[c].isEmpty()) {
                        ws.value(r + 1, c, row[c]);
                    }
                }
                if (r % 10_000 == 0) {
                    ws.flush();
                }
            }
            wb.finish();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A workbook of one sheet with this header row and these rows (null or empty cells left empty). */
    static byte[] sheet(String name, String[] headers, List<String[]> rows) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Workbook wb = new Workbook(out, "test", "1.0");
            Worksheet ws = wb.newWorksheet(name);
            for (int i = 0; i < headers.length; i++) {
                ws.value(0, i, headers[i]);
            }
            for (int r = 0; r < rows.size(); r++) {
                String[] row = rows.get(r);
                for (int c = 0; c < row.length; c++) {
                    if (row[c] != null && !row[c].isEmpty()) {
                        ws.value(r + 1, c, row[c]);
                    }
                }
            }
            wb.finish();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One resident row: area, unit, floor, room, use, household key, kind, number, household phone, name, ID … */
    static String[] row(String area, String room, String key, String name, String idNumber, String relationship,
                        String population) {
        String[] r = new String[HouseholdSheet.HEADERS.length];
        r[HouseholdSheet.AREA] = area;
        r[HouseholdSheet.UNIT] = "1";
        r[HouseholdSheet.FLOOR] = "7";
        r[HouseholdSheet.ROOM] = room;
        r[HouseholdSheet.USE] = "自住";
        r[HouseholdSheet.KEY] = key;
        r[HouseholdSheet.KIND] = "户籍户";
        r[HouseholdSheet.NAME] = name;
        r[HouseholdSheet.ID] = idNumber;
        r[HouseholdSheet.REL] = relationship;
        r[HouseholdSheet.POP] = population;
        return r;
    }

    /** The error report's lines below its watermark and header: sheet, row, field, error, value. */
    static List<String[]> errorLines(byte[] xlsx) {
        try (ReadableWorkbook wb = new ReadableWorkbook(new ByteArrayInputStream(xlsx))) {
            List<String[]> out = new ArrayList<>();
            try (var rows = wb.getFirstSheet().openStream()) {
                for (Row r : (Iterable<Row>) rows::iterator) {
                    if (r.getRowNum() <= 2) {
                        continue;
                    }
                    String[] line = new String[5];
                    for (int i = 0; i < 5; i++) {
                        line[i] = r.hasCell(i) && r.getCell(i) != null ? r.getCell(i).getText() : null;
                    }
                    out.add(line);
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String watermark(byte[] xlsx) {
        try (ReadableWorkbook wb = new ReadableWorkbook(new ByteArrayInputStream(xlsx))) {
            try (var rows = wb.getFirstSheet().openStream()) {
                return rows.findFirst().map(r -> r.getCell(0).getText()).orElse(null);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
