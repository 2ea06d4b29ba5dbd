package org.fengqiao.access;

import java.time.Clock;
import java.time.Instant;

import org.fengqiao.audit.AuditTrail;
import org.fengqiao.platform.FieldCipher;
import org.fengqiao.platform.InvalidRequestException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Enrolment and checking of the TOTP second factor; the secret is stored encrypted, every step audited. */
@Service
class SecondFactor {

    private final JdbcClient jdbc;
    private final FieldCipher cipher;
    private final AuditTrail audit;
    private final Clock clock;

    SecondFactor(JdbcClient jdbc, FieldCipher cipher, AuditTrail audit, Clock clock) {
        this.jdbc = jdbc;
        this.cipher = cipher;
        this.audit = audit;
        this.clock = clock;
    }

    boolean enabled(long accountId) {
        return jdbc.sql("select totp_enabled from account where id = ?").param(accountId)
                .query(Boolean.class).single();
    }

    /** Turns the second factor on once the user proves their app holds {@code secret}. */
    @Transactional
    void enable(SignedInUser user, String secret, String code) {
        long step = Totp.verify(secret, code, Instant.now(clock), null);
        if (step < 0) {
            audit.recordIndependently(user.username(), "TOTP_ENABLE", "account:" + user.username(), "wrong code",
                    AuditTrail.Outcome.FAILURE);
            throw new InvalidRequestException("totp.wrong");
        }
        jdbc.sql("update account set totp_secret_enc = ?, totp_enabled = true, totp_last_step = ? where id = ?")
                .params(cipher.encrypt(secret), step, user.accountId()).update();
        audit.record(user.username(), "TOTP_ENABLE", "account:" + user.username(), null, AuditTrail.Outcome.SUCCESS);
    }

    @Transactional
    void disable(SignedInUser user, String code) {
        if (!check(user.accountId(), code)) {
            audit.recordIndependently(user.username(), "TOTP_DISABLE", "account:" + user.username(), "wrong code",
                    AuditTrail.Outcome.FAILURE);
            throw new InvalidRequestException("totp.wrong");
        }
        jdbc.sql("update account set totp_secret_enc = null, totp_enabled = false, totp_last_step = null where id = ?")
                .param(user.accountId()).update();
        audit.record(user.username(), "TOTP_DISABLE", "account:" + user.username(), null, AuditTrail.Outcome.SUCCESS);
    }

    /** Checks a code and, when right, uses it up (a code is accepted once). */
    @Transactional
    boolean check(long accountId, String code) {
        record Row(byte[] totpSecretEnc, Long totpLastStep) {
        }
        Row row = jdbc.sql("select totp_secret_enc, totp_last_step from account where id = ? and totp_enabled for update")
                .param(accountId).query(Row.class).optional().orElse(null);
        if (row == null || row.totpSecretEnc() == null) {
            return false;
        }
        long step = Totp.verify(cipher.decrypt(row.totpSecretEnc()), code, Instant.now(clock), row.totpLastStep());
        if (step < 0) {
            return false;
        }
        jdbc.sql("update account set totp_last_step = ? where id = ?").params(step, accountId).update();
        return true;
    }
}
