package org.fengqiao.publicchannel;

import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.fengqiao.audit.AuditTrail;
import org.fengqiao.geography.AreaDirectory;
import org.fengqiao.people.Organisations;
import org.fengqiao.geography.AreaTreeChanged;
import org.fengqiao.geography.AreaView;
import org.fengqiao.platform.CurrentUser;
import org.fengqiao.platform.DataScope;
import org.fengqiao.platform.InvalidRequestException;
import org.fengqiao.platform.NotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Issues and resolves public codes. Every grid, building, enterprise and place gets one random code (10 characters
 * of Crockford base 32, about 50 bits: not guessable from a neighbour's plate) the first time it is seen; the code
 * never changes afterwards, so printed plates stay valid.
 */
@Service
public class PublicCodes {

    private static final Logger log = LoggerFactory.getLogger(PublicCodes.class);
    static final String ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    static final int LENGTH = 10;

    private static final String SELECT = "select code, target_kind, target_ref, area_code, name, address, lon, lat,"
            + " retired_at is not null as retired from public_code ";

    private final JdbcClient jdbc;
    private final JdbcTemplate jdbcTemplate;
    private final PlatformTransactionManager transactions;
    private final AreaDirectory areas;
    private final Organisations organisations;
    private final AuditTrail audit;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final org.fengqiao.platform.AccessPolicy policy;

    PublicCodes(JdbcClient jdbc, JdbcTemplate jdbcTemplate, PlatformTransactionManager transactions,
                AreaDirectory areas, Organisations organisations, AuditTrail audit, Clock clock,
                org.fengqiao.platform.AccessPolicy policy) {
        this.organisations = organisations;
        this.policy = policy;
        this.jdbc = jdbc;
        this.jdbcTemplate = jdbcTemplate;
        this.transactions = transactions;
        this.areas = areas;
        this.audit = audit;
        this.clock = clock;
    }

    /** A fresh random code. */
    public String newCode() {
        StringBuilder sb = new StringBuilder(LENGTH);
        for (int i = 0; i < LENGTH; i++) {
            sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }

    /** Normalises what a person typed or a scanner read: upper case, no spaces or dashes, O→0, I/L→1. */
    public static String normalise(String code) {
        if (code == null) {
            return "";
        }
        return code.trim().toUpperCase().replace("-", "").replace(" ", "")
                .replace('O', '0').replace('I', '1').replace('L', '1');
    }

    /** An active code, whatever the caller (the public report page). */
    public Optional<PublicCode> find(String code) {
        String c = normalise(code);
        if (c.length() != LENGTH) {
            return Optional.empty();
        }
        return jdbc.sql(SELECT + " where code = ? and retired_at is null").param(c).query(PublicCodes::map).optional();
    }

    /** The code of a thing, if issued. */
    public Optional<PublicCode> forTarget(String kind, String targetRef) {
        return jdbc.sql(SELECT + " where target_kind = ? and target_ref = ?").params(kind, targetRef)
                .query(PublicCodes::map).optional();
    }

    /** Active codes under an area (by code prefix) inside the caller's scope, grids first, then by area and name. */
    public List<PublicCode> under(String areaCode) {
        DataScope scope = policy.scope(PublicChannelPermission.READ_CODES);
        if (scope == null || scope.isEmpty() || areaCode == null || !scope.reaches(areaCode)) {
            return List.of();
        }
        return jdbc.sql(SELECT + """
                         where retired_at is null and area_code like ? and area_code like any (?)
                         order by case target_kind when 'GRID' then 0 when 'BUILDING' then 1 when 'ENTERPRISE' then 2
                                  when 'PLACE' then 3 else 4 end, area_code, name""")
                .params(areaCode + "%", scope.likePatterns()).query(PublicCodes::map).list();
    }

    /** How many active codes lie under an area, inside the scope. */
    public long countUnder(String areaCode) {
        DataScope scope = policy.scope(PublicChannelPermission.READ_CODES);
        if (scope == null || scope.isEmpty()) {
            return 0;
        }
        return jdbc.sql("select count(*) from public_code where retired_at is null and area_code like ?"
                        + " and area_code like any (?)")
                .params(areaCode + "%", scope.likePatterns()).query(Long.class).single();
    }

    /** Registers a place (a square, a market, a bus stop …) and issues its code. */
    @Transactional
    public PublicCode createPlace(String name, String address, String areaCode, Double lon, Double lat) {
        DataScope scope = policy.scope(PublicChannelPermission.REGISTER_PLACE);
        if (name == null || name.isBlank() || name.length() > 120) {
            throw new InvalidRequestException("A place needs a name of at most 120 characters.");
        }
        if (address != null && address.length() > 300) {
            throw new InvalidRequestException("The address may have at most 300 characters.");
        }
        if ((lon == null) != (lat == null) || (lon != null && (lon < -180 || lon > 180 || lat < -90 || lat > 90))) {
            throw new InvalidRequestException("Give both longitude and latitude in WGS84 degrees, or neither.");
        }
        AreaView area = areas.find(areaCode, scope)
                .orElseThrow(() -> new NotFoundException("No area " + areaCode + " in your scope."));
        String code = newCode();
        jdbc.sql("""
                        insert into public_code (code, target_kind, target_ref, area_code, name, address, lon, lat,
                                                 created_at, created_by)
                        values (?, 'PLACE', ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(code, "P-" + code, area.code(), name.trim(), blankToNull(address), lon, lat, now(),
                        CurrentUser.actor())
                .update();
        audit.record("PUBLIC_CODE_PLACE_CREATED", code, name.trim() + " @ " + area.code(), AuditTrail.Outcome.SUCCESS);
        return find(code).orElseThrow();
    }

    /** A room's door plate to issue a code for. */
    public record RoomPlate(long roomId, String areaCode, String name, String address) {
    }

    /**
     * Issues door-plate codes to rooms (kind ROOM, target the room's id) that have none; idempotent. The registry
     * calls it for the rooms it registers; their codes retire only when the registry says so.
     */
    @Transactional
    public int issueRooms(List<RoomPlate> rooms) {
        if (rooms.isEmpty()) {
            return 0;
        }
        OffsetDateTime now = now();
        String actor = CurrentUser.actor();
        // one statement per 10,000 rooms (arrays unnested in SQL), not a statement per room
        int n = 0;
        for (int from = 0; from < rooms.size(); from += 10_000) {
            List<RoomPlate> chunk = rooms.subList(from, Math.min(rooms.size(), from + 10_000));
            String[] codes = new String[chunk.size()];
            String[] refs = new String[chunk.size()];
            String[] areas = new String[chunk.size()];
            String[] names = new String[chunk.size()];
            String[] addresses = new String[chunk.size()];
            for (int i = 0; i < chunk.size(); i++) {
                RoomPlate r = chunk.get(i);
                codes[i] = newCode();
                refs[i] = String.valueOf(r.roomId());
                areas[i] = r.areaCode();
                names[i] = r.name().length() > 120 ? r.name().substring(0, 120) : r.name();
                addresses[i] = r.address() == null ? null : r.address().length() > 300 ? r.address().substring(0, 300)
                        : r.address();
            }
            n += jdbcTemplate.update("""
                    insert into public_code (code, target_kind, target_ref, area_code, name, address, created_at,
                                             created_by)
                    select c, 'ROOM', r, a, n, ad, ?, ?
                    from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[]) as t (c, r, a, n, ad)
                    on conflict do nothing""", now, actor, codes, refs, areas, names, addresses);
        }
        return n;
    }

    /** Retires a room's code (the room was retired). */
    @Transactional
    public void retireRoom(long roomId) {
        jdbc.sql("update public_code set retired_at = ? where target_kind = 'ROOM' and target_ref = ?"
                        + " and retired_at is null").params(now(), String.valueOf(roomId)).update();
    }

    /**
     * Issues codes to every grid, building and enterprise that has none yet, and retires the codes of those that were
     * retired; idempotent and cheap when nothing changed. Runs at start-up, after every change of the area tree, and
     * before codes are listed or printed. Areas and enterprises come from their owners' facades.
     */
    @Transactional
    public int ensureCodes() {
        record Target(String kind, String ref, String areaCode, String name, boolean retired) {
        }
        List<AreaDirectory.Located> all = areas.located();
        Map<String, AreaDirectory.Located> byCode = new HashMap<>();
        List<Target> targets = new ArrayList<>();
        for (AreaDirectory.Located a : all) {
            byCode.put(a.code(), a);
            if (Set.of("GRID", "MICRO_GRID", "BUILDING").contains(a.level())) {
                targets.add(new Target("BUILDING".equals(a.level()) ? "BUILDING" : "GRID", a.code(), a.code(),
                        a.name(), a.retired()));
            }
        }
        for (Organisations.Enterprise e : organisations.enterprises()) {
            targets.add(new Target("ENTERPRISE", e.code(), e.areaCode(), e.name(), e.retired()));
        }
        record Issued(String kind, String ref, boolean retired) {
        }
        Map<String, Issued> issued = new HashMap<>();
        jdbc.sql("select target_kind, target_ref, retired_at is not null from public_code "
                        + "where target_kind in ('GRID', 'BUILDING', 'ENTERPRISE')")
                .query((ResultSet rs) -> {
                    issued.put(rs.getString(1) + "|" + rs.getString(2),
                            new Issued(rs.getString(1), rs.getString(2), rs.getBoolean(3)));
                });
        OffsetDateTime now = now();
        List<Object[]> rows = new ArrayList<>();
        List<Object[]> retire = new ArrayList<>();
        for (Target t : targets) {
            Issued i = issued.get(t.kind() + "|" + t.ref());
            if (i == null && !t.retired()) {
                StringBuilder address = new StringBuilder();
                String code = t.areaCode() == null ? "" : t.areaCode();
                for (int len = 6; len <= code.length(); len += 3) {
                    AreaDirectory.Located a = byCode.get(code.substring(0, len));
                    if (a != null) {
                        address.append(address.isEmpty() ? "" : " ").append(a.name());
                    }
                }
                AreaDirectory.Located self = byCode.get(code);
                rows.add(new Object[] {newCode(), t.kind(), t.ref(), code, t.name(),
                        address.length() > 300 ? address.substring(0, 300) : address.toString(),
                        self == null ? null : self.lon(), self == null ? null : self.lat(), now});
            } else if (i != null && t.retired() && !i.retired()) {
                retire.add(new Object[] {now, t.kind(), t.ref()});
            }
        }
        if (!rows.isEmpty()) {
            jdbcTemplate.batchUpdate("""
                    insert into public_code (code, target_kind, target_ref, area_code, name, address, lon, lat,
                                             created_at)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing""", rows);
        }
        if (!retire.isEmpty()) {
            jdbcTemplate.batchUpdate("""
                    update public_code set retired_at = ? where target_kind = ? and target_ref = ?
                      and retired_at is null""", retire);
        }
        if (!rows.isEmpty() || !retire.isEmpty()) {
            log.info("Issued {} public codes, retired {}", rows.size(), retire.size());
        }
        return rows.size();
    }

    /** The postal-style address of an area: the names from the town down, e.g. 沙冲镇 大湾村 第3网格. */
    public String address(String areaCode) {
        List<AreaView> path = areas.path(areaCode);
        StringBuilder sb = new StringBuilder();
        for (AreaView a : path) {
            if (!sb.isEmpty()) {
                sb.append(' ');
            }
            sb.append(a.name());
        }
        return sb.length() > 300 ? sb.substring(0, 300) : sb.toString();
    }

    @EventListener(ApplicationReadyEvent.class)
    void onReady() {
        try {
            ensureCodes();
        } catch (RuntimeException e) {
            log.warn("Could not issue public codes at start-up: {}", e.getMessage());
        }
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void onTreeChanged(AreaTreeChanged event) {
        // after commit the old transaction is finished: issue codes in a new one
        TransactionTemplate tx = new TransactionTemplate(transactions);
        tx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        tx.executeWithoutResult(s -> ensureCodes());
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    static PublicCode map(ResultSet rs, int row) throws SQLException {
        return new PublicCode(rs.getString("code"), rs.getString("target_kind"), rs.getString("target_ref"),
                rs.getString("area_code"), rs.getString("name"), rs.getString("address"),
                (Double) rs.getObject("lon"), (Double) rs.getObject("lat"), rs.getBoolean("retired"));
    }
}
