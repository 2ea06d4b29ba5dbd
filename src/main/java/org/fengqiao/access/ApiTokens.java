package org.fengqiao.access;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import org.fengqiao.audit.AuditTrail;
import org.fengqiao.geography.AreaDirectory;
import org.fengqiao.people.Organisations;
import org.fengqiao.platform.AccessPolicy;
import org.fengqiao.platform.CurrentUser;
import org.fengqiao.platform.DataScope;
import org.fengqiao.platform.Hashing;
import org.fengqiao.platform.InvalidRequestException;
import org.fengqiao.platform.NotFoundException;
import org.fengqiao.platform.Reasons;
import org.fengqiao.platform.Role;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * API tokens for machine clients of the JSON API. The security administrator issues one with a name, a reason, an
 * expiry and role assignments — each within the area of one of the administrator's own posts, never one of the three
 * separated admin roles — and sees its secret once; only a hash of it is kept. A request carrying
 * {@code Authorization: Bearer <secret>} acts as an {@link ApiClient} holding those assignments, without session or
 * CSRF token. Revoking takes effect on this instance at once and on every other within a second.
 *
 * <p>Audit: issue and revoke (and refusals) like every administration; use like a sign-in — the first request of a
 * token, then one row per ten minutes of use with the number of requests since, so the hash-chained trail does not
 * serialise the API's hot path; what a token changes is audited by each module as for a person. A refused token
 * (unknown, expired, revoked) is audited at most once a minute per token.
 */
@Service
class ApiTokens {

    static final String PREFIX = "fq_";
    static final Duration MAX_VALIDITY = Duration.ofDays(366);
    static final long CACHE_MILLIS = 1_000;
    static final long USE_WINDOW_MILLIS = 600_000;

    private final JdbcClient jdbc;
    private final AccessPolicy policy;
    private final AreaDirectory areas;
    private final Organisations organisations;
    private final AuditTrail audit;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    /** Tokens looked up in the last second, by the hash of their secret (an unknown secret caches as null). */
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    /** Per token: start of the current use window and requests in it. */
    private final Map<Long, long[]> uses = new ConcurrentHashMap<>();
    private final Map<String, Long> refusedAuditedAt = new ConcurrentHashMap<>();

    ApiTokens(JdbcClient jdbc, AccessPolicy policy, AreaDirectory areas, Organisations organisations, AuditTrail audit,
              Clock clock) {
        this.jdbc = jdbc;
        this.policy = policy;
        this.areas = areas;
        this.organisations = organisations;
        this.audit = audit;
        this.clock = clock;
    }

    /** One assignment a token carries. */
    record Grant(String role, String areaCode, Long organisationId) {
    }

    record Token(long id, String name, String secretPrefix, OffsetDateTime issuedAt, String issuedBy,
                 String issuedReason, OffsetDateTime expiresAt, OffsetDateTime revokedAt, String revokedBy,
                 String revokedReason, OffsetDateTime lastUsedAt, List<CurrentUser.Assignment> assignments) {
        boolean active(Instant now) {
            return revokedAt == null && expiresAt.toInstant().isAfter(now);
        }
    }

    /** A token just issued: the secret is shown this once. */
    record Issued(Token token, String secret) {
    }

    private record Cached(ApiClient client, Instant expiresAt, long loadedAtMillis) {
    }

    // ---- administration ----

    @Transactional
    Issued issue(String name, List<Grant> grants, Integer validDays, String reason) {
        DataScope scope = requireAdmin("API_TOKEN_ISSUE", "api-tokens");
        String why = Reasons.required(reason);
        String n = name == null ? "" : name.strip();
        if (n.isEmpty() || n.length() > 80) {
            throw new InvalidRequestException("Name the client system (at most 80 characters), e.g. 12345 hotline.");
        }
        int days = validDays == null ? 90 : validDays;
        if (days < 1 || days > MAX_VALIDITY.toDays()) {
            throw new InvalidRequestException("A token is valid for 1 to " + MAX_VALIDITY.toDays() + " days.");
        }
        if (grants == null || grants.isEmpty() || grants.size() > 20) {
            throw new InvalidRequestException("Give the token 1 to 20 role assignments (role, area code).");
        }
        List<CurrentUser.Assignment> assignments = new ArrayList<>();
        for (Grant g : grants) {
            assignments.add(grantable(g, scope));
        }
        byte[] raw = new byte[32];
        random.nextBytes(raw);
        String secret = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        Instant now = Instant.now(clock);
        long id = jdbc.sql("""
                        insert into api_token (name, secret_prefix, secret_hash, issued_at, issued_by, issued_reason,
                                               expires_at)
                        values (?, ?, ?, ?, ?, ?, ?) returning id""")
                .params(n, secret.substring(0, PREFIX.length() + 6), Hashing.sha256(secret), utc(now),
                        CurrentUser.actor(), why, utc(now.plus(Duration.ofDays(days))))
                .query(Long.class).single();
        for (CurrentUser.Assignment a : assignments.stream().distinct().toList()) {
            jdbc.sql("""
                            insert into api_token_assignment (token_id, role, area_code, organisation_id)
                            values (?, ?, ?, ?) on conflict do nothing""")
                    .params(id, a.role().name(), a.areaCode(), a.organisationId()).update();
        }
        audit.record("API_TOKEN_ISSUE", "api-token:" + id, "'" + n + "' " + describe(assignments) + ", valid "
                + days + " days; reason: " + why, AuditTrail.Outcome.SUCCESS);
        return new Issued(find(id).orElseThrow(), secret);
    }

    @Transactional
    void revoke(long id, String reason) {
        Token t = get(id);
        String why = Reasons.required(reason);
        int changed = jdbc.sql("""
                        update api_token set revoked_at = ?, revoked_by = ?, revoked_reason = ?
                        where id = ? and revoked_at is null""")
                .params(utc(Instant.now(clock)), CurrentUser.actor(), why, id).update();
        if (changed == 0) {
            throw new InvalidRequestException("This token is revoked already.");
        }
        audit.record("API_TOKEN_REVOKE", "api-token:" + id, "'" + t.name() + "'; reason: " + why,
                AuditTrail.Outcome.SUCCESS);
        forgetAfterCommit();
    }

    /** The tokens whose every assignment lies in the administrator's area, newest first. */
    List<Token> list() {
        DataScope scope = requireAdmin("API_TOKEN_LIST", "api-tokens");
        return load("""
                where not exists (select 1 from api_token_assignment o where o.token_id = t.id
                                  and not (o.area_code like any (?)))
                order by t.id desc limit 500""", scope.likePatterns());
    }

    Token get(long id) {
        DataScope scope = requireAdmin("API_TOKEN_VIEW", "api-token:" + id);
        return find(id).filter(t -> t.assignments().stream().allMatch(a -> scope.covers(a.areaCode())))
                .orElseThrow(() -> {
                    audit.recordIndependently(CurrentUser.actor(), "API_TOKEN_VIEW", "api-token:" + id,
                            "unknown or outside scope", AuditTrail.Outcome.DENIED);
                    return new NotFoundException("No API token " + id + " in your area.");
                });
    }

    boolean mayManage() {
        return policy.holds(ApiTokenPermission.MANAGE_API_TOKENS);
    }

    private Optional<Token> find(long id) {
        return load("where t.id = ?", id).stream().findFirst();
    }

    private List<Token> load(String where, Object param) {
        record Row(long id, String name, String secretPrefix, OffsetDateTime issuedAt, String issuedBy,
                   String issuedReason, OffsetDateTime expiresAt, OffsetDateTime revokedAt, String revokedBy,
                   String revokedReason, OffsetDateTime lastUsedAt) {
        }
        List<Row> rows = jdbc.sql("""
                        select t.id, t.name, t.secret_prefix, t.issued_at, t.issued_by, t.issued_reason, t.expires_at,
                               t.revoked_at, t.revoked_by, t.revoked_reason, t.last_used_at
                        from api_token t\s""" + where).param(param).query(Row.class).list();
        Map<Long, List<CurrentUser.Assignment>> grants = assignmentsOf(rows.stream().map(Row::id).toList());
        return rows.stream().map(r -> new Token(r.id(), r.name(), r.secretPrefix(), r.issuedAt(), r.issuedBy(),
                r.issuedReason(), r.expiresAt(), r.revokedAt(), r.revokedBy(), r.revokedReason(), r.lastUsedAt(),
                grants.getOrDefault(r.id(), List.of()))).toList();
    }

    private Map<Long, List<CurrentUser.Assignment>> assignmentsOf(List<Long> ids) {
        record A(long tokenId, String role, String areaCode, Long organisationId) {
        }
        Map<Long, List<CurrentUser.Assignment>> out = new LinkedHashMap<>();
        if (ids.isEmpty()) {
            return out;
        }
        jdbc.sql("""
                        select token_id, role, area_code, organisation_id from api_token_assignment
                        where token_id = any (?) order by token_id, role, area_code""")
                .param(ids.toArray(Long[]::new)).query(A.class).list()
                .forEach(a -> out.computeIfAbsent(a.tokenId(), k -> new ArrayList<>()).add(
                        new CurrentUser.Assignment(Role.valueOf(a.role()), a.areaCode(), a.organisationId())));
        return out;
    }

    /** An assignment the administrator may give: a role other than the three admins', in an area of their post. */
    private CurrentUser.Assignment grantable(Grant g, DataScope scope) {
        Role role;
        try {
            role = Role.valueOf(g == null || g.role() == null ? "" : g.role().strip());
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("Unknown role '" + (g == null ? null : g.role()) + "'; one of "
                    + java.util.Arrays.stream(Role.values()).filter(r -> !r.isSeparatedAdmin()).map(Role::name)
                    .collect(Collectors.joining(", ")) + ".");
        }
        if (role.isSeparatedAdmin()) {
            throw new InvalidRequestException("三员分立: a machine client never holds the " + role + " role.");
        }
        String area = g.areaCode() == null ? "" : g.areaCode().strip();
        if (!area.matches("\\d{6,24}") || areas.find(area).filter(a -> !a.retired()).isEmpty()
                || !scope.covers(area)) {
            throw new InvalidRequestException("The area code '" + area + "' does not exist or lies outside your area.");
        }
        if (role == Role.DEPARTMENT_HANDLER && g.organisationId() == null) {
            throw new InvalidRequestException("A department handler's assignment needs an organisation.");
        }
        if (g.organisationId() != null && organisations.byId(g.organisationId())
                .filter(o -> scope.covers(o.areaCode())).isEmpty()) {
            throw new InvalidRequestException("The organisation does not exist or lies outside your area.");
        }
        return new CurrentUser.Assignment(role, area, g.organisationId());
    }

    // ---- authentication (every request of a machine client) ----

    /** The client a secret belongs to, while the token is neither expired nor revoked; audits use and refusals. */
    Optional<ApiClient> authenticate(String secret, String method, String path) {
        if (secret == null || !secret.startsWith(PREFIX) || secret.length() != PREFIX.length() + 43) {
            refused("malformed", "a malformed token");
            return Optional.empty();
        }
        String hash = Hashing.sha256(secret);
        long nowMillis = clock.millis();
        Cached c = cache.get(hash);
        if (c == null || nowMillis - c.loadedAtMillis() >= CACHE_MILLIS || nowMillis < c.loadedAtMillis()) {
            c = lookUp(hash, nowMillis);
            if (cache.size() > 10_000) {
                cache.clear();
            }
            cache.put(hash, c);
        }
        if (c.client() == null) {
            refused("unknown:" + secret.substring(0, PREFIX.length() + 6), "an unknown or revoked token "
                    + secret.substring(0, PREFIX.length() + 6) + "…");
            return Optional.empty();
        }
        if (!c.expiresAt().isAfter(Instant.now(clock))) {
            refused("expired:" + c.client().tokenId(), "token " + c.client().tokenId() + " expired");
            return Optional.empty();
        }
        used(c.client(), method, path, nowMillis);
        return Optional.of(c.client());
    }

    private Cached lookUp(String hash, long nowMillis) {
        record Row(long id, String name, OffsetDateTime expiresAt) {
        }
        Optional<Row> row = jdbc.sql("select id, name, expires_at from api_token where secret_hash = ? and revoked_at"
                + " is null").param(hash).query(Row.class).optional();
        if (row.isEmpty()) {
            return new Cached(null, Instant.EPOCH, nowMillis);
        }
        Row r = row.get();
        List<CurrentUser.Assignment> assignments = assignmentsOf(List.of(r.id())).getOrDefault(r.id(), List.of());
        return new Cached(new ApiClient(r.id(), r.name(), assignments), r.expiresAt().toInstant(), nowMillis);
    }

    private void used(ApiClient client, String method, String path, long nowMillis) {
        long[] previous = new long[2];
        long[] window = uses.compute(client.tokenId(), (id, w) -> {
            if (w == null || nowMillis - w[0] >= USE_WINDOW_MILLIS || nowMillis < w[0]) {
                if (w != null) {
                    previous[0] = w[1];
                }
                previous[1] = 1;
                return new long[] {nowMillis, 1};
            }
            w[1]++;
            return w;
        });
        if (previous[1] == 1 && window[1] == 1) {
            audit.recordIndependently(client.username(), "API_TOKEN_USE", "api-token:" + client.tokenId(),
                    method + " " + (path.length() > 200 ? path.substring(0, 200) : path)
                            + (previous[0] > 0 ? "; " + previous[0] + " requests in the previous 10 minutes" : ""),
                    AuditTrail.Outcome.SUCCESS);
            jdbc.sql("update api_token set last_used_at = ? where id = ?")
                    .params(utc(Instant.now(clock)), client.tokenId()).update();
        }
    }

    private void refused(String key, String detail) {
        long now = clock.millis();
        Long last = refusedAuditedAt.get(key);
        if (last == null || now - last >= 60_000) {
            if (refusedAuditedAt.size() > 10_000) {
                refusedAuditedAt.clear();
            }
            refusedAuditedAt.put(key, now);
            audit.recordIndependently("anonymous", "API_TOKEN_REFUSED", "api-tokens", detail,
                    AuditTrail.Outcome.DENIED);
        }
    }

    /** Once a revocation commits, this instance forgets every cached token (others within {@link #CACHE_MILLIS}). */
    private void forgetAfterCommit() {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    cache.clear();
                }
            });
        } else {
            cache.clear();
        }
    }

    // ---- helpers ----

    private DataScope requireAdmin(String action, String target) {
        try {
            return policy.requireScope(ApiTokenPermission.MANAGE_API_TOKENS);
        } catch (AccessDeniedException e) {
            audit.recordIndependently(CurrentUser.actor(), action, target, "not a security administrator",
                    AuditTrail.Outcome.DENIED);
            throw e;
        }
    }

    static String describe(List<CurrentUser.Assignment> assignments) {
        return assignments.stream().map(a -> a.role() + "@" + a.areaCode()
                + (a.organisationId() == null ? "" : "/org " + a.organisationId())).collect(Collectors.joining(", "));
    }

    private static OffsetDateTime utc(Instant i) {
        return OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
    }
}
