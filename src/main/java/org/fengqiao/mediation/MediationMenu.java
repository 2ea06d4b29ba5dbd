package org.fengqiao.mediation;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

import org.fengqiao.audit.AuditTrail;
import org.fengqiao.cases.WorkingCalendar;
import org.fengqiao.geography.AreaDirectory;
import org.fengqiao.mediation.MenuViews.Booking;
import org.fengqiao.mediation.MenuViews.MediatorInput;
import org.fengqiao.mediation.MenuViews.MediatorView;
import org.fengqiao.mediation.MenuViews.RoomInput;
import org.fengqiao.mediation.MenuViews.RoomView;
import org.fengqiao.mediation.MenuViews.SiteInput;
import org.fengqiao.mediation.MenuViews.SiteView;
import org.fengqiao.people.Organisations;
import org.fengqiao.people.RoleAssignments;
import org.fengqiao.platform.AccessPolicy;
import org.fengqiao.platform.ConflictException;
import org.fengqiao.platform.CurrentUser;
import org.fengqiao.platform.DataScope;
import org.fengqiao.platform.InvalidRequestException;
import org.fengqiao.platform.NotFoundException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The mediation menu (调解超市): sites at their tiers with their QR codes, the mediators and mediation organisations
 * parties choose from, and the rooms sessions are booked in. A reader sees what serves their areas: entries inside
 * their areas and entries at their areas' towns and county above them. Keeping the menu needs
 * {@link MediationPermission#MANAGE_MENU} for the entry's area.
 */
@Service
public class MediationMenu {

    /** A record "serves" a reader when it lies inside their scope or above it (the town's, the county's). */
    static final String SERVING = "(%1$s like any (?) or exists (select 1 from unnest(?::text[]) sp where sp like %1$s || '%%'))";

    private static final String MEDIATOR_COLUMNS = """
            m.id, m.name, m.kind, m.title, m.site_id, s.name as site_name, m.team_role, m.area_code, m.specialties,
            m.languages, m.bio, m.availability, m.max_open, m.person_id, m.retired_at, m.version,
            (select count(*) from mediation_dispute d where d.mediator_id = m.id
               and d.state in ('AWAITING_MEDIATOR', 'MEDIATING')) as open_count,
            (select count(*) from mediation_dispute d where d.mediator_id = m.id and d.state = 'CLOSED'
               and d.closed_at > ?) as closed_count,
            (select count(*) from mediation_dispute d where d.mediator_id = m.id and d.state = 'CLOSED'
               and d.outcome = 'SETTLED' and d.closed_at > ?) as settled_count
            from mediation_mediator m left join mediation_site s on s.id = m.site_id""" + " ";

    private final JdbcClient jdbc;
    private final AccessPolicy policy;
    private final AreaDirectory areas;
    private final Organisations organisations;
    private final RoleAssignments roles;
    private final AuditTrail audit;
    private final Clock clock;

    MediationMenu(JdbcClient jdbc, AccessPolicy policy, AreaDirectory areas, Organisations organisations,
                  RoleAssignments roles, AuditTrail audit, Clock clock) {
        this.jdbc = jdbc;
        this.policy = policy;
        this.areas = areas;
        this.organisations = organisations;
        this.roles = roles;
        this.audit = audit;
        this.clock = clock;
    }

    static Object[] serving(DataScope scope) {
        return new Object[] {scope.likePatterns(), scope.prefixes().toArray(String[]::new)};
    }

    private DataScope readScope() {
        return policy.requireScope(MediationPermission.READ);
    }

    // ---- sites ----

    private static final String SITE_COLUMNS = """
            id, code, name, kind, tier, organisation_id, organisation_name, area_code, address,
            retired_at is not null as retired from mediation_site""" + " ";

    static SiteView mapSite(ResultSet rs, int n) throws SQLException {
        return new SiteView(rs.getLong("id"), rs.getString("code"), rs.getString("name"),
                Vocabulary.SiteKind.valueOf(rs.getString("kind")), Tier.valueOf(rs.getString("tier")),
                (Long) rs.getObject("organisation_id"), rs.getString("organisation_name"), rs.getString("area_code"),
                rs.getString("address"), rs.getBoolean("retired"));
    }

    /** The active sites serving the reader's areas, by tier and area. */
    public List<SiteView> sites() {
        DataScope scope = readScope();
        return jdbc.sql("select " + SITE_COLUMNS + " where retired_at is null and " + SERVING.formatted("area_code")
                        + " order by tier desc, area_code, name")
                .params(serving(scope)).query(MediationMenu::mapSite).list();
    }

    public SiteView site(long id) {
        DataScope scope = readScope();
        List<Object> params = new ArrayList<>(List.of(id));
        params.addAll(Arrays.asList(serving(scope)));
        return jdbc.sql("select " + SITE_COLUMNS + " where id = ? and " + SERVING.formatted("area_code"))
                .params(params).query(MediationMenu::mapSite).optional()
                .orElseThrow(() -> new NotFoundException("No mediation site " + id + " serving your area"));
    }

    /** A site by the code on its QR plate, for the public page. */
    public Optional<SiteView> siteByCode(String code) {
        String c = code == null ? "" : code.strip().toUpperCase();
        return jdbc.sql("select " + SITE_COLUMNS + " where code = ? and retired_at is null").param(c)
                .query(MediationMenu::mapSite).optional();
    }

    Optional<SiteView> siteForSystem(long id) {
        return jdbc.sql("select " + SITE_COLUMNS + " where id = ?").param(id).query(MediationMenu::mapSite)
                .optional();
    }

    /**
     * The active sites of a tier that serve an area: above it, or (above the enterprise or village, whose own group
     * serves only its own ground) in its town; the nearest first.
     */
    public List<SiteView> sitesFor(Tier tier, String areaCode) {
        String town = areaCode.length() >= 9 ? areaCode.substring(0, 9) : areaCode;
        return jdbc.sql("select " + SITE_COLUMNS + """
                         where retired_at is null and tier = ?
                           and (? like area_code || '%' or (tier <> 'ENTERPRISE_VILLAGE' and area_code like ?))
                         order by case when ? like area_code || '%' then 0 else 1 end, length(area_code) desc,
                                  area_code, id""")
                .params(tier.name(), areaCode, town + "%", areaCode).query(MediationMenu::mapSite).list();
    }

    @Transactional
    public long createSite(SiteInput in) {
        if (in == null) {
            throw new InvalidRequestException("No site was sent.");
        }
        String name = text(in.name(), "name", 120, true);
        Vocabulary.SiteKind kind = Vocabulary.parse(Vocabulary.SiteKind.class, in.kind(), "site kind");
        Tier tier = Tier.parse(in.tier());
        String area = area(in.areaCode());
        policy.check(MediationPermission.MANAGE_MENU, area);
        String orgName = null;
        if (in.organisationId() != null) {
            orgName = organisations.byId(in.organisationId()).map(Organisations.Organisation::name)
                    .orElseThrow(() -> new InvalidRequestException("Unknown organisation " + in.organisationId()));
        }
        String code = newSiteCode();
        long id = jdbc.sql("""
                        insert into mediation_site (code, name, kind, tier, organisation_id, organisation_name,
                                                    area_code, address, created_at, created_by)
                        values (?,?,?,?,?,?,?,?,?,?) returning id""")
                .params(code, name, kind.name(), tier.name(), in.organisationId(), orgName, area,
                        text(in.address(), "address", 200, false), DisputeStore.ts(now()), CurrentUser.actor())
                .query(Long.class).single();
        audit.record("MEDIATION_SITE_CREATE", "mediation_site:" + id, name + " " + tier + " in " + area,
                AuditTrail.Outcome.SUCCESS);
        return id;
    }

    @Transactional
    public void retireSite(long id, String reason) {
        SiteView s = siteForSystem(id).orElseThrow(() -> new NotFoundException("No mediation site " + id));
        policy.check(MediationPermission.MANAGE_MENU, s.areaCode());
        String why = text(reason, "reason", 500, true);
        if (jdbc.sql("update mediation_site set retired_at = ?, retired_by = ?, retired_reason = ?, version = version + 1"
                        + " where id = ? and retired_at is null")
                .params(DisputeStore.ts(now()), CurrentUser.actor(), why, id).update() == 0) {
            throw new ConflictException("The site is retired already.");
        }
        audit.record("MEDIATION_SITE_RETIRE", "mediation_site:" + id, why, AuditTrail.Outcome.SUCCESS);
    }

    private String newSiteCode() {
        java.security.SecureRandom r = new java.security.SecureRandom();
        for (int tries = 0; tries < 10; tries++) {
            StringBuilder sb = new StringBuilder(10);
            for (int i = 0; i < 10; i++) {
                sb.append(DisputeStore.ALPHABET.charAt(r.nextInt(DisputeStore.ALPHABET.length())));
            }
            String c = sb.toString();
            if (jdbc.sql("select count(*) from mediation_site where code = ?").param(c).query(Long.class).single() == 0) {
                return c;
            }
        }
        throw new IllegalStateException("no free site code");
    }

    // ---- mediators ----

    /** Filters of the menu; all optional. */
    public record Filter(String type, String language, String kind, Long siteId, String query) {
        public static final Filter NONE = new Filter(null, null, null, null, null);
    }

    MediatorView mapMediator(ResultSet rs, int n) throws SQLException {
        return new MediatorView(rs.getLong("id"), rs.getString("name"),
                Vocabulary.MediatorKind.valueOf(rs.getString("kind")), rs.getString("title"),
                (Long) rs.getObject("site_id"), rs.getString("site_name"), rs.getString("team_role"),
                rs.getString("area_code"), enums(rs.getArray("specialties"), DisputeType.class),
                enums(rs.getArray("languages"), Vocabulary.Language.class), rs.getString("bio"),
                rs.getString("availability"), rs.getInt("max_open"), rs.getInt("open_count"),
                rs.getInt("closed_count"), rs.getInt("settled_count"), (Long) rs.getObject("person_id"),
                rs.getObject("retired_at") != null, rs.getInt("version"));
    }

    private static <E extends Enum<E>> List<E> enums(Array array, Class<E> type) throws SQLException {
        List<E> out = new ArrayList<>();
        for (String s : (String[]) array.getArray()) {
            out.add(Enum.valueOf(type, s));
        }
        return out;
    }

    private Object[] yearAgo() {
        java.sql.Timestamp t = DisputeStore.ts(now().minus(java.time.Duration.ofDays(365)));
        return new Object[] {t, t};
    }

    /** The menu as the reader may see it, filtered. */
    public List<MediatorView> mediators(Filter f) {
        DataScope scope = readScope();
        Filter filter = f == null ? Filter.NONE : f;
        String type = filter.type() == null || filter.type().isBlank() ? null : DisputeType.parse(filter.type()).name();
        String lang = filter.language() == null || filter.language().isBlank() ? null
                : Vocabulary.parse(Vocabulary.Language.class, filter.language(), "language").name();
        String kind = filter.kind() == null || filter.kind().isBlank() ? null
                : Vocabulary.parse(Vocabulary.MediatorKind.class, filter.kind(), "kind").name();
        String q = filter.query() == null || filter.query().isBlank() ? null
                : "%" + filter.query().strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        List<Object> params = new ArrayList<>(Arrays.asList(yearAgo()));
        params.addAll(Arrays.asList(serving(scope)));
        params.addAll(Arrays.asList(type, type, lang, lang, kind, kind, filter.siteId(), filter.siteId(), q, q, q));
        return jdbc.sql("select " + MEDIATOR_COLUMNS + " where m.retired_at is null and "
                        + SERVING.formatted("m.area_code") + """
                         and (?::text is null or ? = any (m.specialties))
                         and (?::text is null or ? = any (m.languages))
                         and (?::text is null or m.kind = ?)
                         and (?::bigint is null or m.site_id = ?)
                         and (?::text is null or m.name like ? or m.title like ?)
                        order by length(m.area_code), m.area_code, m.site_id nulls first, m.name limit 500""")
                .params(params).query(this::mapMediator).list();
    }

    public MediatorView mediator(long id) {
        DataScope scope = readScope();
        List<Object> params = new ArrayList<>(Arrays.asList(yearAgo()));
        params.add(id);
        params.addAll(Arrays.asList(serving(scope)));
        return jdbc.sql("select " + MEDIATOR_COLUMNS + " where m.id = ? and " + SERVING.formatted("m.area_code"))
                .params(params).query(this::mapMediator).optional()
                .orElseThrow(() -> new NotFoundException("No mediator " + id + " serving your area"));
    }

    Optional<MediatorView> mediatorForSystem(long id) {
        List<Object> params = new ArrayList<>(Arrays.asList(yearAgo()));
        params.add(id);
        return jdbc.sql("select " + MEDIATOR_COLUMNS + " where m.id = ?").params(params).query(this::mapMediator)
                .optional();
    }

    /** Active mediators serving an area (its town, or above it): the candidates for a dispute there. */
    List<MediatorView> servingArea(String areaCode) {
        String town = areaCode.length() >= 9 ? areaCode.substring(0, 9) : areaCode;
        List<Object> params = new ArrayList<>(Arrays.asList(yearAgo()));
        params.addAll(List.of(areaCode, town + "%"));
        return jdbc.sql("select " + MEDIATOR_COLUMNS + """
                         where m.retired_at is null and (? like m.area_code || '%' or m.area_code like ?)
                        order by m.id""")
                .params(params).query(this::mapMediator).list();
    }

    /** The menu entries of a platform person (their own work). */
    public List<MediatorView> entriesOf(long personId) {
        List<Object> params = new ArrayList<>(Arrays.asList(yearAgo()));
        params.add(personId);
        return jdbc.sql("select " + MEDIATOR_COLUMNS + " where m.person_id = ? and m.retired_at is null order by m.id")
                .params(params).query(this::mapMediator).list();
    }

    @Transactional
    public long createMediator(MediatorInput in) {
        Clean c = clean(in);
        policy.check(MediationPermission.MANAGE_MENU, c.area());
        long id = jdbc.sql("""
                        insert into mediation_mediator (name, kind, title, site_id, team_role, area_code, specialties,
                          languages, bio, availability, max_open, person_id, created_at, created_by)
                        values (?,?,?,?,?,?,?,?,?,?,?,?,?,?) returning id""")
                .params(c.name(), c.kind(), c.title(), c.siteId(), c.teamRole(), c.area(), c.specialties(),
                        c.languages(), c.bio(), c.availability(), c.maxOpen(), c.personId(), DisputeStore.ts(now()),
                        CurrentUser.actor())
                .query(Long.class).single();
        audit.record("MEDIATOR_CREATE", "mediation_mediator:" + id, c.kind() + " " + c.name() + " in " + c.area(),
                AuditTrail.Outcome.SUCCESS);
        return id;
    }

    @Transactional
    public void updateMediator(long id, int version, MediatorInput in) {
        MediatorView old = mediatorForSystem(id).orElseThrow(() -> new NotFoundException("No mediator " + id));
        policy.check(MediationPermission.MANAGE_MENU, old.areaCode());
        Clean c = clean(in);
        policy.check(MediationPermission.MANAGE_MENU, c.area());
        int n = jdbc.sql("""
                        update mediation_mediator set name = ?, kind = ?, title = ?, site_id = ?, team_role = ?,
                          area_code = ?, specialties = ?, languages = ?, bio = ?, availability = ?, max_open = ?,
                          person_id = ?, version = version + 1
                        where id = ? and version = ? and retired_at is null""")
                .params(c.name(), c.kind(), c.title(), c.siteId(), c.teamRole(), c.area(), c.specialties(),
                        c.languages(), c.bio(), c.availability(), c.maxOpen(), c.personId(), id, version)
                .update();
        if (n == 0) {
            throw new ConflictException("The mediator was changed or retired in the meantime; reload and try again.");
        }
        audit.record("MEDIATOR_UPDATE", "mediation_mediator:" + id, c.kind() + " " + c.name(),
                AuditTrail.Outcome.SUCCESS);
    }

    /** The mediator themselves (their linked account) or whoever keeps the menu there. */
    @Transactional
    public void setAvailability(long id, String availability) {
        MediatorView m = mediatorForSystem(id).orElseThrow(() -> new NotFoundException("No mediator " + id));
        CurrentUser.User u = CurrentUser.require();
        boolean self = m.personId() != null && m.personId() == u.personId();
        if (!self && !policy.allows(MediationPermission.MANAGE_MENU, m.areaCode())) {
            throw new AccessDeniedException("Only the mediator or whoever keeps the menu sets availability");
        }
        String a = availability == null ? "" : availability.strip().toUpperCase();
        if (!List.of("AVAILABLE", "BUSY", "AWAY").contains(a)) {
            throw new InvalidRequestException("Availability is AVAILABLE, BUSY or AWAY.");
        }
        jdbc.sql("update mediation_mediator set availability = ?, version = version + 1 where id = ?").params(a, id)
                .update();
        audit.record("MEDIATOR_AVAILABILITY", "mediation_mediator:" + id, a, AuditTrail.Outcome.SUCCESS);
    }

    @Transactional
    public void retireMediator(long id, String reason) {
        MediatorView m = mediatorForSystem(id).orElseThrow(() -> new NotFoundException("No mediator " + id));
        policy.check(MediationPermission.MANAGE_MENU, m.areaCode());
        String why = text(reason, "reason", 500, true);
        if (m.open() > 0) {
            throw new ConflictException("The mediator still has " + m.open() + " disputes in hand.");
        }
        if (jdbc.sql("update mediation_mediator set retired_at = ?, retired_by = ?, retired_reason = ?,"
                        + " version = version + 1 where id = ? and retired_at is null")
                .params(DisputeStore.ts(now()), CurrentUser.actor(), why, id).update() == 0) {
            throw new ConflictException("The mediator is retired already.");
        }
        audit.record("MEDIATOR_RETIRE", "mediation_mediator:" + id, why, AuditTrail.Outcome.SUCCESS);
    }

    private record Clean(String name, String kind, String title, Long siteId, String teamRole, String area,
                         String[] specialties, String[] languages, String bio, String availability, int maxOpen,
                         Long personId) {
    }

    private Clean clean(MediatorInput in) {
        if (in == null) {
            throw new InvalidRequestException("No mediator was sent.");
        }
        String name = text(in.name(), "name", 60, true);
        Vocabulary.MediatorKind kind = Vocabulary.parse(Vocabulary.MediatorKind.class, in.kind(), "mediator kind");
        String area;
        if (in.siteId() != null) {
            SiteView site = siteForSystem(in.siteId()).filter(s -> !s.retired())
                    .orElseThrow(() -> new InvalidRequestException("Unknown site " + in.siteId()));
            area = in.areaCode() == null || in.areaCode().isBlank() ? site.areaCode() : area(in.areaCode());
        } else {
            area = area(in.areaCode());
        }
        String role = in.teamRole() == null || in.teamRole().isBlank() ? null : in.teamRole().strip().toUpperCase();
        if (role != null && !List.of("JUDGE", "MEDIATOR", "ASSISTANT", "SECRETARY").contains(role)) {
            throw new InvalidRequestException("A team role is JUDGE, MEDIATOR, ASSISTANT or SECRETARY.");
        }
        LinkedHashSet<String> specs = new LinkedHashSet<>();
        for (String s : in.specialties() == null ? List.<String>of() : in.specialties()) {
            if (s != null && !s.isBlank()) {
                specs.add(DisputeType.parse(s).name());
            }
        }
        LinkedHashSet<String> langs = new LinkedHashSet<>();
        for (String s : in.languages() == null ? List.<String>of() : in.languages()) {
            if (s != null && !s.isBlank()) {
                langs.add(Vocabulary.parse(Vocabulary.Language.class, s, "language").name());
            }
        }
        if (langs.isEmpty()) {
            langs.add(Vocabulary.Language.MANDARIN.name());
        }
        String availability = in.availability() == null || in.availability().isBlank() ? "AVAILABLE"
                : in.availability().strip().toUpperCase();
        if (!List.of("AVAILABLE", "BUSY", "AWAY").contains(availability)) {
            throw new InvalidRequestException("Availability is AVAILABLE, BUSY or AWAY.");
        }
        int maxOpen = in.maxOpen() == null ? 8 : in.maxOpen();
        if (maxOpen < 1 || maxOpen > 99) {
            throw new InvalidRequestException("A mediator takes between 1 and 99 disputes at a time.");
        }
        if (in.personId() != null && roles.postsOf(in.personId()).isEmpty()) {
            throw new InvalidRequestException("Person " + in.personId() + " holds no post: link a mediator to a"
                    + " person who can sign in and answer.");
        }
        return new Clean(name, kind.name(), text(in.title(), "title", 120, false), in.siteId(), role, area,
                specs.toArray(String[]::new), langs.toArray(String[]::new), text(in.bio(), "bio", 500, false),
                availability, maxOpen, in.personId());
    }

    // ---- rooms ----

    private static final String ROOM_COLUMNS = """
            r.id, r.site_id, s.name as site_name, r.name, r.kind, r.area_code, r.capacity,
            r.retired_at is not null as retired from mediation_room r join mediation_site s on s.id = r.site_id""" + " ";

    static RoomView mapRoom(ResultSet rs, int n) throws SQLException {
        return new RoomView(rs.getLong("id"), rs.getLong("site_id"), rs.getString("site_name"), rs.getString("name"),
                Vocabulary.RoomKind.valueOf(rs.getString("kind")), rs.getString("area_code"), rs.getInt("capacity"),
                rs.getBoolean("retired"));
    }

    /** Active rooms serving the reader's areas, optionally of one site. */
    public List<RoomView> rooms(Long siteId) {
        DataScope scope = readScope();
        List<Object> params = new ArrayList<>(Arrays.asList(serving(scope)));
        params.add(siteId);
        params.add(siteId);
        return jdbc.sql("select " + ROOM_COLUMNS + " where r.retired_at is null and " + SERVING.formatted("r.area_code")
                        + " and (?::bigint is null or r.site_id = ?) order by r.area_code, s.name, r.name")
                .params(params).query(MediationMenu::mapRoom).list();
    }

    public RoomView room(long id) {
        DataScope scope = readScope();
        List<Object> params = new ArrayList<>(List.of(id));
        params.addAll(Arrays.asList(serving(scope)));
        return jdbc.sql("select " + ROOM_COLUMNS + " where r.id = ? and " + SERVING.formatted("r.area_code"))
                .params(params).query(MediationMenu::mapRoom).optional()
                .orElseThrow(() -> new NotFoundException("No room " + id + " serving your area"));
    }

    Optional<RoomView> roomForSystem(long id) {
        return jdbc.sql("select " + ROOM_COLUMNS + " where r.id = ?").param(id).query(MediationMenu::mapRoom)
                .optional();
    }

    /** Rooms a dispute in this area may be mediated in: those of sites serving the area. */
    List<RoomView> roomsServing(String areaCode) {
        String town = areaCode.length() >= 9 ? areaCode.substring(0, 9) : areaCode;
        return jdbc.sql("select " + ROOM_COLUMNS + """
                         where r.retired_at is null and s.retired_at is null
                           and (? like r.area_code || '%' or (s.tier <> 'ENTERPRISE_VILLAGE' and r.area_code like ?))
                        order by length(r.area_code) desc, s.name, r.name""")
                .params(areaCode, town + "%").query(MediationMenu::mapRoom).list();
    }

    @Transactional
    public long createRoom(RoomInput in) {
        if (in == null) {
            throw new InvalidRequestException("No room was sent.");
        }
        SiteView site = siteForSystem(in.siteId()).filter(s -> !s.retired())
                .orElseThrow(() -> new InvalidRequestException("Unknown site " + in.siteId()));
        policy.check(MediationPermission.MANAGE_MENU, site.areaCode());
        String name = text(in.name(), "name", 60, true);
        Vocabulary.RoomKind kind = Vocabulary.parse(Vocabulary.RoomKind.class, in.kind(), "room kind");
        int capacity = in.capacity() == null ? 8 : in.capacity();
        if (capacity < 1 || capacity > 500) {
            throw new InvalidRequestException("A room holds between 1 and 500 people.");
        }
        long id = jdbc.sql("""
                        insert into mediation_room (site_id, name, kind, area_code, capacity, created_at, created_by)
                        values (?,?,?,?,?,?,?) returning id""")
                .params(site.id(), name, kind.name(), site.areaCode(), capacity, DisputeStore.ts(now()),
                        CurrentUser.actor())
                .query(Long.class).single();
        audit.record("MEDIATION_ROOM_CREATE", "mediation_room:" + id, kind + " " + name + " at " + site.name(),
                AuditTrail.Outcome.SUCCESS);
        return id;
    }

    @Transactional
    public void retireRoom(long id, String reason) {
        RoomView r = roomForSystem(id).orElseThrow(() -> new NotFoundException("No room " + id));
        policy.check(MediationPermission.MANAGE_MENU, r.areaCode());
        String why = text(reason, "reason", 500, true);
        if (jdbc.sql("""
                        select count(*) from mediation_session where room_id = ? and status = 'BOOKED' and ends_at > ?""")
                .params(id, DisputeStore.ts(now())).query(Long.class).single() > 0) {
            throw new ConflictException("The room has sessions booked; cancel or move them first.");
        }
        if (jdbc.sql("update mediation_room set retired_at = ?, retired_by = ?, retired_reason = ? where id = ?"
                        + " and retired_at is null")
                .params(DisputeStore.ts(now()), CurrentUser.actor(), why, id).update() == 0) {
            throw new ConflictException("The room is retired already.");
        }
        audit.record("MEDIATION_ROOM_RETIRE", "mediation_room:" + id, why, AuditTrail.Outcome.SUCCESS);
    }

    /**
     * A room's bookings on a day (county time). A booking of a dispute outside the reader's scope shows only that
     * the room is taken.
     */
    public List<Booking> bookings(long roomId, LocalDate day) {
        room(roomId);
        DataScope scope = readScope();
        LocalDate d = day == null ? LocalDate.now(clock.withZone(WorkingCalendar.ZONE)) : day;
        if (d.getYear() < 2000 || d.getYear() > 2100) {
            throw new InvalidRequestException("Ask for a week between 2000 and 2100.");
        }
        Instant from = d.atStartOfDay(WorkingCalendar.ZONE).toInstant();
        Instant to = d.plusDays(7).atStartOfDay(WorkingCalendar.ZONE).toInstant();
        return jdbc.sql("""
                        select s.id, s.starts_at, s.ends_at, s.status, d.id as dispute_id, d.number, d.title,
                               d.area_code like any (?) as visible
                        from mediation_session s join mediation_dispute d on d.id = s.dispute_id
                        where s.room_id = ? and s.status <> 'CANCELLED' and s.ends_at > ? and s.starts_at < ?
                        order by s.starts_at""")
                .params(scope.likePatterns(), roomId, DisputeStore.ts(from), DisputeStore.ts(to))
                .query((rs, n) -> {
                    boolean visible = rs.getBoolean("visible");
                    return new Booking(rs.getLong("id"), DisputeStore.instant(rs, "starts_at"),
                            DisputeStore.instant(rs, "ends_at"), rs.getString("status"),
                            visible ? rs.getLong("dispute_id") : null, visible ? rs.getString("number") : null,
                            visible ? rs.getString("title") : null);
                }).list();
    }

    // ---- helpers ----

    private Instant now() {
        return Instant.now(clock).truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    }

    private String area(String code) {
        String a = code == null ? "" : code.strip();
        if (a.isEmpty() || areas.find(a).isEmpty()) {
            throw new InvalidRequestException("The area code '" + Vocabulary.limit(a) + "' does not exist.");
        }
        return a;
    }

    static String text(String value, String field, int max, boolean required) {
        String v = value == null ? "" : value.strip();
        if (v.isEmpty()) {
            if (required) {
                throw new InvalidRequestException("The " + field + " is required.");
            }
            return null;
        }
        if (v.length() > max) {
            throw new InvalidRequestException("The " + field + " may have at most " + max + " characters.");
        }
        return v;
    }
}
