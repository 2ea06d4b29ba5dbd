package org.fengqiao.demo.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

import org.fengqiao.mediation.MediationMenu;
import org.fengqiao.mediation.MenuViews;
import org.fengqiao.platform.CurrentUser;
import org.fengqiao.platform.DemoTime;
import org.fengqiao.platform.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The demo county's mediation: Heshan's sites at every tier with their QR codes — the county's diversified
 * dispute-resolution center, each town's center station and police station, the 10 "无讼社区" stations, 镇南工业城警务站
 * with its five function rooms, the labour-dispute platform of 鹤山工业城, enterprise mediation groups and village
 * committees — the teams of judge, mediator, judge's assistant and secretary at the 20 sites, and a 调解超市 of
 * mediators of every kind. Written through {@link MediationMenu} as the county's leader, a year back in time
 * ({@link DemoTime}); the year of disputes is {@link MediationHistory}'s. Deterministic for a seed.
 */
@Component
public class MediationDemo {

    private static final Logger log = LoggerFactory.getLogger(MediationDemo.class);

    static final String[] SURNAMES = {"陈", "李", "黄", "梁", "吴", "冯", "张", "林", "何", "罗", "区", "麦", "谭", "邓",
            "叶", "温", "胡", "刘", "杨", "周", "莫", "余", "关", "钟", "司徒"};
    static final String[] GIVEN = {"志明", "秀英", "国强", "丽华", "建新", "美玲", "伟文", "淑贞", "永康", "少芬", "锦荣",
            "惠娟", "家乐", "桂兰", "振华", "月娥", "耀祖", "婉仪", "德胜", "嘉欣", "汉文", "翠屏", "冠雄", "玉珍"};

    /** The year of disputes: this many over this many days. */
    static final int HISTORY_DISPUTES = 300;
    static final int HISTORY_DAYS = 365;

    private final MediationMenu menu;
    private final MediationHistory history;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final java.time.Clock clock;

    MediationDemo(MediationMenu menu, MediationHistory history, JdbcClient jdbc,
                  PlatformTransactionManager transactions, java.time.Clock clock) {
        this.clock = clock;
        this.menu = menu;
        this.history = history;
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactions);
    }

    /** Someone acting in the demo. */
    record Actor(long personId, String username, String displayName, List<CurrentUser.Assignment> assignments)
            implements CurrentUser.User {
    }

    /** What was written. */
    public record Written(int sites, int mediators, int rooms, long millis) {
    }

    /** Writes the sites, teams, menu and rooms of a loaded county, dated a little over a year back. */
    public Written write(String county, long seed) {
        return write(county, seed, java.time.Instant.now(clock).minus(java.time.Duration.ofDays(HISTORY_DAYS + 30)));
    }

    /** A year of disputes in the county (its sites and menu must be written). */
    public MediationHistory.Summary history(String county, long seed) {
        return history.generate(county, seed, HISTORY_DISPUTES, HISTORY_DAYS);
    }

    public Written write(String county, long seed, java.time.Instant at) {
        long started = System.nanoTime();
        Random rnd = new Random(seed ^ 0x3ED1_A710L);
        Actor keeper = keeper(county);
        int[] counts = new int[3];
        tx.executeWithoutResult(s -> as(at, keeper, () -> {
            build(county, rnd, counts);
            return null;
        }));
        Written w = new Written(counts[0], counts[1], counts[2], (System.nanoTime() - started) / 1_000_000);
        log.info("Demo mediation for {}: {} sites, {} mediators on the menu, {} rooms in {} ms", county, w.sites(),
                w.mediators(), w.rooms(), w.millis());
        return w;
    }

    private Actor keeper(String county) {
        Long person = jdbc.sql("""
                        select r.person_id from role_assignment r where r.role = 'LEADER' and r.area_code = ?
                          and r.revoked_at is null order by r.person_id limit 1""")
                .param(county).query(Long.class).optional()
                .orElseThrow(() -> new IllegalStateException("County " + county + " has no leader"));
        return new Actor(person, "demo.mediation", "demo", List.of(new CurrentUser.Assignment(Role.LEADER, county)));
    }

    record Org(long id, String code, String name, String areaCode) {
    }

    private Map<String, Org> orgs(String county) {
        Map<String, Org> m = new HashMap<>();
        jdbc.sql("select id, code, name, area_code from organisation where code like ? and retired_at is null")
                .param(county + "-%").query(Org.class).list().forEach(o -> m.put(o.code(), o));
        return m;
    }

    record Area(String code, String name, String level) {
    }

    private List<Area> areas(String parent, String level) {
        return jdbc.sql("""
                        select a.code, a.name, a.level from area a join area p on p.id = a.parent_id
                        where p.code = ? and a.level = ? and a.kind = 'BASE' and a.retired_at is null order by a.code""")
                .params(parent, level).query(Area.class).list();
    }

    private String name(Random rnd) {
        return SURNAMES[rnd.nextInt(SURNAMES.length)] + GIVEN[rnd.nextInt(GIVEN.length)];
    }

    /** The first MEDIATOR person of an organisation (linked on the menu so they answer for themselves). */
    private Long mediatorPerson(Org org) {
        return jdbc.sql("""
                        select person_id from role_assignment where role = 'MEDIATOR' and organisation_id = ?
                          and revoked_at is null order by person_id limit 1""")
                .param(org.id()).query(Long.class).optional().orElse(null);
    }

    private String personName(long id) {
        return jdbc.sql("select name from person where id = ?").param(id).query(String.class).single();
    }

    private void build(String county, Random rnd, int[] counts) {
        Map<String, Org> orgs = orgs(county);
        List<Area> towns = jdbc.sql("""
                        select code, name, level from area where code like ? and level = 'TOWN' and retired_at is null
                        order by code""").param(county + "%").query(Area.class).list();
        // the county
        long countySite = site(counts, "鹤山市矛盾纠纷多元化解中心", "COUNTY_CENTER", "COUNTY", orgs.get(county + "-CTR"),
                county, "鹤山市沙坪街道新城路综治中心一楼");
        room(counts, countySite, "多元化解调解一室", "MEDIATION", 12);
        room(counts, countySite, "多元化解调解二室", "MEDIATION", 8);
        room(counts, countySite, "心理疏导室", "COUNSELLING", 4);
        mediator(counts, "县调处中心专职调解员", rnd, "PEOPLES_MEDIATOR", "鹤山市矛盾纠纷多元化解中心", countySite, null,
                county, List.of("LAND_PROPERTY", "CONTRACT_DEBT", "NEIGHBOUR", "OTHER"), List.of("MANDARIN", "CANTONESE"),
                "二十年人民调解经验，擅长疑难复杂纠纷。", 10, null);
        mediator(counts, null, rnd, "COUNSELLOR", "国家二级心理咨询师", countySite, null, county,
                List.of("FAMILY", "NEIGHBOUR"), List.of("MANDARIN", "CANTONESE"), "婚姻家庭与青少年心理疏导。", 6, null);
        mediator(counts, null, rnd, "UNION", "鹤山市总工会 法律工作部", null, null, county, List.of("LABOUR"),
                List.of("MANDARIN", "CANTONESE"), "劳动关系协调员，熟悉工资支付与工伤待遇。", 8, null);
        mediator(counts, null, rnd, "HR_BUREAU", "鹤山市人力资源和社会保障局 劳动监察", null, null, county,
                List.of("LABOUR"), List.of("MANDARIN", "CANTONESE"), "劳动保障监察员，处理拖欠工资投诉。", 8, null);
        mediator(counts, null, rnd, "LAWYER", "涉外（涉侨）公共法律服务工作站 律师", null, null, county,
                List.of("CONTRACT_DEBT", "LAND_PROPERTY", "FAMILY"), List.of("MANDARIN", "CANTONESE", "TAISHANESE",
                        "ENGLISH"), "为侨胞侨眷提供视频代理见证、线上调解。", 6, null);
        mediator(counts, null, rnd, "JUDGE", "鹤山市人民法院 诉前调解法官", null, null, county,
                List.of("CONTRACT_DEBT", "TRAFFIC", "MEDICAL"), List.of("MANDARIN", "CANTONESE"),
                "诉调对接，调解协议可当场司法确认。", 6, null);
        mediator(counts, null, rnd, "ORGANISATION", "鹤山市医疗纠纷人民调解委员会", null, null, county,
                List.of("MEDICAL"), List.of("MANDARIN", "CANTONESE"), "医患纠纷专业调解组织。", 12, null);
        mediator(counts, null, rnd, "ORGANISATION", "鹤山市道路交通事故人民调解委员会", null, null, county,
                List.of("TRAFFIC"), List.of("MANDARIN", "CANTONESE"), "交通事故损害赔偿调解。", 12, null);
        for (Area town : towns) {
            String t = town.code().substring(6, 9);
            Org center = orgs.get(county + "-" + t + "-MED");
            Org ps = orgs.get(county + "-" + t + "-PS");
            Org med2 = orgs.get(county + "-" + t + "-MED2");
            // the town center's station (one of the 20 sites) with its team
            long station = site(counts, center.name(), "TOWN_CENTER", "POLICE_TOWN", center, town.code(),
                    town.name() + "综治中心");
            room(counts, station, "纠纷调解室", "MEDIATION", 10);
            room(counts, station, "心理咨询室", "COUNSELLING", 4);
            team(counts, rnd, station, center, town.code(), town.name());
            // the police station (所里解)
            long police = site(counts, ps.name(), "POLICE_STATION", "POLICE_TOWN", ps, town.code(),
                    town.name() + ps.name());
            room(counts, police, "调解室", "MEDIATION", 8);
            mediator(counts, null, rnd, "POLICE", ps.name() + " 社区民警", police, null, null, List.of("NEIGHBOUR",
                    "TRAFFIC", "CONSUMER"), List.of("MANDARIN", "CANTONESE"), "“一警一网格”，熟悉辖区情况。", 8, null);
            // the 无讼社区 station (the other 10 of the 20 sites)
            long community = site(counts, med2.name(), "COMMUNITY_STATION", "STATION_COMMUNITY", med2,
                    med2.areaCode(), null);
            room(counts, community, "调解室", "MEDIATION", 8);
            team(counts, rnd, community, med2, med2.areaCode(), med2.name());
            // a community lawyer (一村（社区）一法律顾问) and a respected local for the town
            mediator(counts, null, rnd, "LAWYER", town.name() + " 法律顾问", null, null, town.code(),
                    List.of("CONTRACT_DEBT", "LAND_PROPERTY", "CONSUMER", "LABOUR"), langs(town, rnd),
                    "“一村（社区）一法律顾问”驻点律师。", 6, null);
            List<Area> villages = areas(town.code(), "VILLAGE");
            java.util.Set<String> taken = new java.util.HashSet<>();
            for (int k = 0; k < Math.min(2, villages.size()); k++) {
                Area v = villages.get(rnd.nextInt(villages.size()));
                if (!taken.add(v.code())) {
                    continue;
                }
                long committee = site(counts, v.name() + "人民调解委员会", "VILLAGE_COMMITTEE", "ENTERPRISE_VILLAGE",
                        null, v.code(), v.name() + "村委会");
                mediator(counts, null, rnd, "RESPECTED_LOCAL", v.name() + " 乡贤", committee, null, null,
                        List.of("NEIGHBOUR", "LAND_PROPERTY", "FAMILY"), langs(town, rnd),
                        "退休教师，村里德高望重，善于化解邻里矛盾。", 5, null);
            }
        }
        // 镇南工业城: the police post with its five function rooms, and enterprises' own mediation groups
        Org post = orgs.get(county + "-001-PS-ZN");
        if (post != null) {
            long p = site(counts, post.name(), "POLICE_POST", "STATION_COMMUNITY", post, post.areaCode(),
                    "镇南工业城警企连心服务站");
            room(counts, p, "纠纷调解室", "MEDIATION", 12);
            room(counts, p, "心理咨询室", "COUNSELLING", 4);
            room(counts, p, "妇女儿童权益保护室", "WOMEN_CHILDREN", 6);
            room(counts, p, "司法援助室", "LEGAL_AID", 6);
            room(counts, p, "劳动权益保护咨询室", "LABOUR_RIGHTS", 40);
            mediator(counts, null, rnd, "POLICE", "镇南工业城警务站 社区民警", p, null, null,
                    List.of("LABOUR", "NEIGHBOUR", "CONSUMER"), List.of("MANDARIN", "CANTONESE"),
                    "警企联动，每周参加警企联席会议。", 8, null);
            mediator(counts, null, rnd, "UNION", "镇南工业城企业工会联合会", p, null, null, List.of("LABOUR"),
                    List.of("MANDARIN", "CANTONESE", "HAKKA"), "为外来务工人员维权，会讲客家话。", 8, null);
            List<Org> enterprises = jdbc.sql("""
                            select e.id, e.code, e.name, e.area_code from organisation e join organisation p
                              on p.id = e.parent_id where p.code = ? and e.kind = 'ENTERPRISE' order by e.code limit 6""")
                    .param(county + "-PARK-ZN").query(Org.class).list();
            for (Org e : enterprises) {
                site(counts, e.name().replace("有限公司", "") + "调解小组", "ENTERPRISE", "ENTERPRISE_VILLAGE", e,
                        e.areaCode(), "镇南工业城");
            }
        }
        // 鹤山工业城 (共和镇): the "人社+法院+工会" platform and the labour-relations center
        Org lab = orgs.get(county + "-106-MED-LAB");
        if (lab != null) {
            long l = site(counts, lab.name(), "LABOUR_PLATFORM", "POLICE_TOWN", lab, lab.areaCode(), "鹤山工业城");
            room(counts, l, "劳动权益保护咨询室", "LABOUR_RIGHTS", 30);
            room(counts, l, "调解审联动调解室", "MEDIATION", 10);
            mediator(counts, null, rnd, "HR_BUREAU", "人社局派驻调解员", l, null, null, List.of("LABOUR"),
                    List.of("MANDARIN", "CANTONESE"), "劳动争议调解仲裁衔接。", 10, null);
            mediator(counts, null, rnd, "JUDGE", "鹤山市人民法院 派驻法官", l, "JUDGE", null, List.of("LABOUR"),
                    List.of("MANDARIN", "CANTONESE"), "“调解审联动”，劳动争议调解协议司法确认。", 6, null);
            mediator(counts, null, rnd, "UNION", "共和镇总工会 调解员", l, null, null, List.of("LABOUR"),
                    List.of("MANDARIN", "CANTONESE"), "工会劳动法律监督员。", 8, null);
        }
        Org ce = orgs.get(county + "-106-MED-CE");
        if (ce != null) {
            long c = site(counts, ce.name(), "LABOUR_PLATFORM", "STATION_COMMUNITY", ce, ce.areaCode(), null);
            room(counts, c, "劳动关系协调室", "LABOUR_RIGHTS", 10);
            mediator(counts, null, rnd, "HR_BUREAU", ce.name() + " 协调员", c, null, null, List.of("LABOUR",
                    "CONTRACT_DEBT"), List.of("MANDARIN", "CANTONESE", "ENGLISH"), "中外合资企业劳动关系协调。", 8, null);
        }
    }

    private static List<String> langs(Area town, Random rnd) {
        List<String> l = new ArrayList<>(List.of("MANDARIN", "CANTONESE"));
        if (rnd.nextInt(4) == 0) {
            l.add("TAISHANESE");
        }
        if (rnd.nextInt(8) == 0) {
            l.add("HAKKA");
        }
        return l;
    }

    /** 法官 + 解纷员 + 法官助理 + 书记: the team of one of the 20 sites; the mediator is the station's own staff. */
    private void team(int[] counts, Random rnd, long site, Org org, String area, String where) {
        mediator(counts, null, rnd, "JUDGE", "鹤山市人民法院 驻站法官", site, "JUDGE", null,
                List.of("CONTRACT_DEBT", "LAND_PROPERTY", "FAMILY"), List.of("MANDARIN", "CANTONESE"),
                "党员解纷先锋队成员，诉调对接。", 4, null);
        Long person = mediatorPerson(org);
        mediator(counts, person == null ? null : personName(person), rnd, "PEOPLES_MEDIATOR", where + " 专职解纷员", site,
                "MEDIATOR", null, List.of("LABOUR", "NEIGHBOUR", "FAMILY", "CONSUMER", "OTHER"),
                List.of("MANDARIN", "CANTONESE"), "党员解纷先锋队成员，擅长劳资和邻里纠纷。", 10, person);
        mediator(counts, null, rnd, "JUDGE", "鹤山市人民法院 法官助理", site, "ASSISTANT", null,
                List.of("CONTRACT_DEBT", "TRAFFIC"), List.of("MANDARIN", "CANTONESE"), "协助法官开展诉前调解。", 6,
                null);
        mediator(counts, null, rnd, "PEOPLES_MEDIATOR", "村（社区）党组织书记", site, "SECRETARY", null,
                List.of("NEIGHBOUR", "LAND_PROPERTY", "FAMILY"), List.of("MANDARIN", "CANTONESE"),
                "熟悉村情民意，就地化解矛盾。", 6, null);
    }

    private long site(int[] counts, String name, String kind, String tier, Org org, String area, String address) {
        counts[0]++;
        return menu.createSite(new MenuViews.SiteInput(name, kind, tier, org == null ? null : org.id(), area,
                address));
    }

    private void room(int[] counts, long site, String name, String kind, int capacity) {
        counts[2]++;
        menu.createRoom(new MenuViews.RoomInput(site, name, kind, capacity));
    }

    private void mediator(int[] counts, String name, Random rnd, String kind, String title, Long site,
                          String teamRole, String area, List<String> specialties, List<String> languages, String bio,
                          int maxOpen, Long personId) {
        counts[1]++;
        menu.createMediator(new MenuViews.MediatorInput(name == null ? name(rnd) : name, kind, title, site, teamRole,
                area, specialties, languages, bio, "AVAILABLE", maxOpen, personId));
    }

    /** Runs work as {@code who} at time {@code t}. */
    static <T> T as(java.time.Instant t, CurrentUser.User who, Supplier<T> work) {
        var context = SecurityContextHolder.getContext();
        var previous = context.getAuthentication();
        context.setAuthentication(new UsernamePasswordAuthenticationToken(who, "n/a", List.of()));
        try {
            return DemoTime.at(t, work);
        } finally {
            context.setAuthentication(previous);
        }
    }
}
