package org.fengqiao.access;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import org.fengqiao.platform.FengqiaoProperties;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PasswordPolicyTest {

    static FengqiaoProperties properties(Duration expiry) {
        return new FengqiaoProperties(Path.of("target/x"), 0, new FengqiaoProperties.Demo("never", 1),
                new FengqiaoProperties.Security(5, Duration.ofMinutes(15), Duration.ofMinutes(30), expiry, 8),
                new FengqiaoProperties.Crypto("SM4", "", "", ""), new FengqiaoProperties.MapSettings("", ""));
    }

    private final PasswordPolicy policy = new PasswordPolicy(properties(Duration.ZERO));

    @Test
    void needsEightCharactersOfThreeClassesWithoutTheUserName() {
        assertThat(policy.violations("Ab1!", "zhang")).contains("password.rule.length");
        assertThat(policy.violations("abcdefgh1", "zhang")).containsExactly("password.rule.classes");
        assertThat(policy.violations("ABCDEFGH", "zhang")).containsExactly("password.rule.classes");
        assertThat(policy.violations("Zhang-2026x", "zhang")).containsExactly("password.rule.username");
        assertThat(policy.violations("abcdefg1!", "zhang")).isEmpty();
        assertThat(policy.violations("Abcdefg12", "zhang")).isEmpty();
        assertThat(policy.violations(null, "zhang")).contains("password.rule.length");
    }

    @Test
    void passwordExpiresAfterTheConfiguredTimeAndNeverWhenZero() {
        Instant now = Instant.parse("2026-06-01T00:00:00Z");
        OffsetDateTime old = OffsetDateTime.ofInstant(now.minus(Duration.ofDays(91)), ZoneOffset.UTC);
        OffsetDateTime recent = OffsetDateTime.ofInstant(now.minus(Duration.ofDays(89)), ZoneOffset.UTC);
        assertThat(AccountUserDetailsService.expired(old, Duration.ofDays(90), now)).isTrue();
        assertThat(AccountUserDetailsService.expired(recent, Duration.ofDays(90), now)).isFalse();
        assertThat(AccountUserDetailsService.expired(old, Duration.ZERO, now)).isFalse();
    }
}
