package org.fengqiao.access;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import org.fengqiao.audit.AuditTrail;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** A signed-in user changes their own password: the current one, twice the new one, the policy; audited. */
@Service
class PasswordChange {

    private final JdbcClient jdbc;
    private final PasswordEncoder encoder;
    private final PasswordPolicy policy;
    private final AuditTrail audit;
    private final Clock clock;

    PasswordChange(JdbcClient jdbc, PasswordEncoder encoder, PasswordPolicy policy, AuditTrail audit, Clock clock) {
        this.jdbc = jdbc;
        this.encoder = encoder;
        this.policy = policy;
        this.audit = audit;
        this.clock = clock;
    }

    /** Changes the password; returns the message keys of what is wrong, empty when it was changed. */
    @Transactional
    List<String> change(SignedInUser user, String current, String password, String confirm) {
        String hash = jdbc.sql("select password_hash from account where id = ?").param(user.accountId())
                .query(String.class).single();
        List<String> problems = new ArrayList<>();
        if (!encoder.matches(current, hash)) {
            problems.add("password.rule.current");
        }
        if (!password.equals(confirm)) {
            problems.add("password.rule.confirm");
        }
        if (encoder.matches(password, hash)) {
            problems.add("password.rule.same");
        }
        problems.addAll(policy.violations(password, user.username()));
        if (!problems.isEmpty()) {
            return problems;
        }
        jdbc.sql("""
                        update account set password_hash = ?, must_change_password = false, password_changed_at = ?,
                               version = version + 1 where id = ?""")
                .params(encoder.encode(password), OffsetDateTime.now(clock), user.accountId()).update();
        audit.record(user.username(), "PASSWORD_CHANGE", "account:" + user.username(), null,
                AuditTrail.Outcome.SUCCESS);
        return List.of();
    }
}
