package org.fengqiao.access;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TotpTest {

    @Test
    void matchesTheRfc6238TestVectors() {
        byte[] key = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
        assertThat(Totp.code(key, Totp.step(Instant.ofEpochSecond(59)), 8)).isEqualTo("94287082");
        assertThat(Totp.code(key, Totp.step(Instant.ofEpochSecond(1111111109)), 8)).isEqualTo("07081804");
        assertThat(Totp.code(key, Totp.step(Instant.ofEpochSecond(2000000000)), 8)).isEqualTo("69279037");
        assertThat(Totp.decode(Totp.base32(key))).isEqualTo(key);
    }

    @Test
    void acceptsOneStepOfDriftButNoReplayAndNoGuessingFormat() {
        String secret = Totp.newSecret();
        Instant now = Instant.ofEpochSecond(1_800_000_000L);
        long step = Totp.step(now);
        assertThat(Totp.verify(secret, Totp.code(secret, step), now, null)).isEqualTo(step);
        assertThat(Totp.verify(secret, Totp.code(secret, step - 1), now, null)).isEqualTo(step - 1);
        assertThat(Totp.verify(secret, Totp.code(secret, step - 2), now, null)).isEqualTo(-1);
        assertThat(Totp.verify(secret, Totp.code(secret, step), now, step)).isEqualTo(-1);
        assertThat(Totp.verify(secret, "12345", now, null)).isEqualTo(-1);
        assertThat(Totp.otpauthUri("Fengqiao", "grid.a", secret)).startsWith("otpauth://totp/Fengqiao%3Agrid.a?secret=");
    }
}
