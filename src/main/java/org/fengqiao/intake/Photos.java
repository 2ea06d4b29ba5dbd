package org.fengqiao.intake;

import org.fengqiao.platform.Hashing;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

import org.fengqiao.platform.CurrentUser;
import org.fengqiao.platform.DataScope;
import org.fengqiao.platform.InvalidRequestException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Checks uploads by their content (JPEG, PNG or WebP magic bytes, never the file name), limits their size and pixel
 * count, makes a thumbnail and keeps both in the {@link PhotoStore}. Other modules attach photos to their records
 * through {@link #attach}, which sets the area that decides who may see them.
 */
@Service
public class Photos {

    public static final int MAX_BYTES = 8 * 1024 * 1024;
    static final long MAX_PIXELS = 40_000_000L;
    static final int THUMB = 320;

    private final JdbcClient jdbc;
    private final PhotoStore store;
    private final Clock clock;
    private final org.fengqiao.platform.AccessPolicy policy;

    Photos(JdbcClient jdbc, PhotoStore store, Clock clock, org.fengqiao.platform.AccessPolicy policy) {
        this.policy = policy;
        this.jdbc = jdbc;
        this.store = store;
        this.clock = clock;
    }

    /** The image type the bytes really are, or nothing. */
    static Optional<String> sniff(byte[] b) {
        if (b.length >= 3 && (b[0] & 0xff) == 0xFF && (b[1] & 0xff) == 0xD8 && (b[2] & 0xff) == 0xFF) {
            return Optional.of("image/jpeg");
        }
        if (b.length >= 8 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G' && b[4] == 0x0D
                && b[5] == 0x0A && b[6] == 0x1A && b[7] == 0x0A) {
            return Optional.of("image/png");
        }
        if (b.length >= 12 && b[0] == 'R' && b[1] == 'I' && b[2] == 'F' && b[3] == 'F' && b[8] == 'W' && b[9] == 'E'
                && b[10] == 'B' && b[11] == 'P') {
            return Optional.of("image/webp");
        }
        return Optional.empty();
    }

    /** Stores an upload by the current user; a 400 names what is wrong with it. */
    @Transactional
    public PhotoRef upload(byte[] data) {
        return store(data, CurrentUser.actor());
    }

    /**
     * Stores an upload by a public client without an account (e.g. "qr:7KQ2M…" or "open311:3"), recorded with that
     * client's id: only the same client can later attach it to a report ({@link ReportIntake#submitPublic}).
     */
    @Transactional
    public PhotoRef uploadFor(String client, byte[] data) {
        if (client == null || client.isBlank() || client.length() > 64 || client.indexOf(':') < 1) {
            throw new IllegalArgumentException("a public client id looks like channel:id");
        }
        return store(data, client);
    }

    /** Refuses photos not uploaded by this public client (400 naming the first). */
    void requireUploadedBy(Collection<UUID> ids, String client) {
        for (UUID id : ids) {
            boolean own = jdbc.sql("select count(*) from photo where id = ? and uploaded_by = ?").params(id, client)
                    .query(Long.class).single() > 0;
            if (!own) {
                throw new InvalidRequestException("Unknown photo " + id + ", or not uploaded by this client");
            }
        }
    }

    private PhotoRef store(byte[] data, String uploader) {
        if (data == null || data.length == 0) {
            throw new InvalidRequestException("The photo is empty");
        }
        if (data.length > MAX_BYTES) {
            throw new InvalidRequestException("A photo may have at most " + (MAX_BYTES / 1024 / 1024) + " MB");
        }
        String type = sniff(data).orElseThrow(
                () -> new InvalidRequestException("Only JPEG, PNG and WebP photos are accepted (checked by content)"));
        Integer width = null;
        Integer height = null;
        byte[] thumb = null;
        if (!type.equals("image/webp")) {
            BufferedImage image = decode(data);
            width = image.getWidth();
            height = image.getHeight();
            thumb = thumbnail(image);
        } else {
            int[] dims = webpSize(data);
            if (dims != null) {
                width = dims[0];
                height = dims[1];
            }
        }
        UUID id = UUID.randomUUID();
        store.put(id.toString(), data);
        if (thumb != null) {
            store.put(id + ".thumb", thumb);
        }
        jdbc.sql("""
                        insert into photo (id, content_type, size_bytes, width, height, sha256, has_thumb, uploaded_by,
                                           uploaded_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(id, type, data.length, width, height, Hashing.sha256(data), thumb != null, uploader,
                        OffsetDateTime.now(clock)).update();
        return new PhotoRef(id, type, data.length, width, height);
    }

    /** Gives photos their area once attached to a report or case; only the uploader's own unattached photos. */
    @Transactional
    public void attach(Collection<UUID> ids, String areaCode, String uploader) {
        for (UUID id : ids) {
            int n = jdbc.sql("update photo set area_code = ? where id = ? and (uploaded_by = ? or area_code = ?)")
                    .params(areaCode, id, uploader, areaCode).update();
            if (n == 0) {
                throw new InvalidRequestException("Unknown photo " + id + ", or not uploaded by you");
            }
        }
    }

    public record Content(String contentType, byte[] data) {
    }

    /** A photo's bytes if the current user uploaded it or may see its area; the thumbnail when asked and made. */
    public Optional<Content> read(UUID id, boolean thumbnail) {
        // photos are evidence of reports and cases: whoever may read those in the photo's area may see it
        DataScope scope = policy.scope(IntakePermission.READ);
        String me = CurrentUser.actor();
        return content(id, thumbnail, "where id = ? and (uploaded_by = ? or area_code like any (?))", id, me,
                scope.likePatterns());
    }

    /**
     * A photo of a report shown on its public tracking page: the caller (public channels) has established, from the
     * tracking code it holds, that the photo belongs to that report. Nobody signed in is needed.
     */
    public Optional<Content> readOfReport(long reportId, UUID id, boolean thumbnail) {
        return content(id, thumbnail, """
                where id = ? and exists (select 1 from report_photo rp where rp.photo_id = photo.id
                                         and rp.report_id = ?)""", id, reportId);
    }

    private Optional<Content> content(UUID id, boolean thumbnail, String where, Object... params) {
        record Row(String contentType, boolean hasThumb) {
        }
        Optional<Row> row = jdbc.sql("select content_type, has_thumb from photo " + where).params(params)
                .query(Row.class).optional();
        return row.flatMap(r -> {
            if (thumbnail && r.hasThumb()) {
                return store.get(id + ".thumb").map(b -> new Content("image/jpeg", b));
            }
            return store.get(id.toString()).map(b -> new Content(r.contentType(), b));
        });
    }

    private static BufferedImage decode(byte[] data) {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(data))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new InvalidRequestException("The photo cannot be read");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
                if (pixels > MAX_PIXELS) {
                    throw new InvalidRequestException("The photo has too many pixels (at most 40 megapixels)");
                }
                return reader.read(0);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof InvalidRequestException ire) {
                throw ire;
            }
            throw new InvalidRequestException("The photo is damaged and cannot be read");
        }
    }

    private static byte[] thumbnail(BufferedImage image) {
        double scale = Math.min(1.0, (double) THUMB / Math.max(image.getWidth(), image.getHeight()));
        int w = Math.max(1, (int) Math.round(image.getWidth() * scale));
        int h = Math.max(1, (int) Math.round(image.getHeight() * scale));
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setColor(java.awt.Color.WHITE);
            g.fillRect(0, 0, w, h);
            g.drawImage(image, 0, 0, w, h, null);
        } finally {
            g.dispose();
        }
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            ImageIO.write(out, "jpg", bytes);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Width and height from a WebP header (VP8, VP8L or VP8X), or null. */
    static int[] webpSize(byte[] b) {
        if (b.length < 30) {
            return null;
        }
        String chunk = new String(b, 12, 4, java.nio.charset.StandardCharsets.US_ASCII);
        return switch (chunk) {
            case "VP8 " -> new int[] {((b[26] & 0xff) | (b[27] & 0xff) << 8) & 0x3fff,
                    ((b[28] & 0xff) | (b[29] & 0xff) << 8) & 0x3fff};
            case "VP8L" -> {
                int bits = (b[21] & 0xff) | (b[22] & 0xff) << 8 | (b[23] & 0xff) << 16 | (b[24] & 0xff) << 24;
                yield new int[] {(bits & 0x3fff) + 1, ((bits >> 14) & 0x3fff) + 1};
            }
            case "VP8X" -> new int[] {1 + ((b[24] & 0xff) | (b[25] & 0xff) << 8 | (b[26] & 0xff) << 16),
                    1 + ((b[27] & 0xff) | (b[28] & 0xff) << 8 | (b[29] & 0xff) << 16)};
            default -> null;
        };
    }

    /** The photo ids of these reports, each report's in the order of {@link #ofReport}. */
    Map<Long, List<UUID>> idsOfReports(Long[] reportIds) {
        Map<Long, List<UUID>> out = new HashMap<>();
        jdbc.sql("select report_id, photo_id from report_photo where report_id = any(?) order by report_id, role,"
                        + " photo_id")
                .param(reportIds)
                .query((rs, n) -> out.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>())
                        .add(rs.getObject(2, UUID.class))).list();
        return out;
    }

    List<ReportView.Photo> ofReport(long reportId) {
        return jdbc.sql("select photo_id, role from report_photo where report_id = ? order by role, photo_id")
                .param(reportId)
                .query((rs, n) -> new ReportView.Photo(rs.getObject(1, UUID.class), PhotoRole.valueOf(rs.getString(2))))
                .list();
    }
}
