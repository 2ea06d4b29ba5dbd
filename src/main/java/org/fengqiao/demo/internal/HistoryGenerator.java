package org.fengqiao.demo.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;

import org.fengqiao.cases.CaseCommand;
import org.fengqiao.cases.CaseManagement;
import org.fengqiao.cases.CaseView;
import org.fengqiao.geography.GridLocator;
import org.fengqiao.intake.ReportChannel;
import org.fengqiao.intake.ReportIntake;
import org.fengqiao.intake.SubmitReport;
import org.fengqiao.platform.CurrentUser;
import org.fengqiao.platform.DataScope;
import org.fengqiao.platform.DemoTime;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.io.geojson.GeoJsonReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes about three months of reports and cases into a loaded county, deterministically for a seed, through the
 * real facades ({@link ReportIntake}, {@link CaseManagement}): each step runs as the staff member who would take it
 * (a principal in the security context) at a backdated time ({@link DemoTime}), so rows, timelines, deadlines on
 * the working calendar, notices, audit and indicators are exactly what the workflow itself produces. Steps whose
 * time has not come yet are not taken: recent reports stay pending, dispatched or overdue.
 */
@Component
public class HistoryGenerator {

    private static final Logger log = LoggerFactory.getLogger(HistoryGenerator.class);
    private static final ZoneId ZONE = org.fengqiao.platform.CountyTime.ZONE;

    /** What was written. */
    public record Summary(int reports, int cases, int rejected, int merged, int closed, int ratings, long millis) {
    }

    /** Someone acting in the history. */
    record Actor(long personId, String username, String displayName, List<CurrentUser.Assignment> assignments)
            implements CurrentUser.User {
    }

    /** Categories with weights, descriptions and, for some, a place description. */
    private static final Object[][] CATEGORIES = {
            {"ENV-DUMPING", 16, "路边堆放建筑垃圾，占用人行道", "小区门口垃圾堆积多日无人清运", "河涌边有人倾倒生活垃圾"},
            {"FAC-STREETLIGHT", 12, "路灯不亮，夜间行人不便", "连续三盏路灯损坏", "路灯灯杆倾斜"},
            {"ENV-NOISE", 9, "夜间施工噪音扰民", "商铺音响声音过大", "工厂机器噪音影响居民休息"},
            {"HZD-FIRE", 8, "楼道堆放杂物堵塞消防通道", "出租屋电动车室内充电", "消防栓损坏漏水"},
            {"HZD-TRAFFIC", 8, "路面坑洼积水影响通行", "交通标志被树枝遮挡", "路口井盖松动"},
            {"MKT-UNLICENSED", 6, "无证流动摊贩占道经营", "小作坊无营业执照生产"},
            {"MKT-FOOD", 5, "餐馆后厨卫生条件差", "商店出售过期食品"},
            {"FAC-FITNESS", 5, "公园健身器材损坏存在安全隐患", "小区健身路径器材松脱"},
            {"FAC-POWER", 4, "片区频繁停电", "电线老化垂落"},
            {"SEC-ORDER", 6, "夜间有人聚集滋事", "出租屋人员频繁更换，存在治安隐患"},
            {"DSP-NEIGHBOUR", 7, "邻居装修漏水引发纠纷", "宅基地边界争议"},
            {"DSP-FAMILY", 3, "家庭赡养纠纷需要调解"},
            {"DSP-LABOUR", 5, "工厂拖欠工人工资两个月", "工地农民工讨薪"},
            {"SVC-CARE", 3, "独居老人生活困难需要帮扶", "残疾人家庭申请帮扶"},
            {"OTHER", 3, "公共区域绿化带被毁", "其他需要协调处理的事项"},
    };

    private static final int BATCH = 25;
    /** The newest reports wait in the queue; the next newest cases wait for the department to sign. */
    private static final int NEWEST_PENDING = 5;
    private static final int NEWEST_DISPATCHED = 5;

    private final ReportIntake intake;
    private final CaseManagement cases;
    private final GridLocator locator;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final java.time.Clock clock;

    HistoryGenerator(ReportIntake intake, CaseManagement cases, GridLocator locator, JdbcClient jdbc,
                     PlatformTransactionManager transactions, java.time.Clock clock) {
        this.clock = clock;
        this.intake = intake;
        this.cases = cases;
        this.locator = locator;
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactions);
    }

    private record Grid(String code, Geometry shape, Actor worker) {
    }

    private record Department(long id, String code, Actor handler) {
    }

    /** The cast of a county: who takes which steps. */
    private record Cast(Actor intake, Actor dispatcher, Actor leader, List<Grid> grids, List<Grid> seatGrids,
                        Map<String, Department> departments, List<Department> all) {
    }

    /** Generates {@code reports} reports over the last {@code days} days (ending now) in county {@code county}. */
    public Summary generate(String county, long seed, int reports, int days) {
        long started = System.nanoTime();
        locator.refresh();
        Cast cast = cast(county);
        Random rnd = new Random(seed);
        Instant now = clock.instant();
        Instant from = now.minus(Duration.ofDays(days));
        List<Instant> times = new ArrayList<>();
        for (int i = 0; i < reports; i++) {
            times.add(receivedAt(from, now, rnd));
        }
        times.sort(null);
        int[] counts = new int[6]; // reports, cases, rejected, merged, closed, ratings
        int[] supervised = {0};
        // a batch of reports per transaction: the facades join it, and far fewer commits keep the first start fast
        for (int start = 0; start < times.size(); start += BATCH) {
            List<Instant> batch = times.subList(start, Math.min(times.size(), start + BATCH));
            int first = start;
            tx.executeWithoutResult(s -> {
                for (int k = 0; k < batch.size(); k++) {
                    Instant t0 = batch.get(k);
                    int fromEnd = times.size() - 1 - (first + k);
                    long caseSeed = rnd.nextLong();
                    long age = Duration.between(t0, now).toDays();
                    boolean supervise = supervised[0] < 2 && age >= 5 && age <= 20;
                    if (life(cast, new Random(caseSeed), t0, now, counts, supervise, fromEnd)) {
                        supervised[0]++;
                    }
                }
            });
        }
        long ms = (System.nanoTime() - started) / 1_000_000;
        Summary summary = new Summary(counts[0], counts[1], counts[2], counts[3], counts[4], counts[5], ms);
        log.info("Demo history for {}: {} reports, {} cases, {} rejected, {} merged, {} closed, {} rated in {} ms",
                county, summary.reports(), summary.cases(), summary.rejected(), summary.merged(), summary.closed(),
                summary.ratings(), ms);
        return summary;
    }

    /** A time in working hours, mostly on working days, between from and to. */
    private static Instant receivedAt(Instant from, Instant to, Random rnd) {
        long span = to.toEpochMilli() - from.toEpochMilli();
        for (int tries = 0; ; tries++) {
            Instant day = Instant.ofEpochMilli(from.toEpochMilli() + (long) (rnd.nextDouble() * span));
            ZonedDateTime z = day.atZone(ZONE);
            boolean weekend = z.getDayOfWeek().getValue() >= 6;
            if (weekend && rnd.nextInt(3) != 0 && tries < 5) {
                continue;
            }
            z = z.withHour(8 + rnd.nextInt(11)).withMinute(rnd.nextInt(60)).withSecond(rnd.nextInt(60));
            Instant t = z.toInstant();
            if (t.isBefore(to.minus(Duration.ofMinutes(30))) && t.isAfter(from)) {
                return t;
            }
        }
    }

    /**
     * One report's life. Returns whether the case was supervised by the leader.
     */
    private boolean life(Cast cast, Random rnd, Instant t0, Instant now, int[] counts, boolean mayBeSupervised,
                         int fromEnd) {
        Object[] cat = pickCategory(rnd);
        String category = (String) cat[0];
        String description = (String) cat[2 + rnd.nextInt(cat.length - 2)];
        Grid grid = rnd.nextInt(10) < 3 ? cast.seatGrids().get(rnd.nextInt(cast.seatGrids().size()))
                : cast.grids().get(rnd.nextInt(cast.grids().size()));
        double[] point = pointIn(grid.shape(), rnd);
        int c = rnd.nextInt(100);
        ReportChannel channel = c < 45 ? ReportChannel.PATROL : c < 65 ? ReportChannel.HOTLINE
                : c < 85 ? ReportChannel.COUNTER : ReportChannel.QR;
        String phone = channel == ReportChannel.PATROL ? null
                : "13" + (5 + rnd.nextInt(5)) + String.format(Locale.ROOT, "%08d", rnd.nextInt(100_000_000));
        SubmitReport report = new SubmitReport(channel, category, description, point[0], point[1], grid.code(),
                null, null, phone, List.of(), false);
        long reportId = at(t0, channel == ReportChannel.PATROL ? grid.worker()
                        : channel == ReportChannel.QR ? null : cast.intake(),
                () -> channel == ReportChannel.QR
                        ? intake.submitPublic(report, null, "qr:demo-" + grid.code())
                        : intake.submit(report, null)).report().id();
        counts[0]++;

        // the center decides: most accepted within the limit, some late, a few rejected
        Instant t = t0.plus(minutes(rnd, 5, 100));
        if (rnd.nextInt(100) < 6) {
            t = t.plus(Duration.ofHours(3 + rnd.nextInt(20)));
        }
        if (!due(t, now) || fromEnd < NEWEST_PENDING) {
            return false; // still in the queue
        }
        if (rnd.nextInt(100) < 5) {
            at(t, cast.intake(), () -> {
                cases.reject(reportId, rnd.nextBoolean() ? "不属于受理范围，已告知反映人向相关渠道反映"
                        : "反映内容不明确，无法核实");
                return null;
            });
            counts[2]++;
            return false;
        }
        CaseView kase = at(t, cast.intake(), () -> cases.accept(reportId, null, null));
        counts[1]++;

        // now and then someone else reports the same matter: merged as a duplicate
        if (rnd.nextInt(100) < 6) {
            Instant td = t.plus(minutes(rnd, 10, 90));
            if (due(td.plus(Duration.ofMinutes(30)), now)) {
                double[] near = {point[0] + (rnd.nextDouble() - 0.5) * 1e-4, point[1] + (rnd.nextDouble() - 0.5) * 1e-4};
                SubmitReport dup = new SubmitReport(ReportChannel.HOTLINE, category, "再次反映：" + description,
                        near[0], near[1], grid.code(), null, null,
                        "13" + (5 + rnd.nextInt(5)) + String.format(Locale.ROOT, "%08d", rnd.nextInt(100_000_000)),
                        List.of(), false);
                long dupId = at(td, cast.intake(), () -> intake.submit(dup, null)).report().id();
                at(td.plus(minutes(rnd, 5, 25)), cast.intake(), () -> cases.merge(dupId, kase.id()));
                counts[0]++;
                counts[3]++;
            }
        }

        // dispatch to the category's lead department
        Department lead = leadOf(cast, category, rnd);
        t = t.plus(minutes(rnd, 5, 60));
        if (!due(t, now)) {
            return false;
        }
        long id = kase.id();
        act(t, cast.dispatcher(), id, new CaseCommand.Dispatch(lead.id(), List.of(), "请按时限办理"));
        if (fromEnd < NEWEST_PENDING + NEWEST_DISPATCHED) {
            return false; // waiting for the department to sign
        }
        // a few come back as not theirs and go to another department
        if (rnd.nextInt(100) < 6) {
            t = t.plus(minutes(rnd, 30, 240));
            if (!due(t, now)) {
                return false;
            }
            act(t, lead.handler(), id, new CaseCommand.Return("该事项不属于本部门职责范围，建议转交相关部门"));
            Department other = cast.all().get(rnd.nextInt(cast.all().size()));
            if (other.id() == lead.id()) {
                other = cast.departments().getOrDefault("ZHZF", cast.all().getFirst());
            }
            lead = other;
            t = t.plus(minutes(rnd, 10, 60));
            if (!due(t, now)) {
                return false;
            }
            act(t, cast.dispatcher(), id, new CaseCommand.Dispatch(lead.id(), List.of(), "重新派遣"));
        }
        // sign, mostly in time
        t = t.plus(minutes(rnd, 10, rnd.nextInt(10) == 0 ? 900 : 180));
        if (!due(t, now)) {
            return false;
        }
        CaseView signed = act(t, lead.handler(), id, new CaseCommand.Sign());
        boolean late = rnd.nextInt(100) < 15;
        Instant feedback = late
                ? signed.handleDue().plus(Duration.ofHours(4 + rnd.nextInt(24 * 5)))
                : t.plus(Duration.ofMillis((long) ((0.15 + 0.75 * rnd.nextDouble())
                        * Duration.between(t, signed.handleDue()).toMillis())));
        if (mayBeSupervised && late) {
            // the leader supervises (督办) an overdue case; it is still open
            Instant ts = signed.handleDue().plus(Duration.ofHours(2));
            if (due(ts, now)) {
                act(ts, cast.leader(), id, new CaseCommand.Supervise("超期未办结，请承办部门加快办理"));
                return true;
            }
        }
        if (!due(feedback, now)) {
            return false;
        }
        act(feedback, lead.handler(), id, new CaseCommand.Feedback(feedbackText(category), List.of()));
        // on-site verification by the grid worker; a few fail and are reworked
        t = feedback.plus(minutes(rnd, 60, 60 * 20));
        if (!due(t, now)) {
            return false;
        }
        if (rnd.nextInt(100) < 7) {
            act(t, grid.worker(), id, new CaseCommand.Verify(false, "现场核查未整改到位", List.of()));
            t = t.plus(minutes(rnd, 60 * 4, 60 * 40));
            if (!due(t, now)) {
                return false;
            }
            act(t, lead.handler(), id, new CaseCommand.Feedback("已按核查意见重新整改。" + feedbackText(category),
                    List.of()));
            t = t.plus(minutes(rnd, 60, 60 * 10));
            if (!due(t, now)) {
                return false;
            }
        }
        act(t, grid.worker(), id, new CaseCommand.Verify(true, "现场核查属实，已处置到位", List.of()));
        counts[4]++;
        // callback (回访) one to three days later, most satisfied
        t = t.plus(minutes(rnd, 60 * 20, 60 * 72));
        if (rnd.nextInt(100) < 85 && due(t, now)) {
            int r = rnd.nextInt(100);
            String rating = r < 86 ? "SATISFIED" : r < 94 ? "BASICALLY_SATISFIED" : r < 98 ? "DISSATISFIED"
                    : "UNREACHABLE";
            act(t, cast.intake(), id, new CaseCommand.Rate(rating, "电话回访"));
            counts[5]++;
        }
        return false;
    }

    private static String feedbackText(String category) {
        return switch (category.substring(0, 3)) {
            case "ENV" -> "已组织人员现场清理整治。";
            case "FAC" -> "已安排维修，设施恢复正常。";
            case "HZD" -> "隐患已整改消除。";
            case "MKT" -> "已现场检查并依法处理。";
            case "DSP" -> "已组织双方调解，达成一致意见。";
            case "SEC" -> "已联合派出所现场处置。";
            case "SVC" -> "帮扶措施已落实。";
            default -> "已协调处理完毕。";
        };
    }

    private static boolean due(Instant t, Instant now) {
        return t.isBefore(now.minus(Duration.ofMinutes(1)));
    }

    private static Duration minutes(Random rnd, int min, int max) {
        return Duration.ofMinutes(min + rnd.nextInt(Math.max(1, max - min)));
    }

    private static Object[] pickCategory(Random rnd) {
        int total = 0;
        for (Object[] c : CATEGORIES) {
            total += (Integer) c[1];
        }
        int x = rnd.nextInt(total);
        for (Object[] c : CATEGORIES) {
            x -= (Integer) c[1];
            if (x < 0) {
                return c;
            }
        }
        return CATEGORIES[0];
    }

    private static Department leadOf(Cast cast, String category, Random rnd) {
        String suffix = switch (category) {
            case "DSP-LABOUR" -> "RS";
            case "DSP-NEIGHBOUR", "DSP-FAMILY" -> "SF";
            case "HZD-FIRE" -> "XF";
            case "HZD-TRAFFIC" -> "JT";
            case "ENV-DUMPING", "FAC-STREETLIGHT", "FAC-FITNESS" -> "ZHZF";
            case "ENV-NOISE" -> "STHJ";
            case "MKT-UNLICENSED", "MKT-FOOD" -> "SCJG";
            case "FAC-POWER" -> "GD";
            case "SEC-ORDER" -> "GA";
            case "SVC-CARE" -> "MZ";
            default -> null;
        };
        Department d = suffix == null ? null : cast.departments().get(suffix);
        return d != null ? d : cast.all().get(rnd.nextInt(cast.all().size()));
    }

    private CaseView act(Instant t, Actor who, long caseId, CaseCommand command) {
        return at(t, who, () -> cases.act(caseId, null, command));
    }

    /** Runs work as {@code who} (nobody for a public channel) at time {@code t}. */
    private static <T> T at(Instant t, Actor who, Supplier<T> work) {
        var context = SecurityContextHolder.getContext();
        var previous = context.getAuthentication();
        if (who != null) {
            context.setAuthentication(new UsernamePasswordAuthenticationToken(who, "n/a", List.of()));
        }
        try {
            return DemoTime.at(t, work);
        } finally {
            context.setAuthentication(previous);
        }
    }

    private static double[] pointIn(Geometry shape, Random rnd) {
        Envelope e = shape.getEnvelopeInternal();
        GeometryFactory f = shape.getFactory();
        for (int i = 0; i < 20; i++) {
            double x = round(e.getMinX() + rnd.nextDouble() * e.getWidth());
            double y = round(e.getMinY() + rnd.nextDouble() * e.getHeight());
            // the rounded point itself, and not on the edge: the grid locator must find this grid and no neighbour
            // (a point rounded across the edge was located in the next grid, outside its grid worker's area)
            Point p = f.createPoint(new Coordinate(x, y));
            if (shape.contains(p) && shape.getBoundary().distance(p) > 1e-5) {
                return new double[] {x, y};
            }
        }
        Coordinate c = shape.getInteriorPoint().getCoordinate();
        return new double[] {c.x, c.y};
    }

    private static double round(double v) {
        return Math.round(v * 1e6) / 1e6;
    }

    private Cast cast(String county) {
        record Post(long personId, String role, String areaCode, Long organisationId, String username) {
        }
        List<Post> roles = jdbc.sql("""
                        select r.person_id, r.role, r.area_code, r.organisation_id, a.username
                        from role_assignment r left join account a on a.person_id = r.person_id
                        where r.revoked_at is null and r.area_code like ?
                          and r.role in ('INTAKE_CLERK', 'DISPATCHER', 'LEADER', 'GRID_WORKER', 'DEPARTMENT_HANDLER')
                        order by a.username nulls last, r.person_id""")
                .param(county + "%").query(Post.class).list();
        Map<String, Actor> center = new HashMap<>();
        Map<String, Actor> workers = new HashMap<>();
        Map<Long, Actor> handlers = new HashMap<>();
        for (Post r : roles) {
            String name = r.username() != null ? r.username() : "demo." + r.role().toLowerCase(Locale.ROOT) + "."
                    + r.personId();
            Actor a = new Actor(r.personId(), name, name, List.of(new CurrentUser.Assignment(
                    org.fengqiao.platform.Role.valueOf(r.role()), r.areaCode(), r.organisationId())));
            switch (r.role()) {
                case "GRID_WORKER" -> workers.putIfAbsent(r.areaCode(), a);
                case "DEPARTMENT_HANDLER" -> {
                    if (r.organisationId() != null) {
                        handlers.putIfAbsent(r.organisationId(), a);
                    }
                }
                default -> {
                    if (r.areaCode().equals(county)) {
                        center.putIfAbsent(r.role(), a);
                    }
                }
            }
        }
        record Dept(long id, String code) {
        }
        Map<String, Department> departments = new LinkedHashMap<>();
        for (Dept d : jdbc.sql("""
                        select id, code from organisation where kind = 'DEPARTMENT' and retired_at is null
                        and code like ? order by code""").param(county + "-DEPT-%").query(Dept.class).list()) {
            Actor h = handlers.get(d.id());
            if (h != null) {
                departments.put(d.code().substring(d.code().lastIndexOf('-') + 1), new Department(d.id(), d.code(), h));
            }
        }
        record Shape(String code, String boundary) {
        }
        GeoJsonReader reader = new GeoJsonReader();
        List<Grid> grids = new ArrayList<>();
        for (Shape s : jdbc.sql("""
                        select code, boundary from area where code like ? and level = 'GRID' and kind = 'BASE'
                        and retired_at is null and boundary is not null order by code""")
                .param(county + "%").query(Shape.class).list()) {
            Actor w = workers.get(s.code());
            if (w == null) {
                continue;
            }
            try {
                grids.add(new Grid(s.code(), reader.read(s.boundary()), w));
            } catch (Exception e) {
                log.debug("Grid {} skipped: {}", s.code(), e.getMessage());
            }
        }
        Actor intakeClerk = center.get("INTAKE_CLERK");
        Actor dispatcher = center.get("DISPATCHER");
        Actor leader = center.get("LEADER");
        if (intakeClerk == null || dispatcher == null || leader == null || grids.isEmpty()
                || departments.isEmpty()) {
            throw new IllegalStateException("County " + county + " lacks the staff, grids or departments for a history");
        }
        List<Grid> seat = grids.stream().filter(g -> g.code().startsWith(county + "001")).toList();
        return new Cast(intakeClerk, dispatcher, leader, grids, seat.isEmpty() ? grids : seat, departments,
                List.copyOf(departments.values()));
    }
}
