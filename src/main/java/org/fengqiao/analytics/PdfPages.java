package org.fengqiao.analytics;

import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import org.apache.fontbox.ttf.CmapLookup;
import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.io.RandomAccessReadBuffer;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/**
 * A4 pages of text, tables and bar charts in legible Chinese: the Droid Sans Fallback font shipped with the
 * application (as for the door-plate sheets), embedded as a subset, with Helvetica for Latin letters and digits; the
 * cursor moves down the page and a new page starts when the next block does not fit.
 */
final class PdfPages implements AutoCloseable {

    static final float W = PDRectangle.A4.getWidth();
    static final float H = PDRectangle.A4.getHeight();
    static final float MARGIN = 42;
    private static final byte[] FONT = loadFont();

    private final PDDocument doc = new PDDocument();
    private final PDFont cjk;
    private final CmapLookup cmap;
    private final PDFont latin = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
    private final PDFont latinBold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
    private PDPageContentStream cs;
    private float y;

    PdfPages(String title) {
        try {
            TrueTypeFont ttf = new TTFParser().parse(new RandomAccessReadBuffer(FONT));
            cjk = PDType0Font.load(doc, ttf, true);
            cmap = ttf.getUnicodeCmapLookup();
            doc.getDocumentInformation().setTitle(title);
            doc.getDocumentInformation().setCreator("Fengqiao");
            newPage();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void newPage() throws IOException {
        if (cs != null) {
            cs.close();
        }
        PDPage page = new PDPage(PDRectangle.A4);
        doc.addPage(page);
        cs = new PDPageContentStream(doc, page);
        y = H - MARGIN;
    }

    /** Makes room for a block of this height, on a new page when needed. */
    void need(float height) {
        if (y - height < MARGIN) {
            try {
                newPage();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    void heading(String s, float size) {
        need(size * 2);
        y -= size * 1.4f;
        text(s, size, MARGIN, y, W - 2 * MARGIN, true);
        y -= size * 0.5f;
    }

    void paragraph(String s, float size) {
        List<String> lines = wrap(s, size, W - 2 * MARGIN);
        for (String line : lines) {
            need(size * 1.5f);
            y -= size * 1.5f;
            text(line, size, MARGIN, y, W - 2 * MARGIN, false);
        }
        y -= size * 0.4f;
    }

    /** A table with the first column wide and the others equal; the header row in bold. */
    void table(List<String> header, List<List<String>> rows, float size) {
        float total = W - 2 * MARGIN;
        float first = header.size() > 1 ? total * 0.34f : total;
        float other = header.size() > 1 ? (total - first) / (header.size() - 1) : 0;
        List<List<String>> all = new ArrayList<>();
        all.add(header);
        all.addAll(rows);
        for (int r = 0; r < all.size(); r++) {
            need(size * 1.6f);
            y -= size * 1.6f;
            List<String> row = all.get(r);
            float x = MARGIN;
            for (int c = 0; c < row.size(); c++) {
                float w = c == 0 ? first : other;
                text(row.get(c), size, x + 2, y, w - 4, r == 0);
                x += w;
            }
            try {
                cs.setStrokingColor(new Color(210, 210, 210));
                cs.setLineWidth(0.4f);
                cs.moveTo(MARGIN, y - size * 0.45f);
                cs.lineTo(W - MARGIN, y - size * 0.45f);
                cs.stroke();
                cs.setStrokingColor(Color.BLACK);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        y -= size;
    }

    /** Vertical bars, one per label, scaled to the largest value, with the value above each bar. */
    void bars(List<String> labels, List<Long> values, float height) {
        need(height + 40);
        float top = y - 10;
        float base = top - height;
        float total = W - 2 * MARGIN;
        float step = labels.isEmpty() ? total : total / labels.size();
        long max = Math.max(1, values.stream().mapToLong(Long::longValue).max().orElse(1));
        try {
            cs.setStrokingColor(Color.GRAY);
            cs.setLineWidth(0.6f);
            cs.moveTo(MARGIN, base);
            cs.lineTo(W - MARGIN, base);
            cs.stroke();
            for (int i = 0; i < labels.size(); i++) {
                float h = (height - 14) * values.get(i) / max;
                float x = MARGIN + i * step + step * 0.2f;
                cs.setNonStrokingColor(new Color(185, 28, 28));
                cs.addRect(x, base, step * 0.6f, h);
                cs.fill();
                cs.setNonStrokingColor(Color.BLACK);
                text(Long.toString(values.get(i)), 7, x, base + h + 3, step, false);
                text(labels.get(i), 7, x - step * 0.15f, base - 10, step, false);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        y = base - 22;
    }

    byte[] finish() {
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            cs.close();
            doc.save(out);
            doc.close();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            doc.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One line, switching between the CJK and the Latin font run by run; cuts what does not fit. */
    private void text(String s, float size, float x, float yy, float maxWidth, boolean bold) {
        if (s == null || s.isEmpty()) {
            return;
        }
        try {
            float used = 0;
            for (Run run : runs(s, bold)) {
                String t = run.text();
                float width = run.font().getStringWidth(t) / 1000 * size;
                while (used + width > maxWidth && t.length() > 1) {
                    t = t.substring(0, t.length() - 1);
                    width = run.font().getStringWidth(t) / 1000 * size;
                }
                if (used + width > maxWidth) {
                    return;
                }
                cs.beginText();
                cs.setFont(run.font(), size);
                cs.newLineAtOffset(x + used, yy);
                cs.showText(t);
                cs.endText();
                used += width;
                if (!t.equals(run.text())) {
                    return;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Run(PDFont font, String text) {
    }

    private List<Run> runs(String s, boolean bold) {
        List<Run> runs = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        PDFont currentFont = null;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            PDFont f;
            String ch = new String(Character.toChars(cp));
            if (cp == 0x2014 || cp == 0x2013) {
                cp = '-'; // the dashes the pages use for "no value": the CJK font has no glyph for them
                ch = "-";
            }
            if (cp < 0x80 || (cp < 0x100 && cp >= 0xA0)) {
                f = bold ? latinBold : latin;
                if (cp < 0x20) {
                    ch = " ";
                }
            } else if (cmap.getGlyphId(cp) > 0) {
                f = cjk;
            } else {
                f = latin;
                ch = "?";
            }
            if (f != currentFont && !current.isEmpty()) {
                runs.add(new Run(currentFont, current.toString()));
                current.setLength(0);
            }
            currentFont = f;
            current.append(ch);
        }
        if (!current.isEmpty()) {
            runs.add(new Run(currentFont, current.toString()));
        }
        return runs;
    }

    private List<String> wrap(String s, float size, float maxWidth) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            String candidate = line + new String(Character.toChars(cp));
            if (width(candidate, size) > maxWidth && !line.isEmpty()) {
                lines.add(line.toString());
                line.setLength(0);
            }
            line.appendCodePoint(cp);
        }
        if (!line.isEmpty()) {
            lines.add(line.toString());
        }
        return lines;
    }

    private float width(String s, float size) {
        try {
            float w = 0;
            for (Run r : runs(s, false)) {
                w += r.font().getStringWidth(r.text()) / 1000 * size;
            }
            return w;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] loadFont() {
        try (InputStream in = PdfPages.class.getResourceAsStream("/fonts/DroidSansFallback.ttf")) {
            if (in == null) {
                throw new IllegalStateException("fonts/DroidSansFallback.ttf is missing from the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
