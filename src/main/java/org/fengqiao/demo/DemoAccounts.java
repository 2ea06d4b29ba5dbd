package org.fengqiao.demo;

import java.util.List;
import java.util.Optional;

/**
 * The demo accounts the demo county comes with: one per role, all with the same password {@link #PASSWORD} and
 * without the forced password change, so a first look needs no set-up. They exist only where the demo county was
 * loaded (the embedded database by default); real accounts are created through account administration and must
 * change their initial password.
 */
public final class DemoAccounts {

    /** The one password of every demo account. Never use it outside a demo. */
    public static final String PASSWORD = "Fengqiao@2026";

    /** The demo county: 鹤山市. */
    public static final String COUNTY_CODE = "440784";
    /** 沙坪街道. */
    public static final String SHAPING_CODE = "440784001";
    /** Grid A: the first grid of 凤凰社区, 沙坪街道. */
    public static final String GRID_A_CODE = "440784001001001";
    /** Grid B: the first grid of 南庄村, 共和镇. */
    public static final String GRID_B_CODE = "440784106200001";

    /**
     * A demo account.
     *
     * @param username    login name
     * @param role        the role it holds (a role name as in role_assignment.role)
     * @param scopeCode   the area code its role is scoped to (its data scope)
     * @param workerType  FULL_TIME / PART_TIME / PROFESSIONAL for grid workers, else null
     * @param descriptionZh what it is, in Chinese
     * @param descriptionEn what it is, in English
     */
    public record DemoAccount(String username, String role, String scopeCode, String workerType,
                              String descriptionZh, String descriptionEn) {
    }

    public static final List<DemoAccount> ALL = List.of(
            new DemoAccount("county.intake", "INTAKE_CLERK", COUNTY_CODE, null,
                    "鹤山市综治中心 受理员", "County governance center intake clerk"),
            new DemoAccount("county.dispatcher", "DISPATCHER", COUNTY_CODE, null,
                    "鹤山市综治中心 派单员", "County governance center dispatcher"),
            new DemoAccount("county.shiftlead", "SHIFT_LEAD", COUNTY_CODE, null,
                    "鹤山市综治中心 值班长", "County governance center shift lead"),
            new DemoAccount("county.leader", "LEADER", COUNTY_CODE, null,
                    "鹤山市综治中心 领导", "County governance center leader"),
            new DemoAccount("shaping.intake", "INTAKE_CLERK", SHAPING_CODE, null,
                    "沙坪街道综治中心 受理员", "Shaping street center intake clerk"),
            new DemoAccount("shaping.leader", "LEADER", SHAPING_CODE, null,
                    "沙坪街道综治中心 领导", "Shaping street center leader"),
            new DemoAccount("grid.a", "GRID_WORKER", GRID_A_CODE, "FULL_TIME",
                    "专职网格员（沙坪街道凤凰社区第1网格）", "Full-time grid worker, grid A (Shaping, Fenghuang)"),
            new DemoAccount("grid.b", "GRID_WORKER", GRID_B_CODE, "FULL_TIME",
                    "专职网格员（共和镇南庄村第1网格）", "Full-time grid worker, grid B (Gonghe, Nanzhuang)"),
            new DemoAccount("police.a", "COMMUNITY_POLICE", GRID_A_CODE, null,
                    "社区民警·副网格长（网格A）", "Community police, deputy grid leader of grid A"),
            new DemoAccount("dept.market", "DEPARTMENT_HANDLER", COUNTY_CODE, null,
                    "鹤山市市场监督管理局 承办人", "Department handler, market regulation bureau"),
            new DemoAccount("mediator", "MEDIATOR", SHAPING_CODE, null,
                    "沙坪街道解纷站 调解员", "Mediator, Shaping street dispute-resolution station"),
            new DemoAccount("court", "COURT_LIAISON", COUNTY_CODE, null,
                    "鹤山市人民法院 司法确认联络员", "Court liaison for judicial confirmation, Heshan people's court"),
            new DemoAccount("rider", "VOLUNTEER_REPORTER", SHAPING_CODE, null,
                    "“骑行侠·码上帮”骑手（志愿上报员）", "Delivery rider, volunteer reporter"),
            new DemoAccount("sysadmin", "SYSTEM_ADMIN", COUNTY_CODE, null,
                    "系统管理员", "System administrator"),
            new DemoAccount("secadmin", "SECURITY_ADMIN", COUNTY_CODE, null,
                    "安全管理员", "Security administrator"),
            new DemoAccount("auditor", "AUDITOR", COUNTY_CODE, null,
                    "安全审计员", "Security auditor"));

    private DemoAccounts() {
    }

    public static Optional<DemoAccount> byUsername(String username) {
        return ALL.stream().filter(a -> a.username().equals(username)).findFirst();
    }
}
