package org.fengqiao.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.IntConsumer;

import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.fengqiao.platform.InvalidRequestException;

/**
 * What the rentals and enterprises workbooks share: reading the template's sheet row by row with the streaming reader
 * (the header row must be the template's own, so a workbook of another kind is refused at once), and writing a
 * template with its example row and a sheet explaining the columns.
 */
final class SheetRows {

    static final int MAX_ROWS = HouseholdSheet.MAX_ROWS;

    private SheetRows() {
    }

    /** The header as the template has it, compared without the "*" of required columns and without spaces. */
    private static String bare(String header) {
        return header == null ? "" : header.replace("*", "").replaceAll("\\s", "");
    }

    /**
     * The non-empty rows of the named sheet (or the first), each as the text of its cells ({@code dates} are read as
     * Excel dates when typed as such). {@code what} names the template in the message for a wrong header row.
     */
    static List<HouseholdSheet.Line> read(InputStream xlsx, String sheetName, String[] headers, Set<Integer> dates,
                                          String what, IntConsumer progress) throws IOException {
        List<HouseholdSheet.Line> lines = read(xlsx, sheetName, headers.length, dates, r -> {
            for (int i = 0; i < headers.length; i++) {
                if (!bare(HouseholdSheet.text(r, i)).equals(bare(headers[i]))) {
                    throw new InvalidRequestException("The first row must be the header row of the " + what
                            + " template (column " + (i + 1) + ": " + headers[i] + "); download the template.");
                }
            }
        }, progress);
        if (lines == null) {
            throw new InvalidRequestException("The workbook is empty; download the " + what + " template.");
        }
        return lines;
    }

    /**
     * The streaming read every import kind shares: the header row goes to {@code header} (which throws when it is not
     * the template's), then each non-empty row of {@code width} cells; null when the sheet has no row at all.
     */
    static List<HouseholdSheet.Line> read(InputStream xlsx, String sheetName, int width, Set<Integer> dates,
                                          java.util.function.Consumer<Row> header, IntConsumer progress)
            throws IOException {
        return read(xlsx, sheetName, width, dates, header, progress, 0, null);
    }

    /**
     * As {@link #read(InputStream, String, int, Set, java.util.function.Consumer, IntConsumer)}, handing the rows to
     * {@code chunks} as they are read, {@code chunkRows} at a time (the last chunk may be shorter), so they can be
     * checked while the rest of the sheet is still being read; {@code chunks} null hands over nothing.
     */
    static List<HouseholdSheet.Line> read(InputStream xlsx, String sheetName, int width, Set<Integer> dates,
                                          java.util.function.Consumer<Row> header, IntConsumer progress,
                                          int chunkRows,
                                          java.util.function.Consumer<List<HouseholdSheet.Line>> chunks)
            throws IOException {
        List<HouseholdSheet.Line> lines = new ArrayList<>();
        // the rows read since the last chunk was handed over (none kept when nobody takes chunks)
        List<HouseholdSheet.Line> chunk = chunks == null ? null : new ArrayList<>();
        try (ReadableWorkbook wb = new ReadableWorkbook(xlsx)) {
            var sheet = wb.findSheet(sheetName).orElse(wb.getFirstSheet());
            try (var rows = sheet.openStream()) {
                var it = rows.iterator();
                boolean first = true;
                while (it.hasNext()) {
                    Row r = it.next();
                    if (first) {
                        first = false;
                        header.accept(r);
                        continue;
                    }
                    String[] cells = new String[width];
                    boolean empty = true;
                    for (int i = 0; i < width; i++) {
                        cells[i] = dates.contains(i) ? HouseholdSheet.date(r, i) : HouseholdSheet.text(r, i);
                        empty &= cells[i] == null;
                    }
                    if (empty) {
                        continue;
                    }
                    if (lines.size() >= MAX_ROWS) {
                        throw new InvalidRequestException("A workbook may have at most " + MAX_ROWS + " rows.");
                    }
                    HouseholdSheet.Line line = new HouseholdSheet.Line(r.getRowNum(), cells);
                    lines.add(line);
                    if (chunk != null) {
                        chunk.add(line);
                        if (chunk.size() >= chunkRows) {
                            chunks.accept(chunk);
                            chunk = new ArrayList<>();
                        }
                    }
                    if (lines.size() % 10_000 == 0) {
                        progress.accept(lines.size());
                    }
                }
                if (first) {
                    return null;
                }
                if (chunk != null && !chunk.isEmpty()) {
                    chunks.accept(chunk);
                }
            }
        } catch (org.dhatim.fastexcel.reader.ExcelReaderException | IllegalStateException e) {
            throw new InvalidRequestException("The file is not a readable .xlsx workbook.");
        }
        return lines;
    }

    /** A template: the header row (bold), text-formatted cells, one example row, and a sheet of explanations. */
    static void template(OutputStream out, String sheetName, String[] headers, String[] example, String[][] help)
            throws IOException {
        Workbook wb = new Workbook(out, "Fengqiao", "1.0");
        Worksheet ws = wb.newWorksheet(sheetName);
        for (int i = 0; i < headers.length; i++) {
            ws.value(0, i, headers[i]);
            ws.style(0, i).bold().fillColor("FDE68A").set();
            ws.width(i, Math.max(12, headers[i].length() * 2 + 2));
            // text format, so ID numbers, phones and codes keep their digits
            ws.style(1, i).format("@").set();
        }
        for (int i = 0; i < example.length; i++) {
            if (example[i] != null && !example[i].isEmpty()) {
                ws.value(1, i, example[i]);
            }
        }
        Worksheet sheet = wb.newWorksheet("说明");
        for (int r = 0; r < help.length; r++) {
            for (int c = 0; c < help[r].length; c++) {
                sheet.value(r, c, help[r][c]);
            }
        }
        sheet.width(0, 18);
        sheet.width(1, 80);
        wb.finish();
    }

    /** A required text of at most {@code max} characters, or a problem. */
    static String required(HouseholdSheet.Line l, int col, String[] headers, int max,
                           List<HouseholdSheet.Problem> problems) {
        String v = l.get(col);
        if (v == null) {
            problems.add(new HouseholdSheet.Problem(l.row(), headers[col], "required", null));
            return null;
        }
        return optional(l, col, headers, max, problems);
    }

    /** An optional text of at most {@code max} characters, or a problem. */
    static String optional(HouseholdSheet.Line l, int col, String[] headers, int max,
                           List<HouseholdSheet.Problem> problems) {
        String v = l.get(col);
        if (v != null && v.length() > max) {
            problems.add(new HouseholdSheet.Problem(l.row(), headers[col], "at most " + max + " characters", v));
            return null;
        }
        return v;
    }

    /** An optional whole number in a range, or a problem. */
    static Integer number(HouseholdSheet.Line l, int col, String[] headers, int min, int max,
                          List<HouseholdSheet.Problem> problems) {
        String v = l.get(col);
        if (v == null) {
            return null;
        }
        if (!v.matches("-?\\d{1,9}") || Integer.parseInt(v) < min || Integer.parseInt(v) > max) {
            problems.add(new HouseholdSheet.Problem(l.row(), headers[col], "not a whole number from " + min + " to "
                    + max, v));
            return null;
        }
        return Integer.valueOf(v);
    }

    /** An optional phone number (mobile or landline), normalised, or a problem. */
    static String phone(HouseholdSheet.Line l, int col, String[] headers, List<HouseholdSheet.Problem> problems) {
        String v = l.get(col);
        if (v == null) {
            return null;
        }
        String p = org.fengqiao.platform.IdNumbers.normalisePhone(v);
        if (p == null || !org.fengqiao.platform.IdNumbers.isValidPhone(p)) {
            problems.add(new HouseholdSheet.Problem(l.row(), headers[col], "not a mobile or landline number", v));
            return null;
        }
        return p;
    }
}
