package org.fengqiao.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.IntConsumer;

import org.fengqiao.platform.DataScope;

/**
 * The enterprises workbook: one row per enterprise, checked by the rules of a single registration — the unified social
 * credit code with its check character ({@link CreditCodes}), an active area inside the importer's scope, the park an
 * industrial park, phones well formed — plus duplicates: the same credit code twice in the file, or a code already
 * registered.
 */
final class EnterpriseSheet {

    static final String SHEET = "企业";
    static final String[] HEADERS = {"统一社会信用代码*", "企业名称*", "组织机构代码", "区域代码(网格)*", "所在园区代码", "地址",
            "行业", "法定代表人", "法定代表人电话", "从业人数", "安全联系人", "安全联系人电话", "重点物品", "组织情况"};
    static final int CODE = 0, NAME = 1, ORG = 2, AREA = 3, PARK = 4, ADDRESS = 5, INDUSTRY = 6, REP = 7,
            REP_PHONE = 8, HEADCOUNT = 9, SAFETY = 10, SAFETY_PHONE = 11, THINGS = 12, ORGS = 13;

    /** What the checks need from outside. */
    interface Context {
        /** The kind of an active area (e.g. INDUSTRIAL_PARK), "" for one without a kind, null when there is none. */
        String kindOf(String areaCode);

        /** Of these credit codes, those registered to an active enterprise, with its id. */
        Map<String, Long> registered(Collection<String> creditCodes);
    }

    record Result(int rows, List<HouseholdSheet.Problem> problems, List<Enterprises.EnterpriseInput> goodRows) {
        int invalidRows() {
            return (int) problems.stream().map(HouseholdSheet.Problem::row).distinct().count();
        }
    }

    private static final String NONE = "\u0000none";

    private EnterpriseSheet() {
    }

    static Result read(InputStream xlsx, DataScope scope, Context context, IntConsumer progress) throws IOException {
        return check(SheetRows.read(xlsx, SHEET, HEADERS, Set.of(), "enterprises", progress), scope, context);
    }

    static Result check(List<HouseholdSheet.Line> lines, DataScope scope, Context context) {
        List<HouseholdSheet.Problem> problems = new ArrayList<>();
        Map<String, String> kinds = new HashMap<>();
        record Row(HouseholdSheet.Line line, Enterprises.EnterpriseInput input) {
        }
        List<Row> checked = new ArrayList<>();
        Map<String, List<Integer>> byCode = new HashMap<>();
        for (HouseholdSheet.Line l : lines) {
            int before = problems.size();
            String code = CreditCodes.normalise(l.get(CODE));
            if (code == null) {
                problems.add(new HouseholdSheet.Problem(l.row(), HEADERS[CODE], "required", null));
            } else if (!CreditCodes.isValid(code)) {
                problems.add(new HouseholdSheet.Problem(l.row(), HEADERS[CODE], "not a valid unified social credit"
                        + " code (18 characters, GB 32100 check character)", l.get(CODE)));
            }
            String name = SheetRows.required(l, NAME, HEADERS, 120, problems);
            String org = SheetRows.optional(l, ORG, HEADERS, 40, problems);
            String area = l.get(AREA);
            if (area == null) {
                problems.add(new HouseholdSheet.Problem(l.row(), HEADERS[AREA], "required", null));
            } else if (NONE.equals(kinds.computeIfAbsent(area,
                    a -> Objects.requireNonNullElse(context.kindOf(a), NONE)))) {
                problems.add(new HouseholdSheet.Problem(l.row(), HEADERS[AREA], "no such area", area));
            } else if (!scope.covers(area)) {
                problems.add(new HouseholdSheet.Problem(l.row(), HEADERS[AREA], "outside your area", area));
            }
            String park = l.get(PARK);
            if (park != null && !"INDUSTRIAL_PARK".equals(kinds.computeIfAbsent(park,
                    p -> Objects.requireNonNullElse(context.kindOf(p), NONE)))) {
                problems.add(new HouseholdSheet.Problem(l.row(), HEADERS[PARK], "no such industrial park", park));
            }
            String address = SheetRows.optional(l, ADDRESS, HEADERS, 200, problems);
            String industry = SheetRows.optional(l, INDUSTRY, HEADERS, 60, problems);
            String rep = SheetRows.optional(l, REP, HEADERS, 60, problems);
            String repPhone = SheetRows.phone(l, REP_PHONE, HEADERS, problems);
            Integer headcount = SheetRows.number(l, HEADCOUNT, HEADERS, 0, 1_000_000, problems);
            String safety = SheetRows.optional(l, SAFETY, HEADERS, 60, problems);
            String safetyPhone = SheetRows.phone(l, SAFETY_PHONE, HEADERS, problems);
            String things = SheetRows.optional(l, THINGS, HEADERS, 1000, problems);
            String orgs = SheetRows.optional(l, ORGS, HEADERS, 1000, problems);
            if (problems.size() == before) {
                byCode.computeIfAbsent(code, k -> new ArrayList<>()).add(checked.size());
                checked.add(new Row(l, new Enterprises.EnterpriseInput(code, name, org, area, park, address, industry,
                        rep, repPhone, headcount == null ? 0 : headcount, safety, safetyPhone, things, orgs)));
            }
        }
        Map<String, Long> registered = byCode.isEmpty() ? Map.of() : context.registered(byCode.keySet());
        Set<Integer> dropped = new HashSet<>();
        for (Map.Entry<String, List<Integer>> e : byCode.entrySet()) {
            List<Integer> same = e.getValue();
            if (same.size() > 1) {
                List<Integer> rowNumbers = same.stream().map(i -> checked.get(i).line().row()).toList();
                for (int i : same) {
                    problems.add(new HouseholdSheet.Problem(checked.get(i).line().row(), HEADERS[CODE],
                            "duplicate in the file: the same credit code is on rows " + rowNumbers, e.getKey()));
                    dropped.add(i);
                }
            } else if (registered.containsKey(e.getKey())) {
                int i = same.getFirst();
                problems.add(new HouseholdSheet.Problem(checked.get(i).line().row(), HEADERS[CODE], "duplicate:"
                        + " already registered (enterprise " + registered.get(e.getKey()) + ")", e.getKey()));
                dropped.add(i);
            }
        }
        List<Enterprises.EnterpriseInput> good = new ArrayList<>();
        for (int i = 0; i < checked.size(); i++) {
            if (!dropped.contains(i)) {
                good.add(checked.get(i).input());
            }
        }
        problems.sort(java.util.Comparator.comparingInt(HouseholdSheet.Problem::row));
        return new Result(lines.size(), problems, good);
    }

    static void template(OutputStream out) throws IOException {
        SheetRows.template(out, SHEET, HEADERS, new String[] {"91440784MA4UP1234E", "台山某某电子有限公司", "",
                "440784001001", "", "某某工业园A栋", "电子制造", "李某", "13800138000", "120", "张某", "13900139000",
                "", ""}, new String[][] {
                {"每行一家企业；带 * 的列必填。统一社会信用代码不能与已登记企业或本表其他行重复。"},
                {"统一社会信用代码", "18 位，按 GB 32100-2015 校验最后一位校验码"},
                {"区域代码", "企业所在网格的区域代码，须在您的管辖范围内"},
                {"所在园区代码", "工业园区的区域代码（可空）"},
                {"从业人数", "0 至 1000000 的整数，空则为 0"},
                {"电话", "手机或固定电话；保存时加密，显示时脱敏"}});
    }
}
