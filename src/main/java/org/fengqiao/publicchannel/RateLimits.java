package org.fengqiao.publicchannel;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;

import org.fengqiao.platform.FieldCipher;
import org.springframework.jdbc.core.simple.JdbcClient;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Abuse resistance for the public channel, in the database so that every instance shares the counts: fixed-window
 * counters per IP, per phone (by its blind index, never in clear) and per volunteer, and a small arithmetic
 * challenge once a caller comes near a limit. The challenge is stateless: the question travels with a keyed
 * signature and an expiry.
 */
@Component
public class RateLimits {

    /** One limit: a soft count from which a challenge is asked, a hard count from which requests are refused. */
    public record Limit(String name, Duration window, int soft, int hard) {
    }

    public static final Limit REPORTS_PER_IP = new Limit("report-ip", Duration.ofHours(1), 3, 10);
    public static final Limit REPORTS_PER_PHONE = new Limit("report-phone", Duration.ofDays(1), 3, 6);
    public static final Limit REPORTS_PER_VOLUNTEER = new Limit("report-vol", Duration.ofDays(1), 40, 60);
    public static final Limit LOOKUPS_PER_IP = new Limit("lookup-ip", Duration.ofHours(1), 100, 120);
    public static final Limit SIGN_INS_PER_IP = new Limit("signin-ip", Duration.ofHours(1), 10, 20);

    private final JdbcClient jdbc;
    private final FieldCipher cipher;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    RateLimits(JdbcClient jdbc, FieldCipher cipher, Clock clock) {
        this.jdbc = jdbc;
        this.cipher = cipher;
        this.clock = clock;
    }

    /** Where a caller stands against a limit. */
    public enum Standing { FREE, CHALLENGE, BLOCKED }

    public Standing standing(Limit limit, String key) {
        int hits = hits(limit, key);
        return hits >= limit.hard() ? Standing.BLOCKED : hits >= limit.soft() ? Standing.CHALLENGE : Standing.FREE;
    }

    public int hits(Limit limit, String key) {
        if (key == null) {
            return 0;
        }
        return jdbc.sql("select coalesce(sum(hits), 0) from public_rate_counter where bucket = ? and window_start = ?")
                .params(bucket(limit, key), windowStart(limit)).query(Integer.class).single();
    }

    /** Counts one more hit; joins the caller's transaction, so a failed submission counts nothing. */
    public int hit(Limit limit, String key) {
        if (key == null) {
            return 0;
        }
        return jdbc.sql("""
                        insert into public_rate_counter (bucket, window_start, hits) values (?, ?, 1)
                        on conflict (bucket, window_start) do update set hits = public_rate_counter.hits + 1
                        returning hits""")
                .params(bucket(limit, key), windowStart(limit)).query(Integer.class).single();
    }

    private String bucket(Limit limit, String key) {
        // keys may be phone numbers or addresses: keep only a keyed hash of them
        return limit.name() + ":" + HexFormat.of().formatHex(cipher.blindIndex(limit.name() + "|" + key));
    }

    private OffsetDateTime windowStart(Limit limit) {
        long w = limit.window().toSeconds();
        long now = Instant.now(clock).getEpochSecond();
        return OffsetDateTime.ofInstant(Instant.ofEpochSecond(now - now % w), ZoneOffset.UTC);
    }

    /** Drops windows older than two days, hourly. */
    @Scheduled(fixedDelay = 3_600_000, initialDelay = 600_000)
    @SchedulerLock(name = "publicchannel.RateLimits.prune", lockAtMostFor = "PT55M", lockAtLeastFor = "PT50M")
    public void prune() {
        jdbc.sql("delete from public_rate_counter where window_start < ?")
                .param(OffsetDateTime.now(clock).minusDays(2)).update();
    }

    // ---- the challenge ----

    /** A question and its signed token. */
    public record Challenge(String question, String token) {
    }

    public Challenge newChallenge() {
        int a = 2 + random.nextInt(8);
        int b = 2 + random.nextInt(8);
        long expires = Instant.now(clock).plus(Duration.ofMinutes(20)).getEpochSecond();
        String payload = a + "." + b + "." + expires;
        return new Challenge(a + " + " + b + " = ?", Base64.getUrlEncoder().withoutPadding()
                .encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + sign(payload));
    }

    /** Whether the answer solves the challenge the token carries, before it expired. */
    public boolean solved(String token, String answer) {
        if (token == null || answer == null || !token.contains(".")) {
            return false;
        }
        try {
            String payload = new String(Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.'))),
                    StandardCharsets.UTF_8);
            if (!sign(payload).equals(token.substring(token.indexOf('.') + 1))) {
                return false;
            }
            String[] p = payload.split("\\.");
            if (Instant.now(clock).getEpochSecond() > Long.parseLong(p[2])) {
                return false;
            }
            return Integer.parseInt(answer.strip()) == Integer.parseInt(p[0]) + Integer.parseInt(p[1]);
        } catch (RuntimeException e) {
            return false;
        }
    }

    String sign(String payload) {
        return HexFormat.of().formatHex(cipher.blindIndex("challenge|" + payload)).substring(0, 32);
    }
}
