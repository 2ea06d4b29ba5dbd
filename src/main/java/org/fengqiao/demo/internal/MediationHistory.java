package org.fengqiao.demo.internal;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import org.fengqiao.demo.DemoAccounts;
import org.fengqiao.geography.AreaDirectory;
import org.fengqiao.geography.AreaView;
import org.fengqiao.mediation.DisputeCommand;
import org.fengqiao.mediation.DisputeState;
import org.fengqiao.mediation.DisputeView;
import org.fengqiao.mediation.DisputeWorkflow;
import org.fengqiao.mediation.Disputes;
import org.fengqiao.mediation.MediationMenu;
import org.fengqiao.mediation.MenuViews;
import org.fengqiao.mediation.NewDispute;
import org.fengqiao.mediation.PublicMediation;
import org.fengqiao.mediation.Tier;
import org.fengqiao.people.RoleAssignments;
import org.fengqiao.platform.CurrentUser;
import org.fengqiao.platform.DataScope;
import org.fengqiao.platform.DemoTime;
import org.fengqiao.platform.IdNumbers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A year of disputes in the demo county, written through the real mediation facades ({@link Disputes},
 * {@link DisputeWorkflow}, {@link PublicMediation}) as the people who would take each step — grid workers and
 * intake clerks register, the parties choose or the town's mediator takes a dispute up, the chosen mediator accepts
 * or declines, the town's leader handles warnings, the court's liaison records judicial confirmation — at backdated
 * times ({@link DemoTime}), so tiers, deadlines on the working calendar, warnings, timelines, audit and indicators
 * are what the workflow produces. Every type and tier with outcomes; steps whose time has not come are not taken.
 * One transaction per dispute; deterministic for a seed.
 */
@Component
public class MediationHistory {

    private static final Logger log = LoggerFactory.getLogger(MediationHistory.class);
    private static final ZoneId ZONE = org.fengqiao.platform.CountyTime.ZONE;

    /** What was written. */
    public record Summary(int disputes, int ended, int settled, int escalations, int agreements, int confirmed,
                         int warnings, int failed, long millis) {
    }

    private final Disputes disputes;
    private final DisputeWorkflow workflow;
    private final MediationMenu menu;
    private final PublicMediation publicMediation;
    private final RoleAssignments roles;
    private final AreaDirectory areas;
    private final TransactionTemplate tx;
    private final java.time.Clock clock;

    MediationHistory(Disputes disputes, DisputeWorkflow workflow, MediationMenu menu, PublicMediation publicMediation,
                     RoleAssignments roles, AreaDirectory areas, PlatformTransactionManager transactions,
                     java.time.Clock clock) {
        this.clock = clock;
        this.disputes = disputes;
        this.workflow = workflow;
        this.menu = menu;
        this.publicMediation = publicMediation;
        this.roles = roles;
        this.areas = areas;
        this.tx = new TransactionTemplate(transactions);
    }

    private record Kind(String type, int weight, String[] matters, int minPeople, int maxPeople, int minAmount,
                        int maxAmount) {
    }

    private static final List<Kind> KINDS = List.of(
            new Kind("LABOUR", 20, new String[] {"拖欠%d名工人%d个月工资", "工地拖欠%d名农民工工资，已%d个月未发放",
                    "解除劳动合同未支付经济补偿，涉及%d人，拖欠%d个月"}, 2, 40, 8_000, 360_000),
            new Kind("NEIGHBOUR", 25, new String[] {"楼上装修漏水，双方%d户就维修费用争执%d次",
                    "相邻宅基地滴水檐边界争议，涉及%d户，已争执%d年", "夜间噪音扰民引发口角，%d户居民多次投诉%d次"}, 2, 6, 0,
                    20_000),
            new Kind("FAMILY", 15, new String[] {"%d名子女就老人赡养费分担发生争执，已%d个月未付",
                    "离婚后子女抚养费纠纷，涉及%d人，拖欠%d个月", "家庭财产分割纠纷，%d名兄弟姐妹争执%d年"}, 2, 6, 0,
                    200_000),
            new Kind("LAND_PROPERTY", 10, new String[] {"土地承包经营权流转纠纷，涉及%d户，租金拖欠%d年",
                    "房屋买卖过户纠纷，%d方当事人，拖延%d个月"}, 2, 12, 10_000, 500_000),
            new Kind("CONTRACT_DEBT", 12, new String[] {"货款纠纷，%d家单位之间拖欠货款%d个月",
                    "民间借贷纠纷，%d名当事人，逾期%d个月未还"}, 2, 4, 5_000, 300_000),
            new Kind("CONSUMER", 8, new String[] {"预付卡门店关闭，%d名会员要求退费，已%d周",
                    "装修质量纠纷，%d户业主与装修公司争执%d个月"}, 2, 30, 2_000, 80_000),
            new Kind("TRAFFIC", 6, new String[] {"交通事故损害赔偿纠纷，%d人受伤，治疗%d周"}, 2, 4, 5_000, 120_000),
            new Kind("MEDICAL", 2, new String[] {"医疗费用及后续治疗纠纷，%d名家属，已%d个月"}, 2, 6, 10_000, 150_000),
            new Kind("OTHER", 2, new String[] {"公共区域使用纠纷，涉及%d户，持续%d个月"}, 2, 10, 0, 10_000));

    private static final String[] THREATS = {"一方情绪激动，扬言要报复对方", "申请人扬言要到政府门口拉横幅",
            "有工人扬言要堵路讨薪"};

    /** Who acts in a town. */
    private record Town(String code, String name, MediationDemo.Actor clerk, MediationDemo.Actor mediator,
                        MediationDemo.Actor leader, List<String> grids) {
    }

    private record Cast(MediationDemo.Actor countyDispatcher, MediationDemo.Actor court, Map<String, Town> towns,
                        List<Town> townList, Map<Long, MediationDemo.Actor> linked,
                        Map<String, MenuViews.SiteView> siteByName, List<MenuViews.SiteView> sites,
                        List<String> parkGrids, Map<Long, List<MenuViews.RoomView>> rooms) {
    }

    public Summary generate(String county, long seed, int count, int days) {
        long started = System.nanoTime();
        Cast cast = cast(county);
        Random rnd = new Random(seed ^ 0x7A11_D15EL);
        Instant now = Instant.now(clock);
        Instant from = now.minus(Duration.ofDays(days));
        List<Instant> times = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            times.add(time(from, now.minus(Duration.ofHours(2)), rnd));
        }
        times.sort(null);
        int[] c = new int[8]; // disputes, ended, settled, escalations, agreements, confirmed, warnings, failed
        Map<Long, List<Instant[]>> booked = new HashMap<>();
        for (int i = 0; i < times.size(); i++) {
            long lifeSeed = rnd.nextLong();
            Instant t0 = times.get(i);
            int index = i;
            try {
                tx.executeWithoutResult(s -> life(cast, new Random(lifeSeed), t0, now, index, c, booked));
            } catch (RuntimeException e) {
                c[7]++;
                if (c[7] <= 3) {
                    log.warn("Demo dispute {} skipped", index, e);
                } else {
                    log.debug("Demo dispute {} skipped: {}", index, e.toString());
                }
            }
        }
        Summary s = new Summary(c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7],
                (System.nanoTime() - started) / 1_000_000);
        log.info("Demo mediation history for {}: {} disputes, {} ended ({} settled), {} escalations, {} agreements,"
                        + " {} confirmed by the court, {} warnings, {} skipped, in {} ms", county, s.disputes(),
                s.ended(), s.settled(), s.escalations(), s.agreements(), s.confirmed(), s.warnings(), s.failed(),
                s.millis());
        return s;
    }

    private static Instant time(Instant from, Instant to, Random rnd) {
        long span = to.toEpochMilli() - from.toEpochMilli();
        for (int tries = 0; ; tries++) {
            ZonedDateTime z = Instant.ofEpochMilli(from.toEpochMilli() + (long) (rnd.nextDouble() * span)).atZone(ZONE);
            if (z.getDayOfWeek().getValue() >= 6 && rnd.nextInt(4) != 0 && tries < 5) {
                continue;
            }
            Instant t = z.withHour(8 + rnd.nextInt(10)).withMinute(rnd.nextInt(60)).toInstant();
            if (t.isAfter(from) && t.isBefore(to)) {
                return t;
            }
        }
    }

    private static boolean due(Instant t, Instant now) {
        return t.isBefore(now.minus(Duration.ofMinutes(5)));
    }

    private static Duration hours(Random rnd, int min, int max) {
        return Duration.ofMinutes(60L * min + rnd.nextInt(Math.max(1, 60 * (max - min))));
    }

    private void life(Cast cast, Random rnd, Instant t0, Instant now, int index, int[] c,
                      Map<Long, List<Instant[]>> booked) {
        Kind kind = pick(rnd);
        Town town;
        String grid;
        boolean park = kind.type().equals("LABOUR") && rnd.nextInt(100) < 45 && !cast.parkGrids().isEmpty();
        if (park) {
            grid = cast.parkGrids().get(rnd.nextInt(cast.parkGrids().size()));
            town = cast.towns().get(grid.substring(0, 9));
        } else {
            int r = rnd.nextInt(100);
            String county = cast.townList().getFirst().code().substring(0, 6);
            // 沙坪街道 (the seat) and 共和镇 (grid B's town) see the most disputes, as in the seeds
            Town seat = cast.towns().get(county + DemoAccounts.SHAPING_CODE.substring(6));
            Town gonghe = cast.towns().get(county + DemoAccounts.GRID_B_CODE.substring(6, 9));
            String gridB = county + DemoAccounts.GRID_B_CODE.substring(6);
            town = r < 30 && seat != null ? seat : r < 45 && gonghe != null ? gonghe
                    : cast.townList().get(rnd.nextInt(cast.townList().size()));
            grid = rnd.nextInt(100) < 4 && town.grids().contains(gridB) ? gridB
                    : town.grids().get(rnd.nextInt(town.grids().size()));
        }
        int people = kind.minPeople() + (int) Math.floor(Math.pow(rnd.nextDouble(), 3)
                * (kind.maxPeople() - kind.minPeople() + 1));
        BigDecimal amount = kind.maxAmount() == 0 ? null : BigDecimal.valueOf(kind.minAmount()
                + (long) (Math.pow(rnd.nextDouble(), 2) * (kind.maxAmount() - kind.minAmount())) / 100 * 100);
        String matter = String.format(Locale.ROOT, kind.matters()[rnd.nextInt(kind.matters().length)], people,
                1 + rnd.nextInt(6));
        String description = matter + (amount == null ? "。" : "，涉及金额约" + amount.toPlainString() + "元。")
                + "当事人请求调解。";
        String applicantName = MediationDemo.SURNAMES[rnd.nextInt(MediationDemo.SURNAMES.length)]
                + MediationDemo.GIVEN[rnd.nextInt(MediationDemo.GIVEN.length)];
        String phone = "13" + (5 + rnd.nextInt(5)) + String.format(Locale.ROOT, "%08d", rnd.nextInt(100_000_000));
        String respondent = kind.type().equals("LABOUR") ? "鹤山市" + MediationDemo.SURNAMES[rnd.nextInt(5)] + "氏五金制品有限公司"
                : MediationDemo.SURNAMES[rnd.nextInt(MediationDemo.SURNAMES.length)]
                + MediationDemo.GIVEN[rnd.nextInt(MediationDemo.GIVEN.length)];
        String language = rnd.nextInt(3) == 0 ? "CANTONESE" : null;
        List<NewDispute.NewParty> parties = List.of(
                new NewDispute.NewParty("APPLICANT", "PERSON", applicantName, idNumber(rnd, town.code()), phone, null,
                        Math.max(1, people - 1), null),
                new NewDispute.NewParty("RESPONDENT", kind.type().equals("LABOUR") ? "ORGANISATION" : "PERSON",
                        respondent, null, null, null, 1, null));
        // registered: by the grid worker, the town's clerk or mediator, or the party by the QR code
        int how = rnd.nextInt(100);
        DisputeView d;
        String title = matter.length() > 40 ? matter.substring(0, 40) : matter;
        if (how < 10) {
            MenuViews.SiteView station = cast.siteByName().get(town.name() + "综治中心解纷站");
            if (station == null) {
                return;
            }
            long id = at(t0, null, () -> publicMediation.start(station.code(), new PublicMediation.Start(
                    kind.type(), description, amount, people, applicantName, phone, respondent, language,
                    "demo-" + index, null, null), "10.8." + index / 250 + "." + index % 250)).disputeId();
            d = at(t0, town.mediator(), () -> disputes.find(id));
        } else {
            MediationDemo.Actor registrar = how < 50 ? gridWorker(grid) : how < 85 ? town.clerk() : town.mediator();
            if (registrar == null) {
                registrar = town.clerk();
            }
            MenuViews.SiteView start = park && rnd.nextInt(100) < 70 ? enterpriseSite(cast, grid) : null;
            d = at(t0, registrar, () -> disputes.register(new NewDispute(kind.type(), title, description, amount,
                    people, grid, null, rnd.nextInt(10) < 7 ? "SIMPLE" : rnd.nextInt(3) == 0 ? "DIFFICULT" : "COMPLEX",
                    language, start == null ? null : start.tier().name(), start == null ? null : start.id(), parties)));
        }
        c[0]++;
        At after = handleWarnings(town, d, t0, now, rnd, c);
        d = after.d();
        Instant t = after.t().plus(hours(rnd, 1, 6));
        MediationDemo.Actor m = town.mediator();
        // escalate while the tier fails; now and then hand down. Every fortieth dispute is a hard one that climbs to
        // the top tier (the county's joint mediation), so that a year's history always shows every tier: by chance
        // alone (≈1 % of disputes) a year of 160 sometimes had none
        boolean hard = c[0] % 40 == 0;
        while (d.state() != DisputeState.CLOSED && !d.tier().highest()) {
            int fails = switch (d.tier()) {
                case ENTERPRISE_VILLAGE -> 35;
                case STATION_COMMUNITY -> 20;
                default -> kind.type().equals("LAND_PROPERTY") || d.amount() != null
                        && d.amount().compareTo(BigDecimal.valueOf(250_000)) > 0 ? 35 : 12;
            };
            if (rnd.nextInt(100) >= fails && !hard) {
                break;
            }
            t = t.plus(hours(rnd, 20, 70));
            if (!due(t, now)) {
                return;
            }
            Long siteId = park && d.tier() == Tier.ENTERPRISE_VILLAGE && cast.siteByName().containsKey("镇南工业城警务站")
                    ? cast.siteByName().get("镇南工业城警务站").id() : null;
            DisputeView before = d;
            d = at(t, m, () -> workflow.act(before.id(), null, new DisputeCommand.Escalate(siteId,
                    escalationReason(before.tier(), rnd))));
            c[3]++;
            after = handleWarnings(town, d, t, now, rnd, c);
            d = after.d();
            t = after.t();
        }
        if (d.tier().ordinal() >= Tier.POLICE_TOWN.ordinal() && rnd.nextInt(100) < 4) {
            t = t.plus(hours(rnd, 4, 30));
            if (!due(t, now)) {
                return;
            }
            DisputeView before = d;
            d = at(t, m, () -> workflow.act(before.id(), null, new DisputeCommand.HandDown(null,
                    "事实清楚、争议不大，交由下一层级就地调解")));
        }
        // the mediator: chosen from the menu (by the party or by staff for them), or the site mediates itself
        t = t.plus(hours(rnd, 2, 30));
        if (!due(t, now)) {
            return;
        }
        d = mediator(cast, town, d, t, now, rnd);
        if (d == null || d.state() != DisputeState.MEDIATING) {
            return;
        }
        // one or two sessions
        int sessions = 1 + (rnd.nextInt(100) < 30 ? 1 : 0);
        for (int s = 0; s < sessions; s++) {
            t = t.plus(hours(rnd, 18, 80));
            Instant start = t.atZone(ZONE).withHour(rnd.nextBoolean() ? 9 : 14).withMinute(30).toInstant();
            if (!due(start.minus(Duration.ofDays(2)), now)) {
                return;
            }
            DisputeView before = d;
            Long room = room(cast, d, start, booked, rnd);
            Instant bookAt = start.minus(Duration.ofDays(1)).isBefore(t) ? t : start.minus(Duration.ofDays(1));
            d = at(bookAt, m, () -> workflow.act(before.id(), null,
                    new DisputeCommand.BookSession(room, room == null ? "当事人所在村（居）委会" : null, start,
                            start.plus(Duration.ofMinutes(90)))));
            Instant end = start.plus(Duration.ofMinutes(100));
            if (!due(end, now)) {
                return;
            }
            long sessionId = d.sessions().stream().filter(x -> "BOOKED".equals(x.status())).findFirst().orElseThrow()
                    .id();
            String record = "双方陈述事实和理由，调解员释法说理"
                    + (rnd.nextInt(100) < 3 ? "；" + THREATS[rnd.nextInt(THREATS.length)] : "")
                    + (s + 1 < sessions ? "，约定再次调解。" : "，双方初步达成一致意见。");
            DisputeView booked2 = d;
            d = at(end, m, () -> workflow.act(booked2.id(), null, new DisputeCommand.HoldSession(sessionId,
                    "申请人、被申请人、调解员" + (rnd.nextBoolean() ? "、社区民警" : ""), null, record)));
            after = handleWarnings(town, d, end, now, rnd, c);
            d = after.d();
            t = after.t();
        }
        // the outcome
        t = t.plus(hours(rnd, 1, 30));
        if (!due(t, now)) {
            return;
        }
        int o = rnd.nextInt(100);
        DisputeView before = d;
        if (o < 82) {
            boolean partial = o >= 78;
            LocalDate deadline = t.atZone(ZONE).toLocalDate().plusDays(5 + rnd.nextInt(25));
            d = at(t, m, () -> workflow.act(before.id(), null, new DisputeCommand.DraftAgreement(partial,
                    before.description(), "双方就" + before.title() + "的金额、方式和期限存在争议。",
                    "双方均有一定责任，被申请人负主要责任。", terms(before, rnd), "银行转账或当面支付", deadline)));
            Instant signed = t.plus(hours(rnd, 1, 4));
            if (!due(signed, now)) {
                return;
            }
            DisputeView drafted = d;
            d = at(signed, m, () -> workflow.act(drafted.id(), null, new DisputeCommand.SignAgreement(
                    "各方当事人签名捺印，调解员签名并加盖调解委员会印章")));
            c[1]++;
            c[4]++;
            if (!partial) {
                c[2]++;
            }
            followUp(cast, town, d, signed, deadline, now, rnd, c);
        } else {
            String outcome = o < 89 ? "NOT_SETTLED" : o < 95 ? "WITHDRAWN" : o < 98 ? "REFERRED_TO_COURT"
                    : "REFERRED_TO_ARBITRATION";
            String why = switch (outcome) {
                case "NOT_SETTLED" -> "双方对金额分歧过大，经多次调解未能达成协议，已告知诉讼途径";
                case "WITHDRAWN" -> "双方自行和解，申请人撤回调解申请";
                case "REFERRED_TO_COURT" -> "当事人坚持通过诉讼解决，已引导至法院诉讼服务中心";
                default -> "属劳动争议仲裁范围，已引导申请劳动仲裁";
            };
            d = at(t, m, () -> workflow.act(before.id(), null, new DisputeCommand.RecordOutcome(outcome, why)));
            c[1]++;
        }
    }

    private DisputeView mediator(Cast cast, Town town, DisputeView d, Instant t, Instant now, Random rnd) {
        MediationDemo.Actor m = town.mediator();
        if (rnd.nextInt(100) < 45) {
            List<MenuViews.Suggestion> offered = at(t, m, () -> disputes.suggestions(d.id()));
            if (!offered.isEmpty()) {
                MenuViews.Suggestion pick = offered.get(Math.min(offered.size() - 1,
                        rnd.nextInt(100) < 70 ? 0 : rnd.nextInt(Math.min(3, offered.size()))));
                DisputeView chosen;
                if (d.trackingCode() != null && rnd.nextInt(100) < 35) {
                    at(t, null, () -> {
                        workflow.chooseByParty(d.id(), pick.mediator().id(), "party:" + d.trackingCode());
                        return null;
                    });
                    chosen = at(t, m, () -> disputes.find(d.id()));
                } else {
                    chosen = at(t, m, () -> workflow.act(d.id(), null,
                            new DisputeCommand.ChooseMediator(pick.mediator().id())));
                }
                Instant answer = t.plus(hours(rnd, 1, 20));
                if (!due(answer, now)) {
                    return chosen;
                }
                MediationDemo.Actor responder = pick.mediator().personId() == null ? m
                        : cast.linked().getOrDefault(pick.mediator().personId(), m);
                if (rnd.nextInt(100) < 8) {
                    String[] codes = {"NO_CAPACITY", "CONFLICT_OF_INTEREST", "UNAVAILABLE", "OUTSIDE_SPECIALTY"};
                    String code = codes[rnd.nextInt(codes.length)];
                    DisputeView declined = at(answer, responder, () -> workflow.act(d.id(), null,
                            new DisputeCommand.Decline(code, switch (code) {
                                case "NO_CAPACITY" -> "本月在办案件较多，无法保证调解时间";
                                case "CONFLICT_OF_INTEREST" -> "与被申请人系亲属，依法回避";
                                case "UNAVAILABLE" -> "近期外出培训";
                                default -> "该类纠纷非本人擅长领域，建议选择更合适的调解员";
                            })));
                    Instant retake = answer.plus(hours(rnd, 1, 10));
                    return due(retake, now) ? at(retake, m, () -> workflow.act(declined.id(), null,
                            new DisputeCommand.TakeUp("由站点安排调解员"))) : declined;
                }
                return at(answer, responder, () -> workflow.act(d.id(), null, new DisputeCommand.Accept(null)));
            }
        }
        return at(t, m, () -> workflow.act(d.id(), null, new DisputeCommand.TakeUp(null)));
    }

    private void followUp(Cast cast, Town town, DisputeView d, Instant signed, LocalDate deadline, Instant now,
                          Random rnd, int[] c) {
        MediationDemo.Actor m = town.mediator();
        DisputeView cur = d;
        if (rnd.nextInt(100) < 30) {
            Instant apply = signed.plus(Duration.ofDays(2 + rnd.nextInt(18)));
            long court = cast.court().assignments().getFirst().organisationId();
            if (due(apply, now)) {
                cur = at(apply, m, () -> workflow.act(d.id(), null, new DisputeCommand.ApplyConfirmation(court,
                        "双方当事人共同申请")));
                Instant accept = apply.plus(Duration.ofDays(1 + rnd.nextInt(4)));
                if (due(accept, now)) {
                    String number = "(" + accept.atZone(ZONE).getYear() + ")粤0784民特" + (100 + d.id()) + "号";
                    cur = at(accept, cast.court(), () -> workflow.act(d.id(), null,
                            new DisputeCommand.CourtAccept(true, number, null)));
                    Instant decide = accept.plus(Duration.ofDays(5 + rnd.nextInt(10)));
                    if (due(decide, now)) {
                        boolean ok = rnd.nextInt(100) < 96;
                        cur = at(decide, cast.court(), () -> workflow.act(d.id(), null, new DisputeCommand.CourtDecide(
                                ok, ok ? "协议内容合法有效，裁定确认" : "协议部分条款违反法律规定，驳回申请")));
                        if (ok) {
                            c[5]++;
                        }
                    }
                }
            }
        }
        Instant perf = deadline.plusDays(1).atTime(10, 0).atZone(ZONE).toInstant();
        if (due(perf, now) && rnd.nextInt(100) < 85) {
            int p = rnd.nextInt(100);
            String performance = p < 88 ? "PERFORMED" : p < 96 ? "PARTLY_PERFORMED" : "NOT_PERFORMED";
            cur = at(perf, m, () -> workflow.act(d.id(), null, new DisputeCommand.RecordPerformance(performance,
                    performance.equals("PERFORMED") ? null : "已督促履行，剩余部分约定月底前付清")));
        }
        Instant callback = signed.plus(Duration.ofDays(30 + rnd.nextInt(5)));
        if (due(callback, now) && rnd.nextInt(100) < 90) {
            int r = rnd.nextInt(100);
            String result = r < 94 ? "HOLDING" : r < 97 ? "NOT_HOLDING" : "UNREACHABLE";
            at(callback, m, () -> workflow.act(d.id(), null, new DisputeCommand.CallBack(
                    result, result.equals("NOT_HOLDING") ? "对方未按约定付款，已告知可申请强制执行或起诉" : "电话回访")));
        }
    }

    /** A dispute and the time its life has reached. */
    private record At(DisputeView d, Instant t) {
    }

    /**
     * The town's leader, named on the warnings, acknowledges each open warning soon after it was raised and handles
     * it well within its deadline (the seeds report 100%); the dispute's life goes on after that.
     */
    private At handleWarnings(Town town, DisputeView d, Instant t, Instant now, Random rnd, int[] c) {
        DisputeView cur = d;
        Instant latest = t;
        for (DisputeView.Warning w : d.warnings()) {
            if (!w.open()) {
                continue;
            }
            c[6]++;
            long ackWindow = Duration.between(w.raisedAt(), w.ackDue()).toMinutes();
            Instant ack = w.raisedAt().plus(Duration.ofMinutes(5 + rnd.nextInt((int) Math.max(1, ackWindow / 2))));
            if (!due(ack, now)) {
                continue;
            }
            DisputeView before = cur;
            if ("RAISED".equals(w.state())) {
                cur = at(ack, town.leader(), () -> workflow.act(before.id(), null,
                        new DisputeCommand.AcknowledgeWarning(w.id(), "已签收，立即部署")));
            }
            long window = Duration.between(w.raisedAt(), w.handleDue()).toMinutes();
            Instant handled = w.raisedAt().plus(Duration.ofMinutes((long) (window * (0.3 + 0.5 * rnd.nextDouble()))));
            if (handled.isBefore(ack)) {
                handled = ack.plus(Duration.ofMinutes(5));
            }
            if (!due(handled, now)) {
                continue;
            }
            DisputeView acked = cur;
            cur = at(handled, town.leader(), () -> workflow.act(acked.id(), null, new DisputeCommand.HandleWarning(
                    w.id(), "约谈当事人稳控情绪，联合派出所、人社等部门跟进，风险已化解")));
            latest = handled.isAfter(latest) ? handled : latest;
        }
        return new At(cur, latest);
    }

    private static String escalationReason(Tier tier, Random rnd) {
        return switch (tier) {
            case ENTERPRISE_VILLAGE -> rnd.nextBoolean() ? "厂方（村里）协商未果，双方分歧较大" : "当事人不接受村（厂）调解意见";
            case STATION_COMMUNITY -> rnd.nextBoolean() ? "站点调解未果，涉及人数多、金额大" : "需多部门联合调处";
            default -> "镇级层面难以化解，提请县级统筹调处";
        };
    }

    private static String terms(DisputeView d, Random rnd) {
        if (d.amount() == null) {
            return "一、双方互谅互让，不再就此事发生争执。\n二、被申请人于约定期限内完成整改并向申请人赔礼道歉。";
        }
        BigDecimal agreed = d.amount().multiply(BigDecimal.valueOf(80 + rnd.nextInt(21))).divide(
                BigDecimal.valueOf(100), 0, java.math.RoundingMode.HALF_UP);
        return "一、被申请人向申请人支付人民币" + agreed.toPlainString() + "元。\n二、款项付清后，双方就本纠纷再无其他争议。";
    }

    private Long room(Cast cast, DisputeView d, Instant start, Map<Long, List<Instant[]>> booked, Random rnd) {
        if (d.siteId() == null) {
            return null;
        }
        Instant end = start.plus(Duration.ofMinutes(90));
        for (MenuViews.RoomView r : cast.rooms().getOrDefault(d.siteId(), List.of())) {
            List<Instant[]> taken = booked.computeIfAbsent(r.id(), k -> new ArrayList<>());
            if (taken.stream().noneMatch(x -> x[0].isBefore(end) && start.isBefore(x[1]))) {
                taken.add(new Instant[] {start, end});
                return r.id();
            }
        }
        return null;
    }

    private static String idNumber(Random rnd, String town) {
        String first17 = town.substring(0, 6) + String.format(Locale.ROOT, "%04d%02d%02d%03d", 1955 + rnd.nextInt(50),
                1 + rnd.nextInt(12), 1 + rnd.nextInt(28), rnd.nextInt(1000));
        return first17 + IdNumbers.checkCharacter(first17);
    }

    private static Kind pick(Random rnd) {
        int total = KINDS.stream().mapToInt(Kind::weight).sum();
        int x = rnd.nextInt(total);
        for (Kind k : KINDS) {
            x -= k.weight();
            if (x < 0) {
                return k;
            }
        }
        return KINDS.getFirst();
    }

    private MenuViews.SiteView enterpriseSite(Cast cast, String grid) {
        return cast.sites().stream().filter(s -> s.tier() == Tier.ENTERPRISE_VILLAGE && s.areaCode().equals(grid))
                .findFirst().orElse(null);
    }

    // ---- the cast ----

    private MediationDemo.Actor actor(RoleAssignments.Holder h, String name) {
        return new MediationDemo.Actor(h.personId(), name, h.name(), roles.postsOf(h.personId()));
    }

    private MediationDemo.Actor first(String role, String area, boolean exactArea, String name) {
        return roles.holdersCovering(role, area).stream().filter(h -> !exactArea || h.areaCode().equals(area))
                .findFirst().map(h -> actor(h, name)).orElse(null);
    }

    private MediationDemo.Actor gridWorker(String grid) {
        return first("GRID_WORKER", grid, true, "demo.grid." + grid);
    }

    private Cast cast(String county) {
        MediationDemo.Actor dispatcher = first("DISPATCHER", county, true, "demo.county.dispatcher");
        MediationDemo.Actor court = first("COURT_LIAISON", county, true,
                county.equals(DemoAccounts.COUNTY_CODE) ? "court" : "demo.court." + county);
        MediationDemo.Actor countyLeader = first("LEADER", county, true, "demo.county.leader");
        if (dispatcher == null || court == null || countyLeader == null) {
            throw new IllegalStateException("County " + county + " lacks a dispatcher, leader or court liaison");
        }
        Map<String, Town> towns = new HashMap<>();
        List<Town> list = new ArrayList<>();
        Map<Long, MediationDemo.Actor> linked = new HashMap<>();
        for (AreaView t : areas.atLevel("TOWN", DataScope.of(county))) {
            MediationDemo.Actor mediator = first("MEDIATOR", t.code(), true, t.code().equals(DemoAccounts.SHAPING_CODE)
                    ? "mediator" : "demo.mediator." + t.code());
            List<String> grids = areas.atLevel("GRID", DataScope.of(t.code())).stream()
                    .filter(a -> "BASE".equals(a.kind())).map(AreaView::code).toList();
            Town town = new Town(t.code(), t.name(), first("INTAKE_CLERK", t.code(), true, "demo.clerk." + t.code()),
                    mediator, first("LEADER", t.code(), true, "demo.leader." + t.code()), grids);
            if (mediator == null || town.leader() == null || grids.isEmpty()) {
                continue;
            }
            towns.put(t.code(), town);
            list.add(town);
            linked.put(mediator.personId(), mediator);
        }
        List<MenuViews.SiteView> sites = at(Instant.now(clock), countyLeader, menu::sites);
        Map<String, MenuViews.SiteView> byName = new HashMap<>();
        sites.forEach(s -> byName.put(s.name(), s));
        Map<Long, List<MenuViews.RoomView>> rooms = new HashMap<>();
        at(Instant.now(clock), countyLeader, () -> menu.rooms(null)).forEach(r ->
                rooms.computeIfAbsent(r.siteId(), k -> new ArrayList<>()).add(r));
        // linked mediators on the menu answer for themselves
        for (MenuViews.MediatorView mv : at(Instant.now(clock), countyLeader, () -> menu.mediators(MediationMenu.Filter.NONE))) {
            if (mv.personId() != null && !linked.containsKey(mv.personId())) {
                List<CurrentUser.Assignment> posts = roles.postsOf(mv.personId());
                if (!posts.isEmpty()) {
                    linked.put(mv.personId(), new MediationDemo.Actor(mv.personId(), "demo.mediator." + mv.personId(),
                            mv.name(), posts));
                }
            }
        }
        List<String> parkGrids = sites.stream().filter(s -> s.tier() == Tier.ENTERPRISE_VILLAGE
                && s.kind().name().equals("ENTERPRISE")).map(MenuViews.SiteView::areaCode).distinct().toList();
        return new Cast(dispatcher, court, towns, list, linked, byName, sites, parkGrids, rooms);
    }

    /** Runs work as {@code who} (nobody for a party) at time {@code t}. */
    private static <T> T at(Instant t, CurrentUser.User who, java.util.function.Supplier<T> work) {
        var context = org.springframework.security.core.context.SecurityContextHolder.getContext();
        var previous = context.getAuthentication();
        context.setAuthentication(who == null ? null
                : new org.springframework.security.authentication.UsernamePasswordAuthenticationToken(who, "n/a",
                List.of()));
        try {
            return DemoTime.at(t, work);
        } finally {
            context.setAuthentication(previous);
        }
    }
}
