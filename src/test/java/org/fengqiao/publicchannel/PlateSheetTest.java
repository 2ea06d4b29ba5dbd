package org.fengqiao.publicchannel;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.stream.IntStream;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.fengqiao.publicchannel.internal.PlateSheet;
import org.fengqiao.publicchannel.internal.QrCodes;
import org.junit.jupiter.api.Test;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;

/** Plates render Chinese with the shipped font, six to an A4 page, and their QR codes decode to the report URL. */
class PlateSheetTest {

    @Test
    void chineseNamesAreEmbeddedAndExtractable() throws Exception {
        List<PlateSheet.Plate> plates = IntStream.range(0, 7).mapToObj(i -> new PlateSheet.Plate(
                "ABCDE1234" + i, "https://fq.example/public/r/ABCDE1234" + i, "门牌",
                "沙坪街道 越塘村 " + (i + 1) + "号楼", "鹤山市 沙坪街道 越塘村 第" + (i + 1) + "网格")).toList();
        byte[] pdf = PlateSheet.render("越塘村", "扫码上报 · 枫桥", "手机相机扫码即可上报", plates);
        java.nio.file.Files.createDirectories(java.nio.file.Path.of("target"));
        java.nio.file.Files.write(java.nio.file.Path.of("target/plates-sample.pdf"), pdf); // to look at by hand
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            assertThat(doc.getNumberOfPages()).isEqualTo(2);
            assertThat(doc.getPage(0).getMediaBox().getWidth()).isBetween(594f, 596f);
            String text = new PDFTextStripper().getText(doc);
            assertThat(text).contains("越塘村").contains("7号楼").contains("扫码上报").contains("ABCDE-12346");
            PDFont font = doc.getPage(0).getResources().getFont(
                    doc.getPage(0).getResources().getFontNames().iterator().next());
            boolean embeddedCjk = false;
            for (var name : doc.getPage(0).getResources().getFontNames()) {
                PDFont f = doc.getPage(0).getResources().getFont(name);
                if (f.getName().contains("Droid") && f.isEmbedded()) {
                    embeddedCjk = true;
                }
            }
            assertThat(font).isNotNull();
            assertThat(embeddedCjk).as("the CJK font is embedded").isTrue();
            // the first plate's QR code, rendered from the PDF, decodes to its report URL
            BufferedImage page = new PDFRenderer(doc).renderImageWithDPI(0, 150);
            String decoded = new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(
                    new BufferedImageLuminanceSource(page.getSubimage(0, 0, page.getWidth() / 2,
                            page.getHeight() / 3))))).getText();
            assertThat(decoded).isEqualTo("https://fq.example/public/r/ABCDE12340");
        }
    }

    @Test
    void qrPngDecodes() throws Exception {
        BufferedImage img = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(
                QrCodes.png("https://x/public/r/0123456789", 200)));
        assertThat(new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(
                new BufferedImageLuminanceSource(img)))).getText()).isEqualTo("https://x/public/r/0123456789");
    }

    @Test
    void codesAreNormalisedAsPeopleTypeThem() {
        assertThat(PublicCodes.normalise(" abcde-fgh1o ")).isEqualTo("ABCDEFGH10");
        assertThat(PublicCodes.normalise("il")).isEqualTo("11");
    }
}
