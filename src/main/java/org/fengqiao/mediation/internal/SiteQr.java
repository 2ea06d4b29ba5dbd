package org.fengqiao.mediation.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

import javax.imageio.ImageIO;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.client.j2se.MatrixToImageWriter;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;

/** The "一码解纠纷" QR code of a mediation site (error correction M, a quiet zone of 2 modules), as a PNG. */
public final class SiteQr {

    private SiteQr() {
    }

    public static byte[] png(String url, int size) {
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            ImageIO.write(MatrixToImageWriter.toBufferedImage(new QRCodeWriter().encode(url, BarcodeFormat.QR_CODE,
                    size, size, Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M,
                            EncodeHintType.MARGIN, 2, EncodeHintType.CHARACTER_SET, "UTF-8"))), "png", out);
            return out.toByteArray();
        } catch (WriterException e) {
            throw new IllegalArgumentException("cannot encode a QR code for " + url, e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
