package org.fengqiao.demo.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.fengqiao.geography.AreaDirectory;
import org.fengqiao.geography.AreaView;
import org.fengqiao.platform.IdNumbers;
import org.fengqiao.platform.DataScope;
import org.fengqiao.registry.RegistryBulk;
import org.fengqiao.registry.Residents;
import org.springframework.stereotype.Component;

/**
 * The demo county's registry: rooms in every building with their households and residents (tenants among them,
 * care tags, notes), village houses in grid B, and the volunteer building leaders of grid A's buildings with one demo
 * account ({@link #BUILDING_LEADER_ACCOUNT}). Written through {@link RegistryBulk} (the registry's bulk path) and,
 * for the building leaders' persons, roles and account, {@link CountyWriter}; deterministic for a seed.
 */
@Component
public class RegistryDemo {

    /** The demo building leader: 志愿楼长 of grid A's first building. */
    public static final String BUILDING_LEADER_ACCOUNT = "leader.building";

    // given-name characters no demo staff member has, so a resident never shares a staff member's full name
    private static final String MALE = "昊晨阳博远峰磊涛毅航泽坤铭轩睿";
    private static final String FEMALE = "涵萱琪怡妍娜蕾璐蓉薇茜莉瑶";
    private static final String[] SURNAMES = {"陈", "陈", "李", "黄", "梁", "吴", "冯", "张", "林", "何", "罗", "区",
            "麦", "谭", "邓", "叶", "温", "胡", "刘", "杨", "周", "莫", "余", "关", "钟", "司徒", "欧阳"};
    private static final String[] PROVINCES = {"湖南省衡阳市", "广西壮族自治区玉林市", "四川省达州市", "江西省赣州市",
            "贵州省遵义市", "湖北省黄冈市"};
    private static final String[] TENANT_REGIONS = {"430400", "450900", "511700", "360700", "520300", "421100"};
    private static final String[] NOTES = {"老人独居，每周上门看望一次。", "家中有行动不便的老人，电梯停运时需帮助。",
            "租客刚搬来，已告知垃圾分类和消防通道要求。", "孩子在镇中心小学读书，放学后爷爷接送。",
            "反映楼道灯坏了，已报网格员。", "低保复核材料已提醒准备。"};

    private final AreaDirectory areas;
    private final RegistryBulk bulk;
    private final CountyWriter writer;

    private final java.time.Clock clock;

    RegistryDemo(AreaDirectory areas, RegistryBulk bulk, CountyWriter writer, java.time.Clock clock) {
        this.clock = clock;
        this.areas = areas;
        this.bulk = bulk;
        this.writer = writer;
    }

    /** What was written. */
    public record Written(RegistryBulk.Written registry, int buildingLeaders, int enterprisesPlacesBoats) {
    }

    /** Writes the demo registry of a county whose areas are loaded; runs in the caller's transaction. */
    public Written write(DemoCounty model, String gridBCode, String gridACode, long seed, String passwordHash) {
        String countyCode = model.code();
        Random random = new Random(seed ^ 0x5EED_0010L);
        DataScope county = DataScope.of(countyCode);
        Map<String, String> villageNames = new HashMap<>();
        areas.atLevel("VILLAGE", county).forEach(v -> villageNames.put(v.code(), v.name()));
        List<AreaView> buildings = areas.atLevel("BUILDING", county);
        Gen g = new Gen(random, countyCode);
        for (AreaView b : buildings) {
            String village = villageNames.getOrDefault(b.code().substring(0, 12), "");
            int units = b.name().endsWith("广场") || b.name().endsWith("大厦") ? 2 : 1;
            int floors = 2 + random.nextInt(4);
            for (int u = 1; u <= units; u++) {
                for (int f = 1; f <= floors; f++) {
                    for (int r = 1; r <= 2; r++) {
                        String room = f + "0" + r;
                        String plate = village + " " + b.name() + " " + (units > 1 ? u + "单元" : "") + room + "室";
                        // grid A's buildings always have a let room, so the tenant registration has somewhere to go
                        boolean let = b.code().startsWith(gridACode) && f == 1 && r == 2;
                        g.room(b.code(), true, units > 1 ? String.valueOf(u) : null, f, room, plate.strip(), let);
                    }
                }
            }
        }
        // village houses in grid B (南庄村): self-built houses, some let to workers from elsewhere
        String village = villageNames.getOrDefault(gridBCode.substring(0, 12), "");
        for (int n = 1; n <= 16; n++) {
            g.room(gridBCode, false, null, null, String.valueOf(n), village + " " + n + "号", n % 5 == 0);
        }
        // the building leaders: one per building of grid A, and one in each other town's first building
        List<AreaView> led = new ArrayList<>();
        Set<String> towns = new HashSet<>();
        for (AreaView b : buildings) {
            if (b.code().startsWith(gridACode) || towns.add(b.code().substring(0, 9))) {
                led.add(b);
            }
        }
        Set<String> ledCodes = new HashSet<>();
        led.forEach(b -> ledCodes.add(b.code()));
        for (int i = 0; i < g.rooms.size(); i++) {
            if (ledCodes.contains(g.rooms.get(i).areaCode())) {
                g.noteOn(i);
            }
        }
        RegistryBulk.Written w = bulk.write(new RegistryBulk.Batch(g.rooms, g.households, g.residents, g.tags,
                g.notes), "demo", "demo county " + countyCode);
        // the leaders are persons of the people module with a BUILDING_LEADER post (and one with an account)
        List<DemoCounty.PersonRow> persons = new ArrayList<>();
        List<DemoCounty.RoleRow> roles = new ArrayList<>();
        for (AreaView b : led) {
            persons.add(g.leader(b.code()));
            roles.add(new DemoCounty.RoleRow(persons.size() - 1, "BUILDING_LEADER", b.code(), null, null));
        }
        List<DemoCounty.AccountRow> accounts = led.isEmpty() || !led.getFirst().code().startsWith(gridACode)
                ? List.of() : List.of(new DemoCounty.AccountRow(BUILDING_LEADER_ACCOUNT, 0));
        writer.write(new DemoCounty(countyCode, "", List.of(), List.of(), persons, roles, List.of(), accounts),
                accounts.isEmpty() ? null : passwordHash);
        int others = bulk.writeOrganisationsAndPlaces(enterprises(model, g, random), places(villageNames, county, g),
                boats(countyCode, g, random), "demo");
        rentals(countyCode, gridACode, g, new Random(seed ^ 0x5EED_0011L));
        return new Written(w, persons.size(), others);
    }

    private static final String[] FINDINGS = {"楼道堆放杂物，已要求清理。", "电动车在室内充电，已劝离。",
            "灭火器过期，需更换。", "新租客未登记，已告知扫码登记。", "私拉电线，需整改。"};

    /**
     * Rental housing for the let rooms: most let by a person (ID and phone), some by a company (dormitories); about
     * half inspected within the last four months, a few with a rectification — open, overdue, or followed up.
     */
    private void rentals(String countyCode, String gridACode, Gen g, Random random) {
        java.time.LocalDate today = java.time.LocalDate.now(clock.withZone(org.fengqiao.platform.CountyTime.ZONE));
        List<RegistryBulk.LetRoom> let = bulk.letRoomsWithoutRental(countyCode);
        List<RegistryBulk.RentalRow> rentals = new ArrayList<>(let.size());
        List<RegistryBulk.InspectionRow> inspections = new ArrayList<>();
        for (RegistryBulk.LetRoom room : let) {
            boolean company = random.nextInt(100) < 12;
            String kind = company ? "DORMITORY" : random.nextInt(100) < 70 ? "WHOLE" : "SHARED";
            int beds = company ? 6 + random.nextInt(10) : 1 + random.nextInt(4);
            java.time.LocalDate registered = today.minusDays(30 + random.nextInt(900));
            boolean male = random.nextBoolean();
            rentals.add(new RegistryBulk.RentalRow(room.id(), room.areaCode(), company ? "ORGANISATION" : "PERSON",
                    company ? "台山市" + SURNAMES[random.nextInt(SURNAMES.length)] + "氏实业有限公司" : g.name(male),
                    company ? null : g.id("440781", 1950 + random.nextInt(35), male), g.phone(), kind,
                    company ? 2 + random.nextInt(4) : 1 + random.nextInt(3), beds, registered));
            int r = rentals.size() - 1;
            // grid A's rentals are all inspected, so its worker's list shows every state; elsewhere about half
            boolean inspected = room.areaCode().startsWith(gridACode) || random.nextInt(100) < 50;
            if (!inspected) {
                continue;
            }
            java.time.LocalDate on = today.minusDays(3 + random.nextInt(120));
            int roll = random.nextInt(100);
            if (roll < 70) {
                inspections.add(new RegistryBulk.InspectionRow(r, on, "网格员", "OK", true, null, "OK", null, null,
                        null));
            } else if (roll < 82) {
                inspections.add(new RegistryBulk.InspectionRow(r, on, "社区民警", "OK", false,
                        FINDINGS[3], "PROBLEMS", null, null, null));
            } else {
                // a rectification: due 30 days after the inspection; followed up, still open, or overdue
                java.time.LocalDate by = on.plusDays(30);
                boolean done = roll < 90 && !by.isAfter(today.plusDays(30)) && on.plusDays(10).isBefore(today);
                inspections.add(new RegistryBulk.InspectionRow(r, on, "网格员", "PROBLEM", true,
                        FINDINGS[random.nextInt(FINDINGS.length)], "RECTIFY", by, done ? on.plusDays(10) : null,
                        done ? "复查已整改。" : null));
            }
        }
        bulk.writeRentals(rentals, inspections, "demo");
    }

    /** The park's 48 enterprises (the people module's ENTERPRISE organisations), ~4,150 people, a year of kWh. */
    private static List<RegistryBulk.Enterprise> enterprises(DemoCounty model, Gen g, Random random) {
        List<RegistryBulk.Enterprise> out = new ArrayList<>();
        List<DemoCounty.OrgRow> orgs = model.orgs().stream().filter(o -> o.kind().equals("ENTERPRISE")).toList();
        int[] heads = new int[orgs.size()];
        int total = 0;
        for (int i = 0; i < heads.length; i++) {
            heads[i] = 20 + random.nextInt(150);
            total += heads[i];
        }
        String chars = "0123456789ABCDEFGHJKLMNPQRTUWXY";
        for (int i = 0; i < orgs.size(); i++) {
            DemoCounty.OrgRow o = orgs.get(i);
            // scale to the seed's ~4,150 people in the park
            int headcount = Math.max(8, heads[i] * 4150 / Math.max(1, total));
            StringBuilder code = new StringBuilder("91" + model.code());
            for (int k = 0; k < 9; k++) {
                code.append(chars.charAt(random.nextInt(chars.length())));
            }
            code.append(org.fengqiao.registry.CreditCodes.checkCharacter(code.toString()));
            // most use 250–600 kWh a head a month; a few far more for what they employ (the low-efficiency ones)
            double perHead = i % 12 == 5 ? 2_000 + random.nextInt(1_500) : 250 + random.nextInt(350);
            List<java.math.BigDecimal> months = new ArrayList<>();
            for (int m = 0; m < 12; m++) {
                double season = 1 + 0.15 * Math.sin((m + 3) * Math.PI / 6);
                months.add(java.math.BigDecimal.valueOf(Math.round(headcount * perHead * season)));
            }
            out.add(new RegistryBulk.Enterprise(new org.fengqiao.registry.Enterprises.EnterpriseInput(code.toString(),
                    o.name(), o.code(), o.areaCode(), model.code() + "001901", "镇南工业城", o.name().replace("鹤山市", "")
                    .replace("有限公司", ""), g.name(true), g.phone(), headcount, g.name(random.nextBoolean()), g.phone(),
                    i % 4 == 0 ? "危险化学品：油漆、稀释剂（限量存放）" : "生产设备、叉车", "党支部、工会、企业义警队"), months));
        }
        return out;
    }

    /** A school and a market in each town, and a few key sites. */
    private static List<org.fengqiao.registry.PlacesAndBoats.PlaceInput> places(Map<String, String> villages,
                                                                             DataScope county, Gen g) {
        List<org.fengqiao.registry.PlacesAndBoats.PlaceInput> out = new ArrayList<>();
        Set<String> towns = new HashSet<>();
        for (Map.Entry<String, String> v : new java.util.TreeMap<>(villages).entrySet()) {
            String town = v.getKey().substring(0, 9);
            if (v.getKey().substring(9).startsWith("9") || !towns.add(town)) {
                continue;
            }
            String grid = v.getKey() + "001";
            out.add(new org.fengqiao.registry.PlacesAndBoats.PlaceInput("SCHOOL", v.getValue() + "小学", grid,
                    v.getValue(), g.name(true), g.phone(), 600 + g.random.nextInt(900),
                    "一校一案：上下学时段护学岗（民警+网格员+家长志愿者）；校门口50米内禁停；每学期消防疏散演练两次；"
                            + "心理辅导室每周开放；周边商铺每月排查一次。"));
            out.add(new org.fengqiao.registry.PlacesAndBoats.PlaceInput("MARKET", v.getValue() + "农贸市场", grid,
                    v.getValue(), g.name(false), g.phone(), 80 + g.random.nextInt(120),
                    "消防通道每日巡查；燃气瓶集中存放；节假日人流高峰增派巡逻。"));
        }
        out.add(new org.fengqiao.registry.PlacesAndBoats.PlaceInput("KEY_SITE", "鹤山汽车客运站", "440784001001001",
                "沙坪街道", g.name(true), g.phone(), 3000, "安检、视频巡查、应急疏散预案。"));
        return out;
    }

    /** Fishing boats of the 西江 waters (seed 002): paired with party members and maritime grid workers. */
    private static List<org.fengqiao.registry.PlacesAndBoats.BoatInput> boats(String county, Gen g, Random random) {
        List<org.fengqiao.registry.PlacesAndBoats.BoatInput> out = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            out.add(new org.fengqiao.registry.PlacesAndBoats.BoatInput("粤鹤渔" + String.format("%03d", i),
                    "粤鹤渔" + String.format("%05d", 30000 + i * 7), county + "103901", g.name(true), g.phone(),
                    2 + random.nextInt(5), i % 2 == 0 ? "古劳渔港" : "沙坪渔港", "党员" + g.name(random.nextBoolean()),
                    "海上网格员" + g.name(random.nextBoolean())));
        }
        return out;
    }

    /** The generator's state: rows in the order the bulk path wants them. */
    private static final class Gen {
        final Random random;
        final String region;
        final List<RegistryBulk.Room> rooms = new ArrayList<>();
        final List<RegistryBulk.Household> households = new ArrayList<>();
        final List<RegistryBulk.Resident> residents = new ArrayList<>();
        final List<RegistryBulk.Tag> tags = new ArrayList<>();
        final List<RegistryBulk.Note> notes = new ArrayList<>();
        final Map<Integer, List<Integer>> householdsOfRoom = new HashMap<>();
        final Set<String> ids = new HashSet<>();
        final Set<String> phones = new HashSet<>();

        Gen(Random random, String region) {
            this.random = random;
            this.region = region;
        }

        void room(String areaCode, boolean inBuilding, String unit, Integer floor, String room, String plate,
                  boolean let) {
            int roll = random.nextInt(100);
            String use = let ? "RENTAL" : roll < 12 ? "VACANT" : roll < 30 ? "RENTAL" : "SELF_OCCUPIED";
            rooms.add(new RegistryBulk.Room(areaCode, inBuilding, unit, floor, room, plate, use));
            int index = rooms.size() - 1;
            if (use.equals("VACANT")) {
                return;
            }
            if (use.equals("RENTAL")) {
                tenants(index);
            } else {
                family(index);
            }
        }

        void family(int room) {
            int h = household(room, random.nextInt(10) < 8 ? "REGISTERED" : "RESIDENT");
            int roll = random.nextInt(100);
            if (roll < 6) {
                // an elderly person living alone
                int p = person(h, "02", 1936 + random.nextInt(18), random.nextBoolean(), "REGISTERED");
                tags.add(new RegistryBulk.Tag(p, "ELDERLY_ALONE", "楼长走访核实：独居"));
                return;
            }
            int headYear = 1950 + random.nextInt(45);
            boolean male = random.nextInt(100) < 60;
            int head = person(h, "02", headYear, male, "REGISTERED");
            boolean single = random.nextInt(100) < 8;
            if (!single) {
                person(h, "10", headYear + random.nextInt(5) - 2, !male, "REGISTERED");
            }
            int children = headYear > 1975 ? random.nextInt(3) : 0;
            for (int c = 0; c < children; c++) {
                int child = person(h, random.nextBoolean() ? "20" : "30", Math.min(2023, headYear + 25 + random.nextInt(8)),
                        random.nextBoolean(), "REGISTERED");
                if (single && c == 0) {
                    tags.add(new RegistryBulk.Tag(head, "SINGLE_PARENT", "社区登记单亲家庭"));
                }
                if (random.nextInt(100) < 3) {
                    tags.add(new RegistryBulk.Tag(child, "MINOR_ATTENTION", "学校与社区共同关注"));
                }
            }
            if (headYear > 1970 && random.nextInt(100) < 20) {
                person(h, "50", headYear - 27 - random.nextInt(5), random.nextBoolean(), "REGISTERED");
            }
            int tagRoll = random.nextInt(100);
            if (tagRoll < 3) {
                tags.add(new RegistryBulk.Tag(head, "DISABLED", "残联登记（残疾人证）"));
            } else if (tagRoll < 6) {
                tags.add(new RegistryBulk.Tag(head, "LOW_INCOME", "民政低保名单"));
            } else if (tagRoll == 6) {
                tags.add(new RegistryBulk.Tag(head, "COMMUNITY_CORRECTION", "司法所社区矫正名单"));
            }
        }

        void tenants(int room) {
            int h = household(room, "TENANT");
            int n = 1 + random.nextInt(3);
            for (int i = 0; i < n; i++) {
                person(h, i == 0 ? "02" : "99", 1975 + random.nextInt(30), random.nextInt(100) < 60, "FLOATING");
            }
        }

        int household(int room, String kind) {
            households.add(new RegistryBulk.Household(room, kind, null, phone()));
            int h = households.size() - 1;
            householdsOfRoom.computeIfAbsent(room, k -> new ArrayList<>()).add(h);
            return h;
        }

        int person(int household, String relationship, int year, boolean male, String kind) {
            boolean floating = kind.equals("FLOATING");
            int origin = random.nextInt(TENANT_REGIONS.length);
            String id = id(floating ? TENANT_REGIONS[origin] : region, year, male);
            residents.add(new RegistryBulk.Resident(household, new Residents.ResidentInput(name(male), null, id,
                    year < 2010 ? phone() : null, null, relationship, kind, !floating, true,
                    floating ? PROVINCES[origin] : null, floating ? "WORK" : null,
                    floating ? "镇南工业城" : null, floating ? "2025-0" + (1 + random.nextInt(9)) + "-1"
                    + random.nextInt(10) : null)));
            return residents.size() - 1;
        }

        void noteOn(int room) {
            for (int h : householdsOfRoom.getOrDefault(room, List.of())) {
                if (random.nextInt(100) < 35) {
                    notes.add(new RegistryBulk.Note(h, NOTES[random.nextInt(NOTES.length)]));
                }
            }
        }

        DemoCounty.PersonRow leader(String buildingCode) {
            boolean male = random.nextBoolean();
            int year = 1955 + random.nextInt(20);
            // born in 江门市蓬江区 (440703): never the ID number of a demo staff member (440784…)
            // given-name characters no resident has: the scope walk searches pages for the names of staff who serve
            // only in another town, and a resident of the same name would look like a leak
            String given = "松柏竹梅兰菊桃杏";
            String name = SURNAMES[random.nextInt(SURNAMES.length)] + given.charAt(random.nextInt(given.length()))
                    + given.charAt(random.nextInt(given.length()));
            return new DemoCounty.PersonRow(name, male ? "M" : "F", id("440703", year, male), phone(), buildingCode);
        }

        String name(boolean male) {
            String pool = male ? MALE : FEMALE;
            StringBuilder sb = new StringBuilder(SURNAMES[random.nextInt(SURNAMES.length)]);
            int given = random.nextInt(100) < 75 ? 2 : 1;
            for (int i = 0; i < given; i++) {
                sb.append(pool.charAt(random.nextInt(pool.length())));
            }
            return sb.toString();
        }

        String id(String regionCode, int year, boolean male) {
            String id;
            do {
                String first17 = String.format("%s%04d%02d%02d%03d", regionCode, year, 1 + random.nextInt(12),
                        1 + random.nextInt(28), random.nextInt(500) * 2 + (male ? 1 : 0));
                id = first17 + IdNumbers.checkCharacter(first17);
            } while (!ids.add(id));
            return id;
        }

        String phone() {
            String p;
            do {
                p = "13" + (5 + random.nextInt(5)) + String.format("%08d", random.nextInt(100_000_000));
            } while (!phones.add(p));
            return p;
        }
    }
}
