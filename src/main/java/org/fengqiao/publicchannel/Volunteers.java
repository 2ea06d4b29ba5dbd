package org.fengqiao.publicchannel;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.fengqiao.audit.AuditTrail;
import org.fengqiao.geography.AreaDirectory;
import org.fengqiao.platform.CurrentUser;
import org.fengqiao.platform.DataScope;
import org.fengqiao.platform.FieldCipher;
import org.fengqiao.platform.InvalidRequestException;
import org.fengqiao.platform.Masking;
import org.fengqiao.platform.NotFoundException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Registered volunteer reporters: riders, building leaders, enterprise volunteer police. Staff register them and
 * hand over a six-digit PIN (shown once, stored hashed); they sign in on the public pages with phone and PIN and see
 * their own reports and points. Five wrong PINs lock the sign-in for 15 minutes. The phone is encrypted with a blind
 * index and shown masked.
 */
@Service
public class Volunteers {

    public static final List<String> KINDS = List.of("RIDER", "BUILDING_LEADER", "ENTERPRISE_POLICE", "OTHER");
    static final int MAX_FAILED = 5;
    static final Duration LOCK = Duration.ofMinutes(15);
    static final Duration SESSION = Duration.ofDays(30);

    private final JdbcClient jdbc;
    private final FieldCipher cipher;
    private final PasswordEncoder encoder;
    private final AreaDirectory areas;
    private final AuditTrail audit;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final org.fengqiao.platform.AccessPolicy policy;

    Volunteers(JdbcClient jdbc, FieldCipher cipher, PasswordEncoder encoder, AreaDirectory areas, AuditTrail audit,
               Clock clock, org.fengqiao.platform.AccessPolicy policy) {
        this.policy = policy;
        this.jdbc = jdbc;
        this.cipher = cipher;
        this.encoder = encoder;
        this.areas = areas;
        this.audit = audit;
        this.clock = clock;
    }

    public record Volunteer(long id, String name, String kind, String areaCode, String phoneMasked,
                            Instant createdAt, boolean retired) {
    }

    /** A registration or PIN reset: the PIN is shown to staff this once. */
    public record Issued(Volunteer volunteer, String pin) {
    }

    static String normalisePhone(String phone) {
        String p = phone == null ? "" : phone.replaceAll("[\\s-]", "");
        if (!org.fengqiao.platform.IdNumbers.isMobile(p)) {
            throw new InvalidRequestException("A volunteer signs in with a mainland mobile number (11 digits)");
        }
        return p;
    }

    @Transactional
    public Issued register(String name, String kind, String phone, String areaCode) {
        DataScope scope = policy.scope(PublicChannelPermission.MANAGE_VOLUNTEERS);
        if (name == null || name.isBlank() || name.strip().length() > 60) {
            throw new InvalidRequestException("Give the volunteer's name (at most 60 characters)");
        }
        if (!KINDS.contains(kind)) {
            throw new InvalidRequestException("Kind must be one of " + KINDS);
        }
        String p = normalisePhone(phone);
        areas.find(areaCode, scope).orElseThrow(() -> new NotFoundException("No area " + areaCode + " in your scope"));
        if (jdbc.sql("select count(*) from volunteer_reporter where phone_index = ?").param(cipher.blindIndex(p))
                .query(Long.class).single() > 0) {
            throw new org.fengqiao.platform.ConflictException("This phone number is already registered");
        }
        String pin = pin();
        long id = jdbc.sql("""
                        insert into volunteer_reporter (name, kind, area_code, phone_enc, phone_index, phone_masked,
                                                        pin_hash, created_at, created_by)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?) returning id""")
                .params(name.strip(), kind, areaCode, cipher.encrypt(p), cipher.blindIndex(p), Masking.phone(p),
                        encoder.encode(pin), OffsetDateTime.now(clock), CurrentUser.actor())
                .query(Long.class).single();
        audit.record("VOLUNTEER_REGISTERED", "volunteer:" + id, kind + " @ " + areaCode, AuditTrail.Outcome.SUCCESS);
        return new Issued(find(id).orElseThrow(), pin);
    }

    @Transactional
    public Issued resetPin(long id) {
        DataScope scope = policy.scope(PublicChannelPermission.MANAGE_VOLUNTEERS);
        Volunteer v = inScope(id, scope);
        String pin = pin();
        jdbc.sql("update volunteer_reporter set pin_hash = ?, failed_pins = 0, locked_until = null where id = ?")
                .params(encoder.encode(pin), id).update();
        audit.record("VOLUNTEER_PIN_RESET", "volunteer:" + id, null, AuditTrail.Outcome.SUCCESS);
        return new Issued(v, pin);
    }

    @Transactional
    public void retire(long id) {
        DataScope scope = policy.scope(PublicChannelPermission.MANAGE_VOLUNTEERS);
        inScope(id, scope);
        jdbc.sql("update volunteer_reporter set retired_at = ? where id = ? and retired_at is null")
                .params(OffsetDateTime.now(clock), id).update();
        audit.record("VOLUNTEER_RETIRED", "volunteer:" + id, null, AuditTrail.Outcome.SUCCESS);
    }

    public List<Volunteer> list() {
        DataScope scope = policy.requireScope(PublicChannelPermission.MANAGE_VOLUNTEERS);
        if (scope == null || scope.isEmpty()) {
            return List.of();
        }
        return jdbc.sql(SELECT + " where area_code like any (?) order by retired_at nulls first, id desc limit 500")
                .param(scope.likePatterns()).query(Volunteers::map).list();
    }

    public Optional<Volunteer> find(long id) {
        return jdbc.sql(SELECT + " where id = ?").param(id).query(Volunteers::map).optional();
    }

    private Volunteer inScope(long id, DataScope scope) {
        return find(id).filter(v -> scope.covers(v.areaCode()))
                .orElseThrow(() -> new NotFoundException("No volunteer " + id + " in your scope"));
    }

    /** The volunteer's phone in clear, to attach to their own reports for the call-back. */
    String phoneOf(long id) {
        return jdbc.sql("select phone_enc from volunteer_reporter where id = ?").param(id)
                .query((rs, n) -> cipher.decrypt(rs.getBytes(1))).single();
    }

    /** Checks phone and PIN; counts failures and locks. Failures are kept even though the request fails. */
    @Transactional(propagation = Propagation.REQUIRES_NEW, noRollbackFor = InvalidRequestException.class)
    public Volunteer signIn(String phone, String pin) {
        String p;
        try {
            p = normalisePhone(phone);
        } catch (InvalidRequestException e) {
            throw new InvalidRequestException("Phone number or PIN is wrong");
        }
        record Row(long id, String pinHash, int failedPins, OffsetDateTime lockedUntil) {
        }
        Row row = jdbc.sql("""
                        select id, pin_hash, failed_pins, locked_until from volunteer_reporter
                        where phone_index = ? and retired_at is null for update""")
                .param(cipher.blindIndex(p)).query(Row.class).optional().orElse(null);
        if (row == null) {
            encoder.matches(pin == null ? "" : pin, "{bcrypt}$2a$10$7EqJtq98hPqEX7fNZaFWoOhi5BWX4Z0yMdPVVg5r6I6bS1F8o8V4e");
            throw new InvalidRequestException("Phone number or PIN is wrong");
        }
        if (row.lockedUntil() != null && row.lockedUntil().toInstant().isAfter(Instant.now(clock))) {
            throw new InvalidRequestException("Too many wrong PINs; try again after 15 minutes");
        }
        if (pin == null || !encoder.matches(pin.strip(), row.pinHash())) {
            int failed = row.failedPins() + 1;
            jdbc.sql("update volunteer_reporter set failed_pins = ?, locked_until = ? where id = ?")
                    .params(failed >= MAX_FAILED ? 0 : failed,
                            failed >= MAX_FAILED ? OffsetDateTime.now(clock).plus(LOCK) : null, row.id())
                    .update();
            audit.recordIndependently("volunteer:" + row.id(), "VOLUNTEER_SIGN_IN", "volunteer:" + row.id(),
                    "wrong PIN", AuditTrail.Outcome.FAILURE);
            throw new InvalidRequestException(failed >= MAX_FAILED
                    ? "Too many wrong PINs; try again after 15 minutes" : "Phone number or PIN is wrong");
        }
        jdbc.sql("update volunteer_reporter set failed_pins = 0, locked_until = null where id = ?").param(row.id())
                .update();
        audit.record("volunteer:" + row.id(), "VOLUNTEER_SIGN_IN", "volunteer:" + row.id(), null,
                AuditTrail.Outcome.SUCCESS);
        return find(row.id()).orElseThrow();
    }

    // ---- the sign-in cookie: id.expiry.signature ----

    public String cookieFor(long volunteerId) {
        long exp = Instant.now(clock).plus(SESSION).getEpochSecond();
        String payload = volunteerId + "." + exp;
        return payload + "." + sign(payload);
    }

    public Optional<Volunteer> fromCookie(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String[] p = value.split("\\.");
        if (p.length != 3 || !sign(p[0] + "." + p[1]).equals(p[2])) {
            return Optional.empty();
        }
        try {
            if (Instant.now(clock).getEpochSecond() > Long.parseLong(p[1])) {
                return Optional.empty();
            }
            return find(Long.parseLong(p[0])).filter(v -> !v.retired());
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private String sign(String payload) {
        return HexFormat.of().formatHex(cipher.blindIndex("volunteer-session|" + payload));
    }

    private String pin() {
        return String.format("%06d", random.nextInt(1_000_000));
    }

    private static final String SELECT = "select id, name, kind, area_code, phone_masked, created_at,"
            + " retired_at is not null as retired from volunteer_reporter";

    private static Volunteer map(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new Volunteer(rs.getLong("id"), rs.getString("name"), rs.getString("kind"), rs.getString("area_code"),
                rs.getString("phone_masked"), rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                rs.getBoolean("retired"));
    }

    static String b64(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
