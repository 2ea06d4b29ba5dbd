package org.fengqiao.demo.internal;

import org.fengqiao.platform.IdNumbers;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;

import org.fengqiao.demo.DemoAccounts;
import org.fengqiao.demo.internal.DemoCounty.AccountRow;
import org.fengqiao.demo.internal.DemoCounty.AreaRow;
import org.fengqiao.demo.internal.DemoCounty.CoverageRow;
import org.fengqiao.demo.internal.DemoCounty.OrgRow;
import org.fengqiao.demo.internal.DemoCounty.PersonRow;
import org.fengqiao.demo.internal.DemoCounty.RoleRow;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.PrecisionModel;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.geom.util.AffineTransformation;
import org.locationtech.jts.geom.util.PolygonExtracter;
import org.locationtech.jts.io.geojson.GeoJsonWriter;
import org.locationtech.jts.operation.overlayng.OverlayNG;
import org.locationtech.jts.operation.overlayng.OverlayNGRobust;
import org.locationtech.jts.operation.union.UnaryUnionOp;
import org.locationtech.jts.precision.GeometryPrecisionReducer;
import org.locationtech.jts.triangulate.VoronoiDiagramBuilder;

/**
 * Builds the demo county, a Heshan-like county (鹤山市, 440784) with the numbers of the seed reports: 10 towns and
 * streets, 142 villages and communities, 338 base grids, 528 full-time, 1315 part-time and 360 professional grid
 * workers, 328 community police as deputy grid leaders, the departments, centers and police stations, an industrial
 * park with 48 enterprises, a second park, the 西江 river waters and a police defense zone with micro-grids.
 *
 * <p>Everything comes from one {@link Random} per purpose seeded from {@code seed}: the same seed gives the same
 * county, byte for byte (see {@link DemoCounty#fingerprint()}). Geometry: a county outline of about 1,080 km², then
 * JTS Voronoi cells of seeded sites clipped level by level (towns, villages, grids), so every area lies inside its
 * parent and siblings do not overlap; coordinates are WGS84 rounded to 1e-7 degrees.
 */
public final class CountyGenerator {

    public static final String HESHAN_CODE = DemoAccounts.COUNTY_CODE;
    public static final String HESHAN_NAME = "鹤山市";
    static final double TARGET_KM2 = 1080.0;
    static final double CENTER_LON = 112.82;
    static final double CENTER_LAT = 22.70;
    private static final double KM_PER_DEG_LAT = 110.574;
    private static final double KM_PER_DEG_LON = 111.320 * Math.cos(Math.toRadians(CENTER_LAT));
    private static final PrecisionModel PM = new PrecisionModel(1e7);

    /** A town or street: its code suffix, name, flavour, position in the county (-1..1) and its villages. */
    record Town(String suffix, String name, String subtype, double u, double v, List<String> communities,
                List<String> villages, int grids) {
        String shortName() {
            return name.substring(0, name.length() - (name.endsWith("街道") ? 2 : 1));
        }
    }

    static final List<Town> TOWNS = List.of(
            new Town("001", "沙坪街道", "STREET", 0.78, 0.42,
                    List.of("凤凰社区", "和平社区", "桂林社区", "兴业社区", "雁山社区", "祥盛社区", "中山社区", "新湖社区"),
                    List.of("越塘村", "杰洲村", "玉桥村", "镇南村", "坡山村", "汇源村", "大岗村", "东坑村", "西阁村",
                            "三夹村", "楼冲村", "赤坎村", "东门村", "横岗村"), 88),
            new Town("101", "龙口镇", "TOWN", 0.12, 0.66, List.of("龙口社区"),
                    List.of("三洞村", "青文村", "霄南村", "仓下村", "福迳村", "四堡村", "桔园村", "龙岗村", "五福村",
                            "南坑村", "莲塘村", "大冲村", "沙湾村", "田心村"), 30),
            new Town("102", "雅瑶镇", "TOWN", 0.80, -0.18, List.of("雅瑶社区"),
                    List.of("陈山村", "昆东村", "黄洞村", "大岗头村", "隔朗村", "南靖村", "雅瑶村", "石岗村", "绿溪村",
                            "上凌村"), 24),
            new Town("103", "古劳镇", "TOWN", 0.46, 0.76, List.of("古劳社区"),
                    List.of("双桥村", "麦水村", "上升村", "连北村", "三连村", "茶山村", "丽水村", "大埠村", "新星村",
                            "维新村", "东湖村"), 26),
            new Town("104", "桃源镇", "TOWN", 0.02, 0.20, List.of("桃源社区"),
                    List.of("龙溪村", "甘棠村", "禾谷村", "中和村", "横坑村", "杨梅村", "赤草村", "东南村", "铁岗村",
                            "水湄村", "小官田村", "旺岗村"), 26),
            new Town("105", "鹤城镇", "TOWN", -0.36, 0.05, List.of("鹤城社区"),
                    List.of("城东村", "城西村", "东山村", "五星村", "昆阳村", "坪山村", "湖岸村", "禾岗村", "石湖村",
                            "芸蓼村", "鹤岭村", "南坑口村", "马山村", "青坑村", "大坑村"), 30),
            new Town("106", "共和镇", "TOWN", 0.40, -0.56, List.of("共和社区", "来苏社区"),
                    List.of("南庄村", "平岭村", "獭山村", "大凹村", "华南村", "新连村", "泗云村", "云宿村", "西坑村",
                            "里坪村", "东星村"), 34),
            new Town("107", "址山镇", "TOWN", -0.14, -0.60, List.of("址山社区"),
                    List.of("南门村", "禾南村", "昆华村", "云东村", "东溪村", "界石村", "新宁村", "四九村", "凤岗村",
                            "横岭村", "大朗村", "水口村", "塘边村", "白水带村"), 30),
            new Town("108", "宅梧镇", "TOWN", -0.76, 0.30, List.of("宅梧社区"),
                    List.of("下沙村", "双龙村", "白石村", "云乡村", "古逻村", "新洞村", "泗合村", "宅中村", "沙冲村",
                            "大田村", "天塘村", "良洞村", "坑尾村"), 28),
            new Town("109", "双合镇", "TOWN", -0.70, -0.46, List.of("兴华社区"),
                    List.of("合成村", "双合村", "大福村", "旺冲村", "泗坪村", "金岗村", "雅图村", "营顶村", "联和村",
                            "松岗村"), 22));

    /** County departments: code key, name, number of handlers. */
    static final List<String[]> DEPARTMENTS = List.of(
            new String[] {"ZFW", "中共鹤山市委政法委员会", "2"},
            new String[] {"GA", "鹤山市公安局", "3"},
            new String[] {"RS", "鹤山市人力资源和社会保障局", "2"},
            new String[] {"SCJG", "鹤山市市场监督管理局", "3"},
            new String[] {"XF", "鹤山市消防救援大队", "2"},
            new String[] {"GD", "鹤山市供电局", "2"},
            new String[] {"FY", "鹤山市人民法院", "2"},
            new String[] {"SF", "鹤山市司法局", "2"},
            new String[] {"YJ", "鹤山市应急管理局", "2"},
            new String[] {"ZJ", "鹤山市住房和城乡建设局", "2"},
            new String[] {"ZHZF", "鹤山市综合行政执法局", "3"},
            new String[] {"GH", "鹤山市总工会", "2"},
            new String[] {"FL", "鹤山市妇女联合会", "2"},
            new String[] {"JY", "鹤山市教育局", "2"},
            new String[] {"MZ", "鹤山市民政局", "2"},
            new String[] {"WJ", "鹤山市卫生健康局", "2"},
            new String[] {"XFJ", "鹤山市信访局", "2"},
            new String[] {"ZRZY", "鹤山市自然资源局", "2"},
            new String[] {"NYSL", "鹤山市农业农村和水利局", "2"},
            new String[] {"JT", "鹤山市交通运输局", "2"},
            new String[] {"STHJ", "江门市生态环境局鹤山分局", "2"},
            new String[] {"SLXF", "鹤山市森林消防大队", "2"});

    private static final String[] ESTATES = {"凤凰花园", "御景华庭", "翠湖苑", "锦绣家园", "金碧华府", "海逸豪庭",
            "碧水湾", "华侨新村", "合盛花园", "东湖名苑", "明珠花园", "富豪花园", "新城广场", "沙坪综合市场",
            "中东西商业大厦", "怡景豪庭", "雅居苑", "兴华大厦", "桂林新村", "祥盛家园"};
    private static final String[] BRAND = {"华", "粤", "泰", "鸿", "金", "联", "顺", "嘉", "宏", "富", "昌", "盛",
            "骏", "威", "港", "新", "恒", "德", "利", "达", "丰", "源", "兴", "健", "美", "信", "雅", "科"};
    private static final String[] INDUSTRY = {"五金制品", "电子科技", "印刷", "服装", "鞋业", "机电设备", "塑胶制品",
            "家具", "建材", "纺织", "食品", "包装材料", "卫浴", "灯饰", "精密模具", "电器", "汽车配件", "不锈钢制品"};

    public static final int FULL_TIME = 528;
    public static final int PART_TIME = 1315;
    public static final int PROFESSIONAL = 360;
    public static final int POLICE = 328;
    public static final int RIDERS = 516;
    public static final int ENTERPRISES = 48;

    private final long seed;
    private final GeometryFactory gf = new GeometryFactory();
    private final GeoJsonWriter geoJson = new GeoJsonWriter(7);

    public CountyGenerator(long seed) {
        this.seed = seed;
        geoJson.setEncodeCRS(false);
    }

    /** The area code of the county at {@code index}: 0 is 鹤山 440784, others are synthetic (44 80 01, …). */
    public static String countyCode(int index) {
        if (index == 0) {
            return HESHAN_CODE;
        }
        if (index < 1 || index > 1980) {
            throw new IllegalArgumentException("county index must be 0..1980");
        }
        int k = index - 1;
        return String.format("44%02d%02d", 80 + k / 99, k % 99 + 1);
    }

    public static String countyName(int index) {
        return index == 0 ? HESHAN_NAME : String.format("示范县%04d", index);
    }

    // ------------------------------------------------------------------------------------------------ the county

    /** The demo county (index 0), with its demo accounts. */
    public DemoCounty generate() {
        return new Builder().build();
    }

    /**
     * The county at {@code index} for scale runs: the same tree and shapes as the demo county, shifted on the map,
     * with its own codes, names and people, and no accounts.
     */
    public DemoCounty copy(DemoCounty base, int index) {
        if (index == 0) {
            return base;
        }
        String code = countyCode(index);
        String name = countyName(index);
        AffineTransformation shift = AffineTransformation.translationInstance((index % 10) * 0.6, -(index / 10) * 0.4);
        Function<String, String> recode = c -> c == null ? null
                : c.startsWith(base.code()) ? code + c.substring(base.code().length()) : c;
        Function<String, String> rename = n -> n.replace(HESHAN_NAME, name).replace("鹤山", name);
        List<AreaRow> areas = new ArrayList<>(base.areas().size());
        for (AreaRow a : base.areas()) {
            Geometry g = shift.transform(a.boundary());
            Point c = shift.transform(gf.createPoint(new Coordinate(a.centroidLon(), a.centroidLat()))).getCentroid();
            areas.add(new AreaRow(recode.apply(a.code()), recode.apply(a.parentCode()), a.level(), a.kind(),
                    rename.apply(a.name()), a.subtype(), g, geoJson.write(g), round(c.getX()), round(c.getY())));
        }
        List<OrgRow> orgs = base.orgs().stream().map(o -> new OrgRow(recode.apply(o.code()), rename.apply(o.name()),
                o.kind(), recode.apply(o.areaCode()), recode.apply(o.parentCode()))).toList();
        People people = new People(code, new Random(seed * 1_000_003L + index));
        List<PersonRow> persons = base.persons().stream().map(p -> people.next(recode.apply(p.areaCode()))).toList();
        List<RoleRow> roles = base.roles().stream().map(r -> new RoleRow(r.person(), r.role(),
                recode.apply(r.areaCode()), recode.apply(r.orgCode()), r.workerType())).toList();
        List<CoverageRow> coverage = base.coverage().stream().map(c -> new CoverageRow(recode.apply(c.overlayCode()),
                recode.apply(c.gridCode()))).toList();
        return new DemoCounty(code, name, List.copyOf(areas), orgs, persons, roles, coverage, List.of());
    }

    private final class Builder {
        final String cc = HESHAN_CODE;
        final Random geo = new Random(seed);
        final Random org = new Random(seed * 7 + 1);
        final People people = new People(cc, new Random(seed * 31 + 17));
        final List<AreaRow> counties = new ArrayList<>();
        final List<AreaRow> towns = new ArrayList<>();
        final List<AreaRow> villages = new ArrayList<>();
        final List<AreaRow> grids = new ArrayList<>();
        final List<AreaRow> buildings = new ArrayList<>();
        final List<OrgRow> orgs = new ArrayList<>();
        final List<PersonRow> persons = new ArrayList<>();
        final List<RoleRow> roles = new ArrayList<>();
        final List<CoverageRow> coverage = new ArrayList<>();
        final List<AccountRow> accounts = new ArrayList<>();
        final Map<String, AreaRow> byCode = new HashMap<>();
        final Map<String, List<AreaRow>> gridsOfVillage = new LinkedHashMap<>();
        final Set<String> communityCodes = new HashSet<>();
        Geometry outline;

        DemoCounty build() {
            outline = outline();
            add(counties, cc, null, "COUNTY", "BASE", HESHAN_NAME, "COUNTY", outline);
            buildTowns();
            for (Town t : TOWNS) {
                buildVillages(t);
            }
            for (AreaRow v : new ArrayList<>(villages)) {
                buildGrids(v);
            }
            buildBuildings();
            buildOrganisations();
            buildOverlays();
            buildPeople();
            List<AreaRow> all = new ArrayList<>();
            all.addAll(counties);
            all.addAll(towns);
            all.addAll(villages);
            all.addAll(grids);
            all.addAll(buildings);
            return new DemoCounty(cc, HESHAN_NAME, List.copyOf(all), List.copyOf(orgs), List.copyOf(persons),
                    List.copyOf(roles), List.copyOf(coverage), List.copyOf(accounts));
        }


        AreaRow add(List<AreaRow> list, String code, String parent, String level, String kind, String name,
                    String subtype, Geometry boundary) {
            return CountyGenerator.this.add(list, code, parent, level, kind, name, subtype, boundary, byCode);
        }

        void buildOrganisations() {
            String ctr = cc + "-CTR";
            orgs.add(new OrgRow(ctr, "鹤山市综治中心", "CENTER", cc, null));
            for (String[] d : DEPARTMENTS) {
                orgs.add(new OrgRow(cc + "-DEPT-" + d[0], d[1], "DEPARTMENT", cc, null));
            }
            for (Town t : TOWNS) {
                String tc = cc + t.suffix();
                String prefix = cc + "-" + t.suffix();
                orgs.add(new OrgRow(prefix + "-CTR", t.name() + "综治中心", "CENTER", tc, ctr));
                orgs.add(new OrgRow(prefix + "-PS", t.suffix().equals("001") ? "中山派出所" : t.shortName() + "派出所",
                        "POLICE_STATION", tc, cc + "-DEPT-GA"));
                orgs.add(new OrgRow(prefix + "-SFS", t.name() + "司法所", "DEPARTMENT", tc, cc + "-DEPT-SF"));
                orgs.add(new OrgRow(prefix + "-MED", t.name() + "综治中心解纷站", "MEDIATION", tc, prefix + "-CTR"));
                AreaRow community = byCode.get(tc + "001");
                orgs.add(new OrgRow(prefix + "-MED2", community.name() + "“无讼社区”解纷站", "MEDIATION",
                        community.code(), prefix + "-CTR"));
            }
            AreaRow chenshan = villageNamed(cc + "102", "陈山村");
            orgs.add(new OrgRow(cc + "-102-CTR-CS", "陈山村综治中心", "CENTER", chenshan.code(), cc + "-102-CTR"));
        }

        int person(String area) {
            persons.add(people.next(area));
            return persons.size() - 1;
        }

        void staff(String area, String orgCode, String role, int n, String username) {
            for (int i = 0; i < n; i++) {
                int p = person(area);
                roles.add(new RoleRow(p, role, area, orgCode, null));
                if (i == 0 && username != null) {
                    accounts.add(new AccountRow(username, p));
                }
            }
        }

        void buildPeople() {
            String ctr = cc + "-CTR";
            staff(cc, ctr, "INTAKE_CLERK", 6, "county.intake");
            staff(cc, ctr, "DISPATCHER", 3, "county.dispatcher");
            staff(cc, ctr, "SHIFT_LEAD", 2, "county.shiftlead");
            staff(cc, ctr, "LEADER", 2, "county.leader");
            for (Town t : TOWNS) {
                boolean shaping = t.suffix().equals("001");
                String tc = cc + t.suffix();
                String tctr = cc + "-" + t.suffix() + "-CTR";
                staff(tc, tctr, "INTAKE_CLERK", shaping ? 3 : 2, shaping ? "shaping.intake" : null);
                staff(tc, tctr, "DISPATCHER", 1, null);
                staff(tc, tctr, "LEADER", 1, shaping ? "shaping.leader" : null);
            }
            for (String[] d : DEPARTMENTS) {
                staff(cc, cc + "-DEPT-" + d[0], "DEPARTMENT_HANDLER", Integer.parseInt(d[2]),
                        d[0].equals("SCJG") ? "dept.market" : null);
            }
            for (Town t : TOWNS) {
                staff(cc + t.suffix(), cc + "-" + t.suffix() + "-SFS", "DEPARTMENT_HANDLER", 1, null);
            }
            for (OrgRow o : orgs) {
                if (o.kind().equals("MEDIATION")) {
                    staff(o.areaCode(), o.code(), "MEDIATOR", 2, o.code().equals(cc + "-001-MED") ? "mediator" : null);
                }
            }
            // grid workers: 528 full-time, 1315 part-time, 360 professional; 328 community police
            List<AreaRow> base = grids.stream().filter(g -> g.level().equals("GRID")).toList();
            int n = base.size();
            double[] urban = new double[n];
            double[] rural = new double[n];
            double[] even = new double[n];
            for (int i = 0; i < n; i++) {
                boolean community = communityCodes.contains(base.get(i).parentCode());
                urban[i] = community ? 3 : 1;
                rural[i] = community ? 1 : 2;
                even[i] = 1;
            }
            int[] fullTime = spread(n, 1, FULL_TIME - n, urban);
            int[] partTime = spread(n, 3, PART_TIME - 3 * n, rural);
            int[] professional = spread(n, 1, PROFESSIONAL - n, even);
            List<Integer> candidates = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String code = base.get(i).code();
                if (!communityCodes.contains(base.get(i).parentCode()) && !code.equals(DemoAccounts.GRID_A_CODE)
                        && !code.equals(DemoAccounts.GRID_B_CODE)) {
                    candidates.add(i);
                }
            }
            Set<Integer> noPolice = new HashSet<>();
            while (noPolice.size() < n - POLICE) {
                noPolice.add(candidates.get(org.nextInt(candidates.size())));
            }
            for (int i = 0; i < n; i++) {
                AreaRow g = base.get(i);
                String code = g.code();
                String tctr = cc + "-" + code.substring(6, 9) + "-CTR";
                for (int k = 0; k < fullTime[i]; k++) {
                    int p = person(code);
                    roles.add(new RoleRow(p, "GRID_WORKER", code, tctr, "FULL_TIME"));
                    if (k == 0 && code.equals(DemoAccounts.GRID_A_CODE)) {
                        accounts.add(new AccountRow("grid.a", p));
                    } else if (k == 0 && code.equals(DemoAccounts.GRID_B_CODE)) {
                        accounts.add(new AccountRow("grid.b", p));
                    }
                }
                for (int k = 0; k < partTime[i]; k++) {
                    roles.add(new RoleRow(person(code), "GRID_WORKER", code, tctr, "PART_TIME"));
                }
                for (int k = 0; k < professional[i]; k++) {
                    roles.add(new RoleRow(person(code), "GRID_WORKER", code, tctr, "PROFESSIONAL"));
                }
                if (!noPolice.contains(i)) {
                    int p = person(code);
                    roles.add(new RoleRow(p, "COMMUNITY_POLICE", code, cc + "-" + code.substring(6, 9) + "-PS", null));
                    if (code.equals(DemoAccounts.GRID_A_CODE)) {
                        accounts.add(new AccountRow("police.a", p));
                    }
                }
            }
            // "骑行侠·码上帮": delivery riders and ride-hailing drivers reporting events (510+ in the seed)
            for (int i = 0; i < RIDERS; i++) {
                Town t = i == 0 || org.nextBoolean() ? TOWNS.get(0) : TOWNS.get(1 + org.nextInt(TOWNS.size() - 1));
                int p = person(cc + t.suffix());
                roles.add(new RoleRow(p, "VOLUNTEER_REPORTER", cc + t.suffix(), null, null));
                if (i == 0) {
                    accounts.add(new AccountRow("rider", p));
                }
            }
            staff(cc, null, "SYSTEM_ADMIN", 1, "sysadmin");
            staff(cc, null, "SECURITY_ADMIN", 1, "secadmin");
            staff(cc, null, "AUDITOR", 1, "auditor");
            // the court's liaison for judicial confirmation of mediation agreements (调解审联动)
            staff(cc, cc + "-DEPT-FY", "COURT_LIAISON", 1, "court");
        }

        /** {@code base} per slot plus {@code extra} handed out at random by weight. */
        int[] spread(int n, int base, int extra, double[] weight) {
            int[] out = new int[n];
            java.util.Arrays.fill(out, base);
            double total = 0;
            for (double w : weight) {
                total += w;
            }
            for (int e = 0; e < extra; e++) {
                double x = org.nextDouble() * total;
                int i = 0;
                while (i < n - 1 && (x -= weight[i]) >= 0) {
                    i++;
                }
                out[i]++;
            }
            return out;
        }

        // ------------------------------------------------------------------------------------------ geometry

        Geometry outline() {
            double[] amp = new double[10];
            double[] phase = new double[10];
            for (int k = 2; k < 10; k++) {
                amp[k] = 0.15 / k * (0.5 + geo.nextDouble());
                phase[k] = geo.nextDouble() * 2 * Math.PI;
            }
            int n = 120;
            double a = 0.27;
            double b = 0.17;
            Coordinate[] ring = new Coordinate[n + 1];
            for (int i = 0; i < n; i++) {
                double th = 2 * Math.PI * i / n;
                double r = 1;
                for (int k = 2; k < 10; k++) {
                    r += amp[k] * Math.cos(k * th + phase[k]);
                }
                ring[i] = new Coordinate(a * r * Math.cos(th), b * r * Math.sin(th));
            }
            ring[n] = ring[0];
            Polygon unit = gf.createPolygon(ring);
            double km2 = unit.getArea() * KM_PER_DEG_LAT * KM_PER_DEG_LON;
            double s = Math.sqrt(TARGET_KM2 / km2);
            AffineTransformation t = AffineTransformation.scaleInstance(s, s).translate(CENTER_LON, CENTER_LAT);
            return reduce(t.transform(unit));
        }

        void buildTowns() {
            Envelope env = outline.getEnvelopeInternal();
            double ax = env.getWidth() / 2 * 0.8;
            double by = env.getHeight() / 2 * 0.8;
            List<Coordinate> sites = new ArrayList<>();
            for (Town t : TOWNS) {
                sites.add(new Coordinate(CENTER_LON + t.u() * ax, CENTER_LAT + t.v() * by));
            }
            List<Geometry> cells = voronoi(sites, outline);
            for (int i = 0; i < TOWNS.size(); i++) {
                Town t = TOWNS.get(i);
                add(towns, cc + t.suffix(), cc, "TOWN", "BASE", t.name(), t.subtype(), cells.get(i));
            }
        }

        void buildVillages(Town t) {
            AreaRow town = byCode.get(cc + t.suffix());
            Geometry tg = town.boundary();
            PreparedGeometry ptg = PreparedGeometryFactory.prepare(tg);
            Envelope tenv = tg.getEnvelopeInternal();
            int nc = t.communities().size();
            int nv = t.villages().size();
            Coordinate seat = siteOf(t);
            double radius = t.suffix().equals("001") ? 0.032 : 0.010;
            double minC = radius * 0.9 / Math.sqrt(nc);
            List<Coordinate> cs = sample(ptg, new Envelope(seat.x - radius, seat.x + radius, seat.y - radius,
                    seat.y + radius), nc, minC, List.of());
            double minV = 0.55 * Math.sqrt(tg.getArea() / (nc + nv));
            List<Coordinate> vs = sample(ptg, tenv, nv, minV, cs);
            List<Coordinate> all = new ArrayList<>(cs);
            all.addAll(vs);
            List<Geometry> cells = lloyd(all, nc, tg, 2);
            List<Geometry> communityCells = cells.subList(0, nc);
            List<Geometry> villageCells = cells.subList(nc, cells.size());
            List<Geometry> orderedC = readingOrder(communityCells);
            List<Geometry> orderedV = readingOrder(villageCells);
            for (int i = 0; i < nc; i++) {
                String code = town.code() + String.format("%03d", i + 1);
                add(villages, code, town.code(), "VILLAGE", "BASE", t.communities().get(i), "COMMUNITY",
                        orderedC.get(i));
                communityCodes.add(code);
            }
            for (int i = 0; i < nv; i++) {
                add(villages, town.code() + String.format("%03d", 200 + i), town.code(), "VILLAGE", "BASE",
                        t.villages().get(i), "VILLAGE", orderedV.get(i));
            }
            // grids per village: one each, the rest by size (communities are denser)
            List<AreaRow> vs2 = villages.stream().filter(v -> v.parentCode().equals(town.code())).toList();
            double[] w = new double[vs2.size()];
            double sum = 0;
            for (int i = 0; i < w.length; i++) {
                AreaRow v = vs2.get(i);
                w[i] = Math.sqrt(v.boundary().getArea()) * (communityCodes.contains(v.code()) ? 3.5 : 1.0);
                sum += w[i];
            }
            int rest = t.grids() - w.length;
            int[] counts = new int[w.length];
            double[] rem = new double[w.length];
            int given = 0;
            for (int i = 0; i < w.length; i++) {
                double share = rest * w[i] / sum;
                counts[i] = 1 + (int) Math.floor(share);
                rem[i] = share - Math.floor(share);
                given += counts[i] - 1;
            }
            Integer[] idx = new Integer[w.length];
            for (int i = 0; i < idx.length; i++) {
                idx[i] = i;
            }
            java.util.Arrays.sort(idx, Comparator.comparingDouble((Integer i) -> -rem[i]).thenComparing(i -> i));
            for (int i = 0; given < rest; i++, given++) {
                counts[idx[i % idx.length]]++;
            }
            for (int i = 0; i < vs2.size(); i++) {
                gridCounts.put(vs2.get(i).code(), counts[i]);
            }
        }

        final Map<String, Integer> gridCounts = new HashMap<>();

        void buildGrids(AreaRow village) {
            int n = gridCounts.get(village.code());
            Geometry vg = village.boundary();
            List<Geometry> cells;
            if (n == 1) {
                cells = List.of(vg);
            } else {
                PreparedGeometry pvg = PreparedGeometryFactory.prepare(vg);
                List<Coordinate> sites = sample(pvg, vg.getEnvelopeInternal(), n,
                        0.6 * Math.sqrt(vg.getArea() / n), List.of());
                cells = readingOrder(lloyd(sites, 0, vg, 2));
            }
            List<AreaRow> mine = new ArrayList<>();
            for (int i = 0; i < cells.size(); i++) {
                mine.add(add(grids, village.code() + String.format("%03d", i + 1), village.code(), "GRID", "BASE",
                        village.name() + "第" + (i + 1) + "网格", "GRID", cells.get(i)));
            }
            gridsOfVillage.put(village.code(), mine);
        }

        void buildBuildings() {
            for (Map.Entry<String, List<AreaRow>> e : gridsOfVillage.entrySet()) {
                if (!communityCodes.contains(e.getKey())) {
                    continue;
                }
                for (AreaRow grid : e.getValue()) {
                    PreparedGeometry pg = PreparedGeometryFactory.prepare(grid.boundary());
                    Envelope env = grid.boundary().getEnvelopeInternal();
                    String estate = ESTATES[geo.nextInt(ESTATES.length)];
                    boolean complex = estate.endsWith("广场") || estate.endsWith("市场") || estate.endsWith("大厦");
                    int k = complex ? 1 : 2 + geo.nextInt(4);
                    List<Envelope> placed = new ArrayList<>();
                    int made = 0;
                    for (int attempt = 0; attempt < 200 && made < k; attempt++) {
                        double w = r7(0.0004 + geo.nextDouble() * 0.0006);
                        double h = r7(0.0003 + geo.nextDouble() * 0.0005);
                        double x = r7(env.getMinX() + geo.nextDouble() * Math.max(0, env.getWidth() - w));
                        double y = r7(env.getMinY() + geo.nextDouble() * Math.max(0, env.getHeight() - h));
                        Envelope b = new Envelope(x, r7(x + w), y, r7(y + h));
                        Geometry rect = gf.toGeometry(b);
                        if (!pg.containsProperly(rect)) {
                            continue;
                        }
                        Envelope margin = new Envelope(b);
                        margin.expandBy(0.0001);
                        if (placed.stream().anyMatch(margin::intersects)) {
                            continue;
                        }
                        placed.add(b);
                        made++;
                        String name = complex ? estate : estate + made + "栋";
                        add(buildings, grid.code() + String.format("%03d", made), grid.code(), "BUILDING", "BASE",
                                name, complex ? "COMPLEX" : "RESIDENTIAL", rect);
                    }
                }
            }
        }

        void buildOverlays() {
            // 镇南工业城 (沙坪街道): the seed's park with 48 enterprises
            String shaping = cc + "001";
            AreaRow zhennan = villageNamed(shaping, "镇南村");
            Geometry zn = reduce(intersection(centre(zhennan).buffer(0.011, 16), byCode.get(shaping).boundary()));
            AreaRow park = add(villages, shaping + "901", shaping, "VILLAGE", "INDUSTRIAL_PARK", "镇南工业城", "PARK",
                    zn);
            List<AreaRow> parkGrids = cover(park, shaping);
            orgs.add(new OrgRow(cc + "-PARK-ZN", "镇南工业城管理办公室", "COMMUNITY_ORG", park.code(), null));
            orgs.add(new OrgRow(cc + "-001-PS-ZN", "镇南工业城警务站", "POLICE_STATION", park.code(),
                    cc + "-001-PS"));
            PreparedGeometry pzn = PreparedGeometryFactory.prepare(zn);
            Set<String> names = new HashSet<>();
            for (int i = 1; i <= 48; i++) {
                String name;
                do {
                    name = "鹤山市" + BRAND[org.nextInt(BRAND.length)] + BRAND[org.nextInt(BRAND.length)]
                            + INDUSTRY[org.nextInt(INDUSTRY.length)] + "有限公司";
                } while (!names.add(name));
                Envelope env = zn.getEnvelopeInternal();
                String gridCode = null;
                while (gridCode == null) {
                    Point p = gf.createPoint(new Coordinate(env.getMinX() + org.nextDouble() * env.getWidth(),
                            env.getMinY() + org.nextDouble() * env.getHeight()));
                    if (pzn.contains(p)) {
                        for (AreaRow g : parkGrids) {
                            if (g.boundary().contains(p)) {
                                gridCode = g.code();
                                break;
                            }
                        }
                    }
                }
                orgs.add(new OrgRow(cc + String.format("-ENT-%03d", i), name, "ENTERPRISE", gridCode,
                        cc + "-PARK-ZN"));
            }

            // 鹤山工业城 (共和镇): the park with the labour-dispute platform (人社+法院+工会)
            String gonghe = cc + "106";
            Geometry hs = reduce(intersection(gf.createPoint(siteOf(TOWNS.get(6))).buffer(0.02, 16),
                    byCode.get(gonghe).boundary()));
            AreaRow hsPark = add(villages, gonghe + "901", gonghe, "VILLAGE", "INDUSTRIAL_PARK", "鹤山工业城", "PARK", hs);
            cover(hsPark, gonghe);
            orgs.add(new OrgRow(cc + "-PARK-HS", "鹤山工业城管理委员会", "COMMUNITY_ORG", hsPark.code(), null));
            orgs.add(new OrgRow(cc + "-106-MED-LAB", "鹤山工业城“人社+法院+工会”劳动争议化解平台", "MEDIATION",
                    hsPark.code(), cc + "-106-CTR"));
            orgs.add(new OrgRow(cc + "-106-MED-CE", "中欧（江门）中小企业国际合作区劳动关系联动中心", "MEDIATION",
                    gonghe, cc + "-106-CTR"));

            // 西江 river waters along the county edge of 古劳镇
            String gulao = cc + "103";
            Geometry river = reduce(intersection(outline.getBoundary().buffer(0.005, 8),
                    byCode.get(gulao).boundary()));
            AreaRow riverArea = add(villages, gulao + "901", gulao, "VILLAGE", "MARITIME", "西江鹤山段水域", "RIVER",
                    river);
            cover(riverArea, gulao);

            // police defense zones of 中山派出所 (沙坪街道): 2 zones, 11 grids, 243 micro-grids, as in the seed
            Set<String> taken = new HashSet<>();
            List<AreaRow> yuetang = nearestGrids(shaping, centre(villageNamed(shaping, "越塘村")), 6, taken);
            List<AreaRow> zhennanGrids = nearestGrids(shaping, centre(zhennan), 5, taken);
            zone(shaping + "902", "越塘防区", yuetang, 121);
            zone(shaping + "903", "镇南防区", zhennanGrids, 122);
        }

        void zone(String code, String name, List<AreaRow> zoneGrids, int microGrids) {
            Geometry union = reduce(UnaryUnionOp.union(zoneGrids.stream().map(AreaRow::boundary).toList()));
            AreaRow zone = add(villages, code, code.substring(0, 9), "VILLAGE", "POLICE_ZONE", name, "DEFENSE_ZONE",
                    union);
            for (AreaRow g : zoneGrids) {
                coverage.add(new CoverageRow(zone.code(), g.code()));
            }
            List<Geometry> cells = new ArrayList<>();
            int per = microGrids / zoneGrids.size();
            int extra = microGrids - per * zoneGrids.size();
            for (int i = 0; i < zoneGrids.size(); i++) {
                Geometry gg = zoneGrids.get(i).boundary();
                int n = per + (i < extra ? 1 : 0);
                List<Coordinate> sites = sample(PreparedGeometryFactory.prepare(gg), gg.getEnvelopeInternal(), n,
                        0.6 * Math.sqrt(gg.getArea() / n), List.of());
                cells.addAll(lloyd(sites, 0, gg, 1));
            }
            List<Geometry> ordered = readingOrder(cells);
            for (int i = 0; i < ordered.size(); i++) {
                add(grids, code + String.format("%03d", i + 1), code, "MICRO_GRID", "POLICE_ZONE",
                        name + "第" + (i + 1) + "微网格", "MICRO_GRID", ordered.get(i));
            }
        }

        List<AreaRow> cover(AreaRow overlay, String townCode) {
            List<AreaRow> covered = new ArrayList<>();
            PreparedGeometry po = PreparedGeometryFactory.prepare(overlay.boundary());
            for (AreaRow g : grids) {
                if (g.level().equals("GRID") && g.code().startsWith(townCode) && po.intersects(g.boundary())
                        && intersection(overlay.boundary(), g.boundary()).getArea() > g.boundary().getArea() * 0.02) {
                    covered.add(g);
                    coverage.add(new CoverageRow(overlay.code(), g.code()));
                }
            }
            return covered;
        }

        List<AreaRow> nearestGrids(String townCode, Point p, int n, Set<String> taken) {
            List<AreaRow> list = grids.stream()
                    .filter(g -> g.level().equals("GRID") && g.code().startsWith(townCode) && !taken.contains(g.code()))
                    .sorted(Comparator.comparingDouble((AreaRow g) -> g.boundary().distance(p))
                            .thenComparing(AreaRow::code))
                    .limit(n).sorted(Comparator.comparing(AreaRow::code)).toList();
            list.forEach(g -> taken.add(g.code()));
            return list;
        }

        AreaRow villageNamed(String townCode, String name) {
            return villages.stream().filter(v -> v.parentCode().equals(townCode) && v.name().equals(name))
                    .findFirst().orElseThrow();
        }

        Point centre(AreaRow a) {
            return gf.createPoint(new Coordinate(a.centroidLon(), a.centroidLat()));
        }

        Coordinate siteOf(Town t) {
            Envelope env = outline.getEnvelopeInternal();
            return new Coordinate(CENTER_LON + t.u() * env.getWidth() / 2 * 0.8,
                    CENTER_LAT + t.v() * env.getHeight() / 2 * 0.8);
        }

        /** Random points in the region, at least about {@code minDist} apart (relaxed when the region is full). */
        List<Coordinate> sample(PreparedGeometry region, Envelope env, int n, double minDist, List<Coordinate> avoid) {
            List<Coordinate> out = new ArrayList<>();
            double d = minDist;
            int fails = 0;
            while (out.size() < n) {
                Coordinate c = new Coordinate(env.getMinX() + geo.nextDouble() * env.getWidth(),
                        env.getMinY() + geo.nextDouble() * env.getHeight());
                if (!region.contains(gf.createPoint(c))) {
                    continue;
                }
                boolean close = false;
                for (Coordinate o : out) {
                    close |= o.distance(c) < d;
                }
                for (Coordinate o : avoid) {
                    close |= o.distance(c) < d * 0.7;
                }
                if (close) {
                    if (++fails > 200) {
                        d *= 0.85;
                        fails = 0;
                    }
                    continue;
                }
                out.add(c);
            }
            return out;
        }

        /** Voronoi cells of the sites clipped to the region, moving the sites after {@code fixed} to their cells'
         *  centroids {@code rounds} times. */
        List<Geometry> lloyd(List<Coordinate> sites, int fixed, Geometry region, int rounds) {
            List<Coordinate> current = new ArrayList<>(sites);
            List<Geometry> cells = voronoi(current, region);
            for (int r = 0; r < rounds; r++) {
                for (int i = fixed; i < current.size(); i++) {
                    Point c = cells.get(i).getCentroid();
                    if (region.contains(c)) {
                        current.set(i, c.getCoordinate());
                    }
                }
                cells = voronoi(current, region);
            }
            return cells;
        }
    }

    // ------------------------------------------------------------------------------------- organisations, people

    private AreaRow add(List<AreaRow> list, String code, String parent, String level, String kind, String name,
                        String subtype, Geometry boundary, Map<String, AreaRow> index) {
        Geometry g = reduce(boundary);
        Point c = g.getCentroid();
        if (!g.contains(c)) {
            c = g.getInteriorPoint();
        }
        AreaRow row = new AreaRow(code, parent, level, kind, name, subtype, g, geoJson.write(g), round(c.getX()),
                round(c.getY()));
        list.add(row);
        index.put(code, row);
        return row;
    }

    /** The Voronoi cell of each site (same order), clipped to the region. */
    List<Geometry> voronoi(List<Coordinate> sites, Geometry region) {
        if (sites.size() == 1) {
            return List.of(region);
        }
        VoronoiDiagramBuilder vb = new VoronoiDiagramBuilder();
        vb.setSites(sites);
        Envelope clip = new Envelope(region.getEnvelopeInternal());
        clip.expandBy(Math.max(clip.getWidth(), clip.getHeight()));
        vb.setClipEnvelope(clip);
        Geometry diagram = vb.getDiagram(gf);
        Geometry[] bySite = new Geometry[sites.size()];
        for (int i = 0; i < diagram.getNumGeometries(); i++) {
            Geometry cell = diagram.getGeometryN(i);
            Coordinate site = (Coordinate) cell.getUserData();
            for (int j = 0; j < sites.size(); j++) {
                if (sites.get(j).equals2D(site)) {
                    bySite[j] = cell;
                }
            }
        }
        List<Geometry> out = new ArrayList<>();
        for (int j = 0; j < bySite.length; j++) {
            if (bySite[j] == null) {
                throw new IllegalStateException("no Voronoi cell for site " + sites.get(j));
            }
            out.add(reduce(intersection(bySite[j], region)));
        }
        return out;
    }

    Geometry intersection(Geometry a, Geometry b) {
        return polygonal(OverlayNGRobust.overlay(a, b, OverlayNG.INTERSECTION));
    }

    /** Rounds to 1e-7 degrees keeping the geometry valid; keeps only polygons. */
    Geometry reduce(Geometry g) {
        return polygonal(GeometryPrecisionReducer.reduce(g, PM));
    }

    Geometry polygonal(Geometry g) {
        if (g instanceof Polygon || g instanceof org.locationtech.jts.geom.MultiPolygon) {
            return g;
        }
        @SuppressWarnings("unchecked")
        List<Polygon> polys = PolygonExtracter.getPolygons(g);
        return polys.size() == 1 ? polys.get(0) : gf.createMultiPolygon(polys.toArray(Polygon[]::new));
    }

    /** West→east, north→south: rows by latitude from the north, each row from the west. */
    static List<Geometry> readingOrder(List<Geometry> cells) {
        int n = cells.size();
        if (n <= 1) {
            return List.copyOf(cells);
        }
        List<Geometry> byLat = new ArrayList<>(cells);
        byLat.sort(Comparator.comparingDouble((Geometry g) -> -g.getCentroid().getY())
                .thenComparingDouble(g -> g.getCentroid().getX()));
        int rows = (int) Math.ceil(Math.sqrt(n));
        int perRow = (int) Math.ceil((double) n / rows);
        List<Geometry> out = new ArrayList<>();
        for (int i = 0; i < n; i += perRow) {
            List<Geometry> row = new ArrayList<>(byLat.subList(i, Math.min(n, i + perRow)));
            row.sort(Comparator.comparingDouble((Geometry g) -> g.getCentroid().getX())
                    .thenComparingDouble(g -> -g.getCentroid().getY()));
            out.addAll(row);
        }
        return out;
    }

    static double round(double v) {
        return Math.round(v * 1e7) / 1e7;
    }

    static double r7(double v) {
        return Math.round(v * 1e7) / 1e7;
    }

    /** Synthetic people: Chinese names, ID numbers of the county with a valid check digit, mobile numbers. */
    static final class People {
        private static final String[] SURNAMES = {"陈", "陈", "陈", "李", "李", "黄", "黄", "梁", "梁", "吴", "冯", "冯",
                "张", "林", "何", "罗", "区", "麦", "谭", "邓", "叶", "易", "温", "胡", "刘", "杨", "周", "郑", "莫",
                "余", "关", "钟", "朱", "徐", "苏", "卢", "伍", "容", "司徒", "欧阳", "吕", "骆", "源", "宋", "袁"};
        private static final String MALE = "伟强志明俊杰健国华军斌辉荣锦家浩文永德嘉振耀炳汉树锐展鹏宇智成达伦卓海超彬";
        private static final String FEMALE = "丽敏静燕婷芳玲霞娟慧美雪琳洁彩红秀晓颖欣淑月凤桂嫦少玉宝佩咏诗雅";
        private static final String[] MOBILE = {"130", "131", "132", "134", "135", "136", "137", "138", "139",
                "150", "151", "152", "155", "156", "157", "158", "159", "166", "176", "177", "180", "181", "182",
                "183", "186", "187", "188", "189", "191", "198", "199"};

        private final String region;
        private final Random random;
        private final Set<String> ids = new HashSet<>();
        private final Set<String> phones = new HashSet<>();

        People(String region, Random random) {
            this.region = region;
            this.random = random;
        }

        PersonRow next(String areaCode) {
            boolean male = random.nextInt(100) < 55;
            String pool = male ? MALE : FEMALE;
            StringBuilder name = new StringBuilder(SURNAMES[random.nextInt(SURNAMES.length)]);
            int given = random.nextInt(100) < 80 ? 2 : 1;
            for (int i = 0; i < given; i++) {
                name.append(pool.charAt(random.nextInt(pool.length())));
            }
            String id;
            do {
                int year = 1962 + random.nextInt(42);
                int month = 1 + random.nextInt(12);
                int day = 1 + random.nextInt(28);
                int seq = random.nextInt(500) * 2 + (male ? 1 : 0);
                String first17 = String.format("%s%04d%02d%02d%03d", region, year, month, day, seq);
                id = first17 + IdNumbers.checkCharacter(first17);
            } while (!ids.add(id));
            String phone;
            do {
                phone = MOBILE[random.nextInt(MOBILE.length)] + String.format("%08d", random.nextInt(100_000_000));
            } while (!phones.add(phone));
            return new PersonRow(name.toString(), male ? "M" : "F", id, phone, areaCode);
        }
    }
}
