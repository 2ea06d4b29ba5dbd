package org.fengqiao.analytics;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;

/** Tables as CSV (UTF-8 with a byte-order mark, so spreadsheet programs read the Chinese) and streamed .xlsx. */
final class Downloads {

    private Downloads() {
    }

    static void csv(List<String> header, List<List<Object>> rows, OutputStream out) throws IOException {
        Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        w.write('\uFEFF');
        line(w, header.stream().map(h -> (Object) h).toList());
        for (List<Object> r : rows) {
            line(w, r);
        }
        w.flush();
    }

    private static void line(Writer w, List<Object> cells) throws IOException {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                w.write(',');
            }
            Object v = cells.get(i);
            String s = v == null ? "" : v.toString();
            // a cell starting like a formula is quoted as text (CSV injection)
            if (!s.isEmpty() && "=+-@".indexOf(s.charAt(0)) >= 0 && !(v instanceof Number)) {
                s = "'" + s;
            }
            if (s.contains(",") || s.contains("\"") || s.contains("\n")) {
                s = "\"" + s.replace("\"", "\"\"") + "\"";
            }
            w.write(s);
        }
        w.write("\r\n");
    }

    static void xlsx(String sheetName, List<String> header, List<List<Object>> rows, OutputStream out)
            throws IOException {
        Workbook wb = new Workbook(out, "Fengqiao", "1.0");
        Worksheet ws = wb.newWorksheet(sheetName);
        for (int c = 0; c < header.size(); c++) {
            ws.value(0, c, header.get(c));
            ws.style(0, c).bold().set();
        }
        for (int r = 0; r < rows.size(); r++) {
            List<Object> row = rows.get(r);
            for (int c = 0; c < row.size(); c++) {
                Object v = row.get(c);
                if (v instanceof Number n) {
                    ws.value(r + 1, c, n instanceof BigDecimal b ? b : n);
                } else if (v != null) {
                    ws.value(r + 1, c, v.toString());
                }
            }
        }
        wb.finish();
    }
}
