package org.fengqiao.mediation;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

import org.fengqiao.mediation.MenuViews.MediatorInput;
import org.fengqiao.mediation.MenuViews.RoomInput;
import org.fengqiao.mediation.MenuViews.SiteInput;
import org.fengqiao.platform.Role;
import org.fengqiao.support.TestUsers;

/** Test data for mediation: sites, mediators, rooms and disputes with unique names, made through the facades. */
final class MediationTestKit {

    static final String COUNTY = "440784";
    static final String SHAPING = "440784001";
    static final String GRID_A = "440784001001001";

    /** Keeps the menu of the whole county (a county leader). */
    static final TestUsers.User KEEPER = TestUsers.user("kit.keeper").holding(Role.LEADER, COUNTY).build();
    /** A mediator of 沙坪街道. */
    static final TestUsers.User SHAPING_MEDIATOR = TestUsers.user("kit.mediator").holding(Role.MEDIATOR, SHAPING)
            .build();

    private final MediationMenu menu;
    private final Disputes disputes;
    final String tag = UUID.randomUUID().toString().substring(0, 8);

    MediationTestKit(MediationMenu menu, Disputes disputes) {
        this.menu = menu;
        this.disputes = disputes;
    }

    long site(Tier tier, String kind, String area, String name) {
        return KEEPER.call(() -> menu.createSite(new SiteInput(name + " " + tag, kind, tier.name(), null, area,
                "测试地址")));
    }

    long mediator(String name, String kind, Long site, String area, List<String> specialties, List<String> langs,
                  Long personId) {
        return KEEPER.call(() -> menu.createMediator(new MediatorInput(name + " " + tag, kind, "测试", site, null, area,
                specialties, langs, null, "AVAILABLE", 5, personId)));
    }

    long room(long site, String kind) {
        return KEEPER.call(() -> menu.createRoom(new RoomInput(site, "房间 " + tag + " " + kind, kind, 10)));
    }

    static NewDispute.NewParty worker(String name, String id, String phone, int represents) {
        return new NewDispute.NewParty("APPLICANT", "PERSON", name, id, phone, null, represents, null);
    }

    static NewDispute.NewParty company(String name) {
        return new NewDispute.NewParty("RESPONDENT", "ORGANISATION", name, null, "0750-8888888", null, 1, null);
    }

    DisputeView register(TestUsers.User who, String area, String type, String title, BigDecimal amount, int people,
                         Long siteId, Tier tier, List<NewDispute.NewParty> parties) {
        return who.call(() -> disputes.register(new NewDispute(type, title + " " + tag, "测试纠纷：" + title, amount,
                people, area, "测试地点", null, "CANTONESE", tier == null ? null : tier.name(), siteId, parties)));
    }

    /** A valid resident ID number of the county (GB 11643 check character computed). */
    static String idNumber(int serial) {
        String first17 = "440784" + "19850312" + String.format("%03d", serial % 1000);
        return first17 + org.fengqiao.platform.IdNumbers.checkCharacter(first17);
    }
}
