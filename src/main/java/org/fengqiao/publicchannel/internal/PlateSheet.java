package org.fengqiao.publicchannel.internal;

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
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;

/**
 * Printable A4 sheets of door plates: six plates per page (2 × 3), each with a header, the QR code, the Chinese name,
 * the address and the code in words for people who type it. Chinese comes from the Droid Sans Fallback font shipped
 * in the application (Apache 2.0, src/main/resources/fonts), embedded as a subset, so the PDF needs no fonts on the
 * printing machine; Latin letters and digits use Helvetica.
 */
public final class PlateSheet {

    /** One plate. */
    public record Plate(String code, String url, String kindLabel, String name, String address) {
    }

    private static final float PAGE_W = PDRectangle.A4.getWidth();
    private static final float PAGE_H = PDRectangle.A4.getHeight();
    private static final float MARGIN = 28;
    private static final int COLS = 2;
    private static final int ROWS = 3;
    private static final float GAP = 12;
    private static final byte[] FONT_BYTES = loadFont();

    private PlateSheet() {
    }

    public static byte[] render(String title, String header, String footer, List<Plate> plates) {
        try (PDDocument doc = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDDocumentInformation info = doc.getDocumentInformation();
            info.setTitle(title);
            info.setCreator("Fengqiao");
            TrueTypeFont ttf = new TTFParser().parse(new RandomAccessReadBuffer(FONT_BYTES));
            Fonts fonts = new Fonts(PDType0Font.load(doc, ttf, true), ttf.getUnicodeCmapLookup(),
                    new PDType1Font(Standard14Fonts.FontName.HELVETICA),
                    new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD));
            float cellW = (PAGE_W - 2 * MARGIN - (COLS - 1) * GAP) / COLS;
            float cellH = (PAGE_H - 2 * MARGIN - (ROWS - 1) * GAP) / ROWS;
            int perPage = COLS * ROWS;
            if (plates.isEmpty()) {
                doc.addPage(new PDPage(PDRectangle.A4));
            }
            for (int start = 0; start < plates.size(); start += perPage) {
                PDPage page = new PDPage(PDRectangle.A4);
                doc.addPage(page);
                try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
                    for (int i = 0; i < perPage && start + i < plates.size(); i++) {
                        int col = i % COLS;
                        int row = i / COLS;
                        float x = MARGIN + col * (cellW + GAP);
                        float y = PAGE_H - MARGIN - (row + 1) * cellH - row * GAP;
                        drawPlate(doc, cs, fonts, plates.get(start + i), header, footer, x, y, cellW, cellH);
                    }
                }
            }
            doc.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render the plate sheet", e);
        }
    }

    private record Fonts(PDFont cjk, CmapLookup cjkCmap, PDFont latin, PDFont latinBold) {
    }

    private static void drawPlate(PDDocument doc, PDPageContentStream cs, Fonts fonts, Plate plate, String header,
                                  String footer, float x, float y, float w, float h) throws IOException {
        // frame and red header band
        cs.setLineWidth(1.2f);
        cs.setStrokingColor(0.72f, 0.11f, 0.11f);
        cs.addRect(x, y, w, h);
        cs.stroke();
        cs.setNonStrokingColor(0.72f, 0.11f, 0.11f);
        cs.addRect(x, y + h - 26, w, 26);
        cs.fill();
        cs.setNonStrokingColor(1f, 1f, 1f);
        text(cs, fonts, false, header, 13, x + 10, y + h - 18, w - 20);
        cs.setNonStrokingColor(0f, 0f, 0f);

        float qr = Math.min(w - 20, h - 26 - 96);
        PDImageXObject image = LosslessFactory.createFromImage(doc, QrCodes.image(plate.url(), 330));
        cs.drawImage(image, x + (w - qr) / 2, y + h - 30 - qr, qr, qr);

        float line = y + h - 30 - qr - 16;
        cs.setStrokingColor(0f, 0f, 0f);
        text(cs, fonts, true, plate.name(), 14, x + 10, line, w - 20);
        line -= 15;
        for (String l : wrap(fonts, plate.address(), 9, w - 20, 2)) {
            text(cs, fonts, false, l, 9, x + 10, line, w - 20);
            line -= 11;
        }
        text(cs, fonts, false, plate.kindLabel() + "  " + grouped(plate.code()), 10, x + 10, y + 22, w - 20);
        cs.setNonStrokingColor(0.4f, 0.4f, 0.4f);
        text(cs, fonts, false, footer, 8, x + 10, y + 9, w - 20);
        cs.setNonStrokingColor(0f, 0f, 0f);
    }

    /** The code in groups for reading aloud: ABCDE-FGHJK. */
    public static String grouped(String code) {
        return code.length() == 10 ? code.substring(0, 5) + "-" + code.substring(5) : code;
    }

    /** Writes one line, switching between the CJK and the Latin font run by run; cuts what does not fit. */
    private static void text(PDPageContentStream cs, Fonts fonts, boolean bold, String s, float size, float x,
                             float y, float maxWidth) throws IOException {
        if (s == null || s.isEmpty()) {
            return;
        }
        float used = 0;
        for (Run run : runs(fonts, s, bold)) {
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
            if (bold && run.font() == fonts.cjk()) {
                // fake bold for the CJK font: fill and stroke the outlines
                cs.setRenderingMode(org.apache.pdfbox.pdmodel.graphics.state.RenderingMode.FILL_STROKE);
                cs.setLineWidth(size / 30);
            }
            cs.newLineAtOffset(x + used, y);
            cs.showText(t);
            cs.setRenderingMode(org.apache.pdfbox.pdmodel.graphics.state.RenderingMode.FILL);
            cs.endText();
            used += width;
            if (!t.equals(run.text())) {
                return;
            }
        }
    }

    private record Run(PDFont font, String text) {
    }

    private static List<Run> runs(Fonts fonts, String s, boolean bold) {
        List<Run> runs = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        PDFont currentFont = null;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            PDFont f;
            String ch = new String(Character.toChars(cp));
            if (cp < 0x80 || (cp < 0x100 && cp >= 0xA0)) {
                f = bold ? fonts.latinBold() : fonts.latin();
                if (cp < 0x20) {
                    ch = " ";
                }
            } else if (fonts.cjkCmap().getGlyphId(cp) > 0) {
                f = fonts.cjk();
            } else {
                f = fonts.latin();
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

    private static List<String> wrap(Fonts fonts, String s, float size, float maxWidth, int maxLines)
            throws IOException {
        List<String> lines = new ArrayList<>();
        if (s == null || s.isBlank()) {
            return lines;
        }
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            String candidate = line + new String(Character.toChars(cp));
            if (width(fonts, candidate, size) > maxWidth) {
                lines.add(line.toString());
                if (lines.size() == maxLines) {
                    return lines;
                }
                line.setLength(0);
            }
            line.appendCodePoint(cp);
        }
        if (!line.isEmpty()) {
            lines.add(line.toString());
        }
        return lines;
    }

    private static float width(Fonts fonts, String s, float size) throws IOException {
        float w = 0;
        for (Run r : runs(fonts, s, false)) {
            w += r.font().getStringWidth(r.text()) / 1000 * size;
        }
        return w;
    }

    private static byte[] loadFont() {
        try (InputStream in = PlateSheet.class.getResourceAsStream("/fonts/DroidSansFallback.ttf")) {
            if (in == null) {
                throw new IllegalStateException("fonts/DroidSansFallback.ttf is missing from the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
