package org.fengqiao.mediation.internal;

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
import org.apache.pdfbox.pdmodel.graphics.state.PDExtendedGraphicsState;
import org.apache.pdfbox.util.Matrix;

/**
 * The written mediation agreement (人民调解协议书) as an A4 PDF, in the shape the People's Mediation Law asks for
 * (Art. 28–29): the parties' details; the main facts, the matters in dispute and each party's responsibilities; the
 * agreed terms with the manner and deadline of performance; the notes on when it takes effect, how many copies,
 * and the 30 days for judicial confirmation (Art. 33); places for each party's signature or fingerprint, the
 * mediator's signature and the committee's seal. Chinese comes from the Droid Sans Fallback font shipped with the
 * application, embedded as a subset so the PDF prints anywhere; a draft carries a "草稿" watermark.
 */
public final class AgreementPdf {

    /** A party as printed. {@code idLabel}: 身份证号 or 统一社会信用代码. */
    public record Party(String sideLabel, String name, String idLabel, String idNumber, String phone, String address,
                        int represents) {
    }

    /** Everything printed. Dates are already formatted (e.g. 2026年3月16日). */
    public record Content(String number, boolean draft, boolean partial, List<Party> parties, String facts,
                          String matters, String responsibilities, String terms, String manner, String deadline,
                          String mediatorName, String committeeName, String signedDate, String disputeNumber) {
    }

    private static final float W = PDRectangle.A4.getWidth();
    private static final float H = PDRectangle.A4.getHeight();
    private static final float MARGIN = 56;
    private static final float BODY = 11.5f;
    private static final float LEADING = 19;
    private static final byte[] FONT_BYTES = loadFont();

    private AgreementPdf() {
    }

    public static byte[] render(Content c) {
        try (PDDocument doc = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDDocumentInformation info = doc.getDocumentInformation();
            info.setTitle("人民调解协议书 " + c.number());
            info.setCreator("Fengqiao");
            TrueTypeFont ttf = new TTFParser().parse(new RandomAccessReadBuffer(FONT_BYTES));
            Writer w = new Writer(doc, PDType0Font.load(doc, ttf, true), ttf.getUnicodeCmapLookup(),
                    new PDType1Font(Standard14Fonts.FontName.HELVETICA), c.draft());
            w.newPage();
            w.centred("人民调解协议书", 20, true);
            w.gap(4);
            w.right("编号：" + c.number(), 10);
            w.gap(8);
            for (Party p : c.parties()) {
                StringBuilder sb = new StringBuilder(p.sideLabel()).append("：").append(p.name());
                if (p.represents() > 1) {
                    sb.append("（代表").append(p.represents()).append("人）");
                }
                w.paragraph(sb.toString(), BODY, true);
                List<String> details = new ArrayList<>();
                if (p.idNumber() != null) {
                    details.add(p.idLabel() + "：" + p.idNumber());
                }
                if (p.phone() != null) {
                    details.add("联系电话：" + p.phone());
                }
                if (p.address() != null) {
                    details.add("住址：" + p.address());
                }
                if (!details.isEmpty()) {
                    w.paragraph("    " + String.join("；", details), BODY, false);
                }
            }
            w.gap(6);
            w.section("一、纠纷的主要事实", c.facts());
            w.section("二、争议事项", c.matters());
            w.section("三、各方当事人的责任", c.responsibilities() == null ? "无。" : c.responsibilities());
            w.section("四、经人民调解委员会主持调解，各方当事人自愿达成如下协议" + (c.partial() ? "（部分达成）" : ""),
                    c.terms());
            w.section("五、履行方式和期限", "履行方式：" + c.manner() + "\n履行期限：" + c.deadline() + "前履行完毕。");
            int copies = c.parties().size() + 1;
            w.section("六、其他事项", "本协议自各方当事人签名、盖章或者按指印，人民调解员签名并加盖人民调解委员会印章之日起"
                    + "生效。具有法律约束力，当事人应当按照约定履行。\n本协议一式" + chineseNumber(copies) + "份，当事人各执一份，"
                    + "人民调解委员会留存一份。\n当事人可以自本协议生效之日起三十日内共同向人民法院申请司法确认。");
            w.gap(10);
            w.ensure(60 + c.parties().size() * 30);
            for (Party p : c.parties()) {
                w.signatureLine(p.sideLabel() + "（签名、盖章或按指印）：", p.name());
            }
            w.gap(6);
            w.signatureLine("人民调解员（签名）：", c.mediatorName() == null ? "" : c.mediatorName());
            w.gap(6);
            w.seal(c.committeeName(), c.signedDate());
            w.finish(c.disputeNumber());
            doc.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render the agreement", e);
        }
    }

    static String chineseNumber(int n) {
        String[] d = {"零", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"};
        if (n <= 10) {
            return d[n];
        }
        if (n < 20) {
            return "十" + d[n - 10];
        }
        return d[n / 10] + "十" + (n % 10 == 0 ? "" : d[n % 10]);
    }

    /** Lays lines out top to bottom, page after page. */
    private static final class Writer {
        private final PDDocument doc;
        private final PDFont cjk;
        private final CmapLookup cmap;
        private final PDFont latin;
        private final boolean draft;
        private PDPageContentStream cs;
        private float y;
        private final List<PDPage> pages = new ArrayList<>();

        Writer(PDDocument doc, PDFont cjk, CmapLookup cmap, PDFont latin, boolean draft) {
            this.doc = doc;
            this.cjk = cjk;
            this.cmap = cmap;
            this.latin = latin;
            this.draft = draft;
        }

        void newPage() throws IOException {
            if (cs != null) {
                cs.close();
            }
            PDPage page = new PDPage(PDRectangle.A4);
            doc.addPage(page);
            pages.add(page);
            cs = new PDPageContentStream(doc, page);
            if (draft) {
                watermark();
            }
            y = H - MARGIN;
        }

        private void watermark() throws IOException {
            PDExtendedGraphicsState gs = new PDExtendedGraphicsState();
            gs.setNonStrokingAlphaConstant(0.12f);
            cs.saveGraphicsState();
            cs.setGraphicsStateParameters(gs);
            cs.setNonStrokingColor(0.6f, 0.1f, 0.1f);
            cs.beginText();
            cs.setFont(cjk, 110);
            cs.setTextMatrix(Matrix.getRotateInstance(Math.toRadians(35), W / 2 - 150, H / 2 - 120));
            cs.showText("草稿");
            cs.endText();
            cs.restoreGraphicsState();
        }

        void ensure(float height) throws IOException {
            if (y - height < MARGIN + 20) {
                newPage();
            }
        }

        void gap(float g) {
            y -= g;
        }

        void centred(String s, float size, boolean bold) throws IOException {
            ensure(size + 8);
            y -= size;
            show(s, size, (W - width(s, size)) / 2, y, bold);
            y -= 8;
        }

        void right(String s, float size) throws IOException {
            ensure(size + 6);
            y -= size;
            show(s, size, W - MARGIN - width(s, size), y, false);
            y -= 4;
        }

        void section(String heading, String text) throws IOException {
            ensure(LEADING * 2);
            paragraph(heading, BODY + 0.5f, true);
            for (String para : text.split("\\R")) {
                paragraph("    " + para.strip(), BODY, false);
            }
            y -= 4;
        }

        void paragraph(String text, float size, boolean bold) throws IOException {
            for (String line : wrap(text, size, W - 2 * MARGIN)) {
                ensure(LEADING);
                y -= LEADING;
                show(line, size, MARGIN, y, bold);
            }
        }

        void signatureLine(String label, String printedName) throws IOException {
            ensure(LEADING * 2);
            y -= LEADING * 1.6f;
            show(label, BODY, MARGIN, y, false);
            float x = MARGIN + width(label, BODY) + 4;
            cs.setLineWidth(0.6f);
            cs.moveTo(x, y - 3);
            cs.lineTo(x + 150, y - 3);
            cs.stroke();
            cs.setNonStrokingColor(0.55f, 0.55f, 0.55f);
            show("（" + printedName + "）", 8, x + 156, y, false);
            show("日期：", BODY, W - MARGIN - 120, y, false);
            cs.setNonStrokingColor(0f, 0f, 0f);
            cs.moveTo(W - MARGIN - 84, y - 3);
            cs.lineTo(W - MARGIN, y - 3);
            cs.stroke();
        }

        void seal(String committee, String date) throws IOException {
            ensure(120);
            float cx = W - MARGIN - 70;
            float cy = y - 60;
            cs.setStrokingColor(0.75f, 0.1f, 0.1f);
            cs.setLineWidth(1.2f);
            circle(cx, cy, 48);
            cs.setStrokingColor(0f, 0f, 0f);
            cs.setNonStrokingColor(0.75f, 0.1f, 0.1f);
            show("（印章）", 9, cx - width("（印章）", 9) / 2, cy - 3, false);
            cs.setNonStrokingColor(0f, 0f, 0f);
            y -= LEADING;
            show("人民调解委员会（印章）：", BODY, MARGIN, y, false);
            y -= LEADING;
            show(committee, BODY, MARGIN + 24, y, true);
            y -= LEADING;
            show(date == null ? "        年    月    日" : date, BODY, MARGIN + 24, y, false);
            y = Math.min(y, cy - 56);
        }

        private void circle(float cx, float cy, float r) throws IOException {
            float k = 0.552284749831f * r;
            cs.moveTo(cx + r, cy);
            cs.curveTo(cx + r, cy + k, cx + k, cy + r, cx, cy + r);
            cs.curveTo(cx - k, cy + r, cx - r, cy + k, cx - r, cy);
            cs.curveTo(cx - r, cy - k, cx - k, cy - r, cx, cy - r);
            cs.curveTo(cx + k, cy - r, cx + r, cy - k, cx + r, cy);
            cs.stroke();
        }

        void finish(String disputeNumber) throws IOException {
            cs.close();
            int total = pages.size();
            for (int i = 0; i < total; i++) {
                try (PDPageContentStream f = new PDPageContentStream(doc, pages.get(i),
                        PDPageContentStream.AppendMode.APPEND, true)) {
                    PDPageContentStream keep = cs;
                    cs = f;
                    cs.setNonStrokingColor(0.45f, 0.45f, 0.45f);
                    String footer = "纠纷编号 " + disputeNumber + "    第 " + (i + 1) + " 页 共 " + total + " 页";
                    show(footer, 8, (W - width(footer, 8)) / 2, MARGIN / 2, false);
                    cs = keep;
                }
            }
        }

        private record Run(PDFont font, String text) {
        }

        private List<Run> runs(String s) throws IOException {
            List<Run> runs = new ArrayList<>();
            StringBuilder cur = new StringBuilder();
            PDFont curFont = null;
            for (int i = 0; i < s.length(); ) {
                int cp = s.codePointAt(i);
                i += Character.charCount(cp);
                PDFont f;
                String ch = new String(Character.toChars(cp));
                if (cp < 0x80) {
                    f = latin;
                    if (cp < 0x20) {
                        ch = " ";
                    }
                } else if (cmap.getGlyphId(cp) > 0) {
                    f = cjk;
                } else {
                    f = latin;
                    ch = "?";
                }
                if (f != curFont && !cur.isEmpty()) {
                    runs.add(new Run(curFont, cur.toString()));
                    cur.setLength(0);
                }
                curFont = f;
                cur.append(ch);
            }
            if (!cur.isEmpty()) {
                runs.add(new Run(curFont, cur.toString()));
            }
            return runs;
        }

        float width(String s, float size) throws IOException {
            float w = 0;
            for (Run r : runs(s)) {
                w += r.font().getStringWidth(r.text()) / 1000 * size;
            }
            return w;
        }

        private void show(String s, float size, float x, float yy, boolean bold) throws IOException {
            float used = 0;
            for (Run r : runs(s)) {
                cs.beginText();
                cs.setFont(r.font(), size);
                if (bold && r.font() == cjk) {
                    cs.setRenderingMode(org.apache.pdfbox.pdmodel.graphics.state.RenderingMode.FILL_STROKE);
                    cs.setLineWidth(size / 32);
                }
                cs.newLineAtOffset(x + used, yy);
                cs.showText(r.text());
                cs.setRenderingMode(org.apache.pdfbox.pdmodel.graphics.state.RenderingMode.FILL);
                cs.endText();
                used += r.font().getStringWidth(r.text()) / 1000 * size;
            }
        }

        private List<String> wrap(String s, float size, float max) throws IOException {
            List<String> lines = new ArrayList<>();
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < s.length(); ) {
                int cp = s.codePointAt(i);
                i += Character.charCount(cp);
                String candidate = line + new String(Character.toChars(cp));
                if (width(candidate, size) > max && !line.isEmpty()) {
                    lines.add(line.toString());
                    line.setLength(0);
                }
                line.appendCodePoint(cp);
            }
            if (!line.isEmpty()) {
                lines.add(line.toString());
            }
            if (lines.isEmpty()) {
                lines.add("");
            }
            return lines;
        }
    }

    private static byte[] loadFont() {
        try (InputStream in = AgreementPdf.class.getResourceAsStream("/fonts/DroidSansFallback.ttf")) {
            if (in == null) {
                throw new IllegalStateException("fonts/DroidSansFallback.ttf is missing from the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
