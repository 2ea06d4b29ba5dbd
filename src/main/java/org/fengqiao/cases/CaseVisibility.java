package org.fengqiao.cases;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.fengqiao.platform.CurrentUser;
import org.fengqiao.platform.Role;

/**
 * Which cases a user sees, per role assignment, as one SQL predicate: an assignment granting
 * {@link CasePermission#READ} shows the cases in its area; a department handler's assignment shows only the cases
 * in its area that its department was dispatched to (to lead or to assist, now or before). Assignments are never
 * combined with each other.
 *
 * @param sql    a predicate over {@code case_file c}; false when nothing is visible
 * @param params its named parameters
 */
record CaseVisibility(String sql, Map<String, Object> params) {

    static CaseVisibility of(CurrentUser.User user) {
        List<String> ors = new ArrayList<>();
        Map<String, Object> params = new LinkedHashMap<>();
        int i = 0;
        for (CurrentUser.Assignment a : user == null ? List.<CurrentUser.Assignment>of() : user.assignments()) {
            if (!CasePermission.READ.grantedTo().contains(a.role())) {
                continue;
            }
            String area = "va" + i;
            params.put(area, a.areaCode() + "%");
            if (a.role() == Role.DEPARTMENT_HANDLER) {
                if (a.organisationId() == null) {
                    continue;
                }
                String org = "vo" + i;
                params.put(org, a.organisationId());
                // every case the department was ever dispatched to (lead or assisting), also after it returned it
                ors.add("(c.area_code like :" + area + " and exists (select 1 from case_dispatch d"
                        + " where d.case_id = c.id and d.org_id = :" + org + "))");
            } else {
                ors.add("c.area_code like :" + area);
            }
            i++;
        }
        return new CaseVisibility(ors.isEmpty() ? "false" : "(" + String.join(" or ", ors) + ")", params);
    }
}
