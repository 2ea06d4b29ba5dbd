package org.fengqiao.open311;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import org.fengqiao.audit.AuditTrail;
import org.fengqiao.platform.CurrentUser;
import org.fengqiao.platform.InvalidRequestException;
import org.fengqiao.platform.NotFoundException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Open311 API keys: issued per client by a system administrator, shown once, stored as SHA-256 only, revocable.
 * A key is 32 random bytes in URL-safe base 64 (256 bits), so a hash without salt is enough.
 */
@Service
public class ApiKeys {

    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final org.fengqiao.platform.AccessPolicy policy;

    ApiKeys(JdbcClient jdbc, AuditTrail audit, Clock clock, org.fengqiao.platform.AccessPolicy policy) {
        this.policy = policy;
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
    }

    /** A key as administrators see it; never the key itself. */
    public record Key(long id, String name, String contact, String keyPrefix, Instant createdAt, String createdBy,
                      Instant revokedAt, String revokedBy, String revokedReason, Instant lastUsedAt, long useCount) {
        public boolean active() {
            return revokedAt == null;
        }
    }

    /** A freshly issued key: {@code secret} is shown once and never again. */
    public record Issued(Key key, String secret) {
    }

    @Transactional
    public Issued issue(String name, String contact) {
        policy.checkCountyWide(Open311Permission.MANAGE_KEYS);
        if (name == null || name.isBlank() || name.strip().length() > 80) {
            throw new InvalidRequestException("Name the client (at most 80 characters)");
        }
        if (contact != null && contact.length() > 200) {
            throw new InvalidRequestException("The contact may have at most 200 characters");
        }
        byte[] raw = new byte[32];
        random.nextBytes(raw);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        long id = jdbc.sql("""
                        insert into open311_api_key (name, contact, key_prefix, key_hash, created_at, created_by)
                        values (?, ?, ?, ?, ?, ?) returning id""")
                .params(name.strip(), contact == null || contact.isBlank() ? null : contact.strip(),
                        secret.substring(0, 6), hash(secret), OffsetDateTime.now(clock), CurrentUser.actor())
                .query(Long.class).single();
        audit.record("OPEN311_KEY_ISSUED", "open311-key:" + id, name.strip(), AuditTrail.Outcome.SUCCESS);
        return new Issued(find(id).orElseThrow(), secret);
    }

    @Transactional
    public void revoke(long id, String reason) {
        policy.checkCountyWide(Open311Permission.MANAGE_KEYS);
        if (reason == null || reason.isBlank()) {
            throw new InvalidRequestException("Say why the key is revoked");
        }
        int n = jdbc.sql("""
                        update open311_api_key set revoked_at = ?, revoked_by = ?, revoked_reason = ?
                        where id = ? and revoked_at is null""")
                .params(OffsetDateTime.now(clock), CurrentUser.actor(), reason.strip(), id).update();
        if (n == 0) {
            throw new NotFoundException("No active key " + id);
        }
        audit.record("OPEN311_KEY_REVOKED", "open311-key:" + id, reason.strip(), AuditTrail.Outcome.SUCCESS);
    }

    public List<Key> list() {
        policy.checkCountyWide(Open311Permission.MANAGE_KEYS);
        return jdbc.sql(SELECT + " order by revoked_at nulls first, id desc").query(ApiKeys::map).list();
    }

    public Optional<Key> find(long id) {
        return jdbc.sql(SELECT + " where id = ?").param(id).query(ApiKeys::map).optional();
    }

    /** The active key with this secret, counting the use; empty for a missing, unknown or revoked key. */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    /** The active key for this secret, or Open311's 403 when it is missing, invalid or revoked. */
    Key require(String apiKey) {
        if (apiKey == null || apiKey.isBlank()) {
            throw Open311Exception.forbidden("api_key is missing");
        }
        return authenticate(apiKey).orElseThrow(() -> Open311Exception.forbidden("api_key is invalid or revoked"));
    }

    public Optional<Key> authenticate(String secret) {
        if (secret == null || secret.isBlank() || secret.length() > 200) {
            return Optional.empty();
        }
        Optional<Key> key = jdbc.sql(SELECT + " where key_hash = ? and revoked_at is null").param(hash(secret.strip()))
                .query(ApiKeys::map).optional();
        key.ifPresent(k -> jdbc.sql("update open311_api_key set last_used_at = ?, use_count = use_count + 1 where id = ?")
                .params(OffsetDateTime.now(clock), k.id()).update());
        return key;
    }

    private static final String SELECT = "select id, name, contact, key_prefix, created_at, created_by, revoked_at,"
            + " revoked_by, revoked_reason, last_used_at, use_count from open311_api_key";

    private static Key map(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new Key(rs.getLong("id"), rs.getString("name"), rs.getString("contact"), rs.getString("key_prefix"),
                instant(rs, "created_at"), rs.getString("created_by"), instant(rs, "revoked_at"),
                rs.getString("revoked_by"), rs.getString("revoked_reason"), instant(rs, "last_used_at"),
                rs.getLong("use_count"));
    }

    private static Instant instant(java.sql.ResultSet rs, String col) throws java.sql.SQLException {
        OffsetDateTime t = rs.getObject(col, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    static String hash(String secret) {
        return org.fengqiao.platform.Hashing.sha256(secret);
    }
}
