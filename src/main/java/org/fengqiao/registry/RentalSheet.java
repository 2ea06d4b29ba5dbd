package org.fengqiao.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
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
import org.fengqiao.platform.IdNumbers;

/**
 * The rental housing (出租屋) workbook: one row per let room, naming a room already in the registry by its building's
 * (or grid's) area code, unit and room number — a row without a unit whose room number exists in several units is
 * ambiguous and refused, never guessed — and its landlord (ID and phone checked, stored encrypted with a blind index by
 * {@link RegistryBulk#writeImportedRentals}). Duplicates are refused: the same room twice in the file, or a room that
 * is already registered as let.
 */
final class RentalSheet {

    static final String SHEET = "出租屋";
    static final String[] HEADERS = {"区域代码(楼栋或网格)*", "单元", "室号/门牌号*", "房东类型", "房东姓名或单位名称*",
            "房东公民身份号码", "房东联系电话", "出租方式*", "出租间数", "床位数", "登记日期"};
    static final int AREA = 0, UNIT = 1, ROOM = 2, LKIND = 3, LNAME = 4, LID = 5, LPHONE = 6, KIND = 7, ROOMS = 8,
            BEDS = 9, ON = 10;

    static final Map<String, String> LANDLORD_KINDS = Map.of("个人", "PERSON", "单位", "ORGANISATION");
    static final Map<String, String> KINDS = Map.of("整租", "WHOLE", "合租", "SHARED", "集体宿舍", "DORMITORY");

    /** An active room of the registry, with its current rental registration (null when it has none). */
    record RoomRef(long id, String areaCode, String unit, String room, Long rentalId) {
    }

    /** What the checks need from outside. */
    interface Context {
        /** The level of an active area, or null when there is none. */
        String levelOf(String areaCode);

        /** The active rooms in these areas, with their current rentals, in one query. */
        List<RoomRef> roomsIn(Collection<String> areaCodes);
    }

    record Result(int rows, List<HouseholdSheet.Problem> problems, List<RegistryBulk.RentalRow> goodRows) {
        int invalidRows() {
            return (int) problems.stream().map(HouseholdSheet.Problem::row).distinct().count();
        }
    }

    private RentalSheet() {
    }

    static Result read(InputStream xlsx, DataScope scope, LocalDate today, Context context, IntConsumer progress)
            throws IOException {
        List<HouseholdSheet.Line> lines = SheetRows.read(xlsx, SHEET, HEADERS, Set.of(ON), "rental housing",
                progress);
        return check(lines, scope, today, context);
    }

    static Result check(List<HouseholdSheet.Line> lines, DataScope scope, LocalDate today, Context context) {
        List<HouseholdSheet.Problem> problems = new ArrayList<>();
        Map<String, String> levels = new HashMap<>();
        for (HouseholdSheet.Line l : lines) {
            if (l.get(AREA) != null) {
                levels.computeIfAbsent(l.get(AREA), a -> Objects.requireNonNullElse(context.levelOf(a), ""));
            }
        }
        // the rooms of the areas named (in scope), looked up once, by area and room number
        Set<String> areasInScope = new HashSet<>();
        levels.forEach((a, level) -> {
            if (!level.isEmpty() && scope.covers(a)) {
                areasInScope.add(a);
            }
        });
        Map<String, List<RoomRef>> byRoom = new HashMap<>();
        if (!areasInScope.isEmpty()) {
            for (RoomRef r : context.roomsIn(areasInScope)) {
                byRoom.computeIfAbsent(r.areaCode() + "|" + r.room(), k -> new ArrayList<>()).add(r);
            }
        }
        record Row(HouseholdSheet.Line line, RoomRef room, RegistryBulk.RentalRow rental) {
        }
        List<Row> checked = new ArrayList<>();
        Map<Long, List<Integer>> rowsOfRoom = new HashMap<>();
        for (HouseholdSheet.Line l : lines) {
            int before = problems.size();
            String area = l.get(AREA);
            if (area == null) {
                problems.add(new HouseholdSheet.Problem(l.row(), HEADERS[AREA], "required", null));
            } else {
                String level = levels.get(area);
                if (level.isEmpty()) {
                    problems.add(new HouseholdSheet.Problem(l.row(), HEADERS[AREA], "no such area", area));
                } else if (!level.equals("BUILDING") && !Rooms.HOUSE_LEVELS.contains(level)) {
                    problems.add(new HouseholdSheet.Problem(l.row(), HEADERS[AREA], "not a building or grid", area));
                } else if (!scope.covers(area)) {
                    problems.add(new HouseholdSheet.Problem(l.row(), HEADERS[AREA], "outside your area", area));
                }
            }
            String unit = SheetRows.optional(l, UNIT, HEADERS, 10, problems);
            String roomNo = SheetRows.required(l, ROOM, HEADERS, 20, problems);
            String landlordKind = code(l, LKIND, LANDLORD_KINDS, problems);
            landlordKind = landlordKind == null ? "PERSON" : landlordKind;
            String name = SheetRows.required(l, LNAME, HEADERS, 120, problems);
            String id = null;
            if (l.get(LID) != null) {
                id = IdNumbers.normaliseId(l.get(LID));
                if (id == null || !IdNumbers.isValidId(id)) {
                    problems.add(new HouseholdSheet.Problem(l.row(), HEADERS[LID],
                            "not a valid citizen ID number (length or check digit)", l.get(LID)));
                    id = null;
                } else if ("ORGANISATION".equals(landlordKind)) {
                    problems.add(new HouseholdSheet.Problem(l.row(), HEADERS[LID],
                            "an organisation landlord has no citizen ID number", l.get(LID)));
                }
            }
            String phone = SheetRows.phone(l, LPHONE, HEADERS, problems);
            String kind = code(l, KIND, KINDS, problems);
            if (l.get(KIND) == null) {
                problems.add(new HouseholdSheet.Problem(l.row(), HEADERS[KIND], "required", null));
            }
            Integer rooms = SheetRows.number(l, ROOMS, HEADERS, 0, 999, problems);
            Integer beds = SheetRows.number(l, BEDS, HEADERS, 0, 9999, problems);
            LocalDate on = null;
            if (l.get(ON) != null) {
                try {
                    on = LocalDate.parse(l.get(ON));
                    if (on.isAfter(today) || on.isBefore(LocalDate.of(1950, 1, 1))) {
                        problems.add(new HouseholdSheet.Problem(l.row(), HEADERS[ON], "lies in the future or before"
                                + " 1950", l.get(ON)));
                    }
                } catch (DateTimeParseException e) {
                    problems.add(new HouseholdSheet.Problem(l.row(), HEADERS[ON], "not a date (YYYY-MM-DD)",
                            l.get(ON)));
                }
            }
            // the room: exactly one active room of the registry, never a guess
            RoomRef room = null;
            if (problems.size() == before) {
                List<RoomRef> candidates = byRoom.getOrDefault(area + "|" + roomNo, List.of()).stream()
                        .filter(r -> unit == null || unit.equals(r.unit())).toList();
                if (unit == null && candidates.size() > 1) {
                    List<RoomRef> withoutUnit = candidates.stream().filter(r -> r.unit() == null).toList();
                    candidates = withoutUnit.size() == 1 ? withoutUnit : candidates;
                }
                if (candidates.isEmpty()) {
                    problems.add(new HouseholdSheet.Problem(l.row(), HEADERS[ROOM], "no such room in the registry:"
                            + " register the room (or import its households) first",
                            (unit == null ? "" : unit + "单元 ") + roomNo));
                } else if (candidates.size() > 1) {
                    problems.add(new HouseholdSheet.Problem(l.row(), HEADERS[UNIT], "ambiguous: room " + roomNo
                            + " exists in units " + candidates.stream().map(r -> Objects.toString(r.unit(), "-"))
                            .sorted().toList() + "; give the unit", roomNo));
                } else if (candidates.getFirst().rentalId() != null) {
                    problems.add(new HouseholdSheet.Problem(l.row(), HEADERS[ROOM], "duplicate: already registered as"
                            + " rental housing (rental " + candidates.getFirst().rentalId() + ")", roomNo));
                } else {
                    room = candidates.getFirst();
                }
            }
            if (room != null) {
                rowsOfRoom.computeIfAbsent(room.id(), k -> new ArrayList<>()).add(checked.size());
                checked.add(new Row(l, room, new RegistryBulk.RentalRow(room.id(), room.areaCode(), landlordKind,
                        name, id, phone, kind, rooms, beds, on == null ? today : on)));
            }
        }
        // the same room twice in the file
        Set<Integer> dropped = new HashSet<>();
        for (List<Integer> same : rowsOfRoom.values()) {
            if (same.size() > 1) {
                List<Integer> rowNumbers = same.stream().map(i -> checked.get(i).line().row()).toList();
                for (int i : same) {
                    HouseholdSheet.Line l = checked.get(i).line();
                    problems.add(new HouseholdSheet.Problem(l.row(), HEADERS[ROOM], "duplicate in the file: the same"
                            + " room is on rows " + rowNumbers, l.get(ROOM)));
                    dropped.add(i);
                }
            }
        }
        Set<Integer> badRows = new HashSet<>();
        problems.forEach(p -> badRows.add(p.row()));
        List<RegistryBulk.RentalRow> good = new ArrayList<>();
        for (int i = 0; i < checked.size(); i++) {
            if (!dropped.contains(i) && !badRows.contains(checked.get(i).line().row())) {
                good.add(checked.get(i).rental());
            }
        }
        problems.sort(java.util.Comparator.comparingInt(HouseholdSheet.Problem::row));
        return new Result(lines.size(), problems, good);
    }

    private static String code(HouseholdSheet.Line l, int col, Map<String, String> labels,
                               List<HouseholdSheet.Problem> problems) {
        String v = l.get(col);
        if (v == null) {
            return null;
        }
        String c = HouseholdSheet.codeOf(v, labels);
        if (c == null) {
            problems.add(new HouseholdSheet.Problem(l.row(), HEADERS[col], "not one of " + labels.keySet(), v));
        }
        return c;
    }

    static void template(OutputStream out) throws IOException {
        SheetRows.template(out, SHEET, HEADERS, new String[] {"440784001001001001", "1", "301", "个人", "陈房东", "",
                "13800138000", "整租", "2", "4", ""}, new String[][] {
                {"每行一处出租屋。房屋须已在登记中（可先导入住户与居民）；带 * 的列必填。"},
                {"区域代码", "楼栋或网格的区域代码（见“实有人口与房屋”页）"},
                {"单元", "同一楼栋多个单元有相同室号时必须填写，否则该行报错"},
                {"房东类型", String.join("、", LANDLORD_KINDS.keySet()) + "（空则为个人）"},
                {"出租方式", String.join("、", KINDS.keySet())},
                {"房东公民身份号码、电话", "请设为文本格式，以免位数丢失；保存时加密"},
                {"登记日期", "YYYY-MM-DD，空则为导入当天"}});
    }
}
