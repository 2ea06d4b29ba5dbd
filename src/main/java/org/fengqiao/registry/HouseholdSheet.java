package org.fengqiao.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.dhatim.fastexcel.reader.Cell;
import org.dhatim.fastexcel.reader.CellType;
import org.dhatim.fastexcel.reader.Row;
import org.fengqiao.platform.DataScope;
import org.fengqiao.platform.InvalidRequestException;
import org.fengqiao.registry.internal.Checks;

/**
 * The households workbook: one row per resident, rows with the same 户编号 (a key of the file's own) forming a
 * household in the room the row names. Read row by row with a streaming reader (dhatim fastexcel), never the whole
 * workbook in memory; every row checked by the same rules as a single registration, plus what only a file can get
 * wrong: a household spread over two rooms, the same ID number twice, an ID number already living elsewhere.
 */
final class HouseholdSheet {

    static final String SHEET = "住户与居民";
    static final String[] HEADERS = {"区域代码(楼栋或网格)*", "单元", "楼层", "室号/门牌号*", "房屋用途", "户编号*", "户别",
            "户号", "户联系电话", "姓名*", "公民身份号码", "性别", "出生日期", "联系方式", "与户主关系*", "人口类别", "户籍地详址",
            "流入原因", "流入日期", "服务处所"};
    static final int AREA = 0, UNIT = 1, FLOOR = 2, ROOM = 3, USE = 4, KEY = 5, KIND = 6, NUMBER = 7, HPHONE = 8,
            NAME = 9, ID = 10, GENDER = 11, BIRTH = 12, PHONE = 13, REL = 14, POP = 15, REGADDR = 16, INFLOW = 17,
            ARRIVED = 18, WORK = 19;
    static final int MAX_ROWS = 200_000;

    static final Map<String, String> USES = Map.of("自住", "SELF_OCCUPIED", "出租", "RENTAL", "商铺", "SHOP", "空置",
            "VACANT", "其他", "OTHER");
    static final Map<String, String> KINDS = Map.of("户籍户", "REGISTERED", "常住户", "RESIDENT", "租住户", "TENANT",
            "集体户", "COLLECTIVE");
    static final Map<String, String> POPULATION = Map.of("户籍人口", "REGISTERED", "流动人口", "FLOATING", "境外人员",
            "FOREIGN");
    static final Map<String, String> INFLOWS = Map.of("务工", "WORK", "经商", "BUSINESS", "就学", "STUDY", "投亲靠友",
            "FAMILY", "其他", "OTHER");
    static final Map<String, String> GENDERS = Map.of("男", "M", "女", "F");

    /** One problem of one row. */
    record Problem(int row, String field, String message, String value) {
    }

    /** A row as read: the cells as text. */
    record Line(int row, String[] cells) {
        String get(int i) {
            return i < cells.length ? cells[i] : null;
        }
    }

    /** What the checks need from outside: areas, and ID numbers already living somewhere. */
    interface Context {
        /** The level of an active area, or null when there is none. */
        String levelOf(String areaCode);

        /** The active rooms in these areas, by address ({@link #address}: area|unit|room), in one query. */
        Map<String, Long> roomsIn(java.util.Collection<String> areaCodes);

        /** The blind index of an ID number, as the registry stores it (a keyed hash). */
        byte[] idIndex(String idNumber);

        /** Of these blind indexes of ID numbers, those of residents registered as living in a household. */
        java.util.Set<java.nio.ByteBuffer> living(List<byte[]> idIndexes);
    }

    /** The outcome: the problems, and the batch of rows that passed (grouped into rooms and households). */
    record Result(int rows, List<Problem> problems, RegistryBulk.Batch goodRows, int goodRowCount) {
        int invalidRows() {
            return (int) problems.stream().map(Problem::row).distinct().count();
        }
    }

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(HouseholdSheet.class);
    /** Rows handed to the checks at a time while the rest of the workbook is still being read. */
    static final int CHUNK = 5_000;

    private HouseholdSheet() {
    }

    /**
     * Reads and checks a workbook; {@code progress} hears the rows read so far. Each row is checked on its own (and
     * its ID number blind-indexed and looked up among the living) while the rows after it are still being read, a
     * chunk at a time on the common pool; what needs the whole file (the same ID number twice, households) follows.
     */
    static Result read(InputStream xlsx, DataScope scope, LocalDate today, Context context,
                       java.util.function.IntConsumer progress) throws IOException {
        long t0 = System.nanoTime();
        RowChecks checks = new RowChecks(scope, today, context);
        List<Line> lines;
        try {
            lines = SheetRows.read(xlsx, SHEET, HEADERS.length, java.util.Set.of(BIRTH, ARRIVED), r -> {
                String first = text(r, 0);
                if (first == null || !first.startsWith("区域代码")) {
                    throw new InvalidRequestException("The first row must be the template's header row"
                            + " (区域代码 …); download the template.");
                }
            }, progress, CHUNK, checks::submit);
        } catch (IOException | RuntimeException e) {
            checks.cancel();
            throw e;
        }
        if (lines == null) {
            lines = new ArrayList<>();
        }
        long t1 = System.nanoTime();
        List<Checked> checked = checks.results();
        long t2 = System.nanoTime();
        Result result = check(lines, checked, checks.levels, scope, context);
        if (log.isDebugEnabled()) {
            log.debug("households workbook: {} rows read in {} ms (rows checked meanwhile), the rest of the row checks"
                    + " {} ms after, the whole file's checks and the batch {} ms", lines.size(),
                    (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (System.nanoTime() - t2) / 1_000_000);
        }
        return result;
    }

    /** A chunk of rows checked each on its own: per row its check, its ID number's blind index, whether it lives. */
    private record Checked(RowCheck[] checks, byte[][] idIndexes, boolean[] living) {
    }

    /**
     * The row checks of a workbook being read: each chunk of rows is checked on the common pool as soon as it is read;
     * {@link #results} runs the chunks no worker has taken yet on the caller and waits for the others, in order.
     */
    private static final class RowChecks {
        private final DataScope scope;
        private final LocalDate today;
        private final Context context;
        /** The level of each area named (empty when there is none), looked up once per area. */
        private final Map<String, String> levels = new java.util.concurrent.ConcurrentHashMap<>();
        private final List<java.util.concurrent.FutureTask<Checked>> chunks = new ArrayList<>();
        private volatile boolean cancelled;

        RowChecks(DataScope scope, LocalDate today, Context context) {
            this.scope = scope;
            this.today = today;
            this.context = context;
        }

        void submit(List<Line> rows) {
            java.util.concurrent.FutureTask<Checked> task = new java.util.concurrent.FutureTask<>(() -> check(rows));
            chunks.add(task);
            java.util.concurrent.ForkJoinPool.commonPool().execute(task);
        }

        private Checked check(List<Line> rows) {
            int n = rows.size();
            RowCheck[] checks = new RowCheck[n];
            byte[][] indexes = new byte[n][];
            boolean[] living = new boolean[n];
            if (cancelled) {
                return new Checked(checks, indexes, living);
            }
            List<byte[]> known = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                Line l = rows.get(i);
                if (l.get(AREA) != null) {
                    levels.computeIfAbsent(l.get(AREA), a -> Objects.requireNonNullElse(context.levelOf(a), ""));
                }
                checks[i] = checkRow(l, levels, scope, today);
                Residents.Clean c = checks[i].clean();
                if (c != null && c.idNumber() != null) {
                    indexes[i] = context.idIndex(c.idNumber());
                    known.add(indexes[i]);
                }
            }
            java.util.Set<java.nio.ByteBuffer> alive = known.isEmpty() ? java.util.Set.of() : context.living(known);
            for (int i = 0; i < n; i++) {
                living[i] = indexes[i] != null && alive.contains(java.nio.ByteBuffer.wrap(indexes[i]));
            }
            return new Checked(checks, indexes, living);
        }

        /** Every chunk's checks, in the workbook's order. */
        List<Checked> results() throws IOException {
            // the caller, done reading, takes the chunks no worker started yet, from the end, while the pool works
            // from the start (running a task already started or done does nothing)
            for (int i = chunks.size() - 1; i >= 0; i--) {
                chunks.get(i).run();
            }
            List<Checked> out = new ArrayList<>(chunks.size());
            for (java.util.concurrent.FutureTask<Checked> f : chunks) {
                try {
                    out.add(f.get());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("interrupted while checking the rows");
                } catch (java.util.concurrent.ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException r) {
                        throw r;
                    }
                    throw new IllegalStateException(e.getCause());
                }
            }
            return out;
        }

        /** The workbook was refused while being read: the chunks not started yet check nothing. */
        void cancel() {
            cancelled = true;
        }
    }

    private static Result check(List<Line> lines, List<Checked> chunks, Map<String, String> levels,
                                DataScope scope, Context context) {
        List<Problem> problems = new ArrayList<>();
        // the rooms already registered in the areas rooms may be in, looked up while the whole file is checked (only
        // in the user's scope: a row naming an area outside it is refused anyway)
        List<String> roomAreas = levels.entrySet().stream()
                .filter(e -> e.getValue().equals("BUILDING") || Rooms.HOUSE_LEVELS.contains(e.getValue()))
                .filter(e -> scope.covers(e.getKey()))
                .map(Map.Entry::getKey).toList();
        java.util.concurrent.CompletableFuture<Map<String, Long>> registeredRooms = roomAreas.isEmpty()
                ? java.util.concurrent.CompletableFuture.completedFuture(Map.of())
                : java.util.concurrent.CompletableFuture.supplyAsync(() -> context.roomsIn(roomAreas),
                java.util.concurrent.ForkJoinPool.commonPool());
        // pass 1 was done chunk by chunk while reading: each row on its own
        RowCheck[] checks = new RowCheck[lines.size()];
        byte[][] idIndexes = new byte[lines.size()][];
        boolean[] living = new boolean[lines.size()];
        int at = 0;
        for (Checked c : chunks) {
            System.arraycopy(c.checks(), 0, checks, at, c.checks().length);
            System.arraycopy(c.idIndexes(), 0, idIndexes, at, c.checks().length);
            System.arraycopy(c.living(), 0, living, at, c.checks().length);
            at += c.checks().length;
        }
        Map<Integer, Residents.Clean> residents = new HashMap<>();
        Map<String, List<Integer>> byId = new HashMap<>();
        for (int i = 0; i < checks.length; i++) {
            problems.addAll(checks[i].problems());
            Residents.Clean c = checks[i].clean();
            if (c != null) {
                residents.put(i, c);
                if (c.idNumber() != null) {
                    byId.computeIfAbsent(c.idNumber(), k -> new ArrayList<>()).add(i);
                }
            }
        }
        // pass 2: the same ID number twice in the file, or already living in a household
        for (Map.Entry<String, List<Integer>> e : byId.entrySet()) {
            if (e.getValue().size() > 1) {
                for (int i : e.getValue()) {
                    problems.add(new Problem(lines.get(i).row(), HEADERS[ID], "the same ID number is on rows "
                            + e.getValue().stream().map(x -> String.valueOf(lines.get(x).row())).toList(),
                            e.getKey()));
                    residents.remove(i);
                }
            } else if (living[e.getValue().getFirst()]) {
                int i = e.getValue().getFirst();
                problems.add(new Problem(lines.get(i).row(), HEADERS[ID], "already registered as living in a"
                        + " household: record the move-out there first", e.getKey()));
                residents.remove(i);
            }
        }
        // pass 3: households: one room each, one head at most
        Map<String, Integer> firstOfKey = new LinkedHashMap<>();
        Map<String, Integer> headOfKey = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            Line l = lines.get(i);
            String key = l.get(KEY);
            if (key == null) {
                continue;
            }
            Integer first = firstOfKey.putIfAbsent(key, i);
            if (first != null && !address(lines.get(first)).equals(address(l))) {
                problems.add(new Problem(l.row(), HEADERS[KEY], "household " + key + " is in another room on row "
                        + lines.get(first).row(), key));
                residents.remove(i);
            }
            Residents.Clean c = residents.get(i);
            if (c != null && Checks.HEAD.equals(c.relationship())) {
                Integer head = headOfKey.putIfAbsent(key, i);
                if (head != null) {
                    problems.add(new Problem(l.row(), HEADERS[REL], "household " + key + " already has a head on row "
                            + lines.get(head).row(), l.get(REL)));
                    residents.remove(i);
                }
            }
        }
        problems.sort(java.util.Comparator.comparingInt(Problem::row));
        java.util.Set<Integer> badRows = new java.util.HashSet<>();
        problems.forEach(p -> badRows.add(p.row()));
        // the batch of good rows
        List<RegistryBulk.Room> rooms = new ArrayList<>();
        List<RegistryBulk.Household> households = new ArrayList<>();
        List<RegistryBulk.Resident> people = new ArrayList<>();
        Map<String, Integer> roomIndex = new HashMap<>();
        Map<String, Integer> householdIndex = new HashMap<>();
        Map<String, Long> existingRooms;
        try {
            existingRooms = registeredRooms.join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        for (int i = 0; i < lines.size(); i++) {
            Line l = lines.get(i);
            Residents.Clean c = residents.get(i);
            if (c == null || badRows.contains(l.row())) {
                continue;
            }
            String addr = address(l);
            Integer room = roomIndex.get(addr);
            if (room == null) {
                Long existing = existingRooms.get(addr);
                boolean building = "BUILDING".equals(levels.get(l.get(AREA)));
                rooms.add(new RegistryBulk.Room(l.get(AREA), building, l.get(UNIT),
                        l.get(FLOOR) == null ? null : Integer.valueOf(l.get(FLOOR)), l.get(ROOM), null,
                        codeOf(l.get(USE), USES), existing));
                room = rooms.size() - 1;
                roomIndex.put(addr, room);
            }
            Integer h = householdIndex.get(l.get(KEY));
            if (h == null) {
                String kind = codeOf(l.get(KIND), KINDS);
                households.add(new RegistryBulk.Household(room, kind == null ? "REGISTERED" : kind, l.get(NUMBER),
                        org.fengqiao.platform.IdNumbers.normalisePhone(l.get(HPHONE))));
                h = households.size() - 1;
                householdIndex.put(l.get(KEY), h);
            }
            people.add(new RegistryBulk.Resident(h, new Residents.ResidentInput(c.name(), c.gender(), c.idNumber(),
                    c.phone(), c.birthDate() == null ? null : c.birthDate().toString(), c.relationship(),
                    c.populationKind(), c.registeredHere(), c.livesHere(), c.registeredAddress(), c.inflowReason(),
                    c.workplace(), c.arrivedOn() == null ? null : c.arrivedOn().toString()), c, idIndexes[i]));
        }
        return new Result(lines.size(), problems, new RegistryBulk.Batch(rooms, households, people, List.of(),
                List.of()), people.size());
    }

    /** The problems of one row on its own, and the resident it describes when it has none. */
    private record RowCheck(List<Problem> problems, Residents.Clean clean) {
    }

    private static RowCheck checkRow(Line l, Map<String, String> levels, DataScope scope, LocalDate today) {
        List<Problem> problems = new ArrayList<>(2);
        int before = problems.size();
        String area = l.get(AREA);
        if (area == null) {
            problems.add(new Problem(l.row(), HEADERS[AREA], "required", null));
        } else {
            String level = levels.get(area);
            if (level.isEmpty()) {
                problems.add(new Problem(l.row(), HEADERS[AREA], "no such area", area));
            } else if (!level.equals("BUILDING") && !Rooms.HOUSE_LEVELS.contains(level)) {
                problems.add(new Problem(l.row(), HEADERS[AREA], "not a building or grid", area));
            } else if (!scope.covers(area)) {
                problems.add(new Problem(l.row(), HEADERS[AREA], "outside your area", area));
            }
        }
        if (l.get(ROOM) == null) {
            problems.add(new Problem(l.row(), HEADERS[ROOM], "required", null));
        } else if (l.get(ROOM).length() > 20) {
            problems.add(new Problem(l.row(), HEADERS[ROOM], "at most 20 characters", l.get(ROOM)));
        }
        if (l.get(UNIT) != null && l.get(UNIT).length() > 10) {
            problems.add(new Problem(l.row(), HEADERS[UNIT], "at most 10 characters", l.get(UNIT)));
        }
        if (l.get(FLOOR) != null && !l.get(FLOOR).matches("-?\\d{1,3}")) {
            problems.add(new Problem(l.row(), HEADERS[FLOOR], "not a floor number", l.get(FLOOR)));
        }
        code(l, USE, USES, Checks.ROOM_USES, problems);
        if (l.get(KEY) == null) {
            problems.add(new Problem(l.row(), HEADERS[KEY], "required", null));
        }
        code(l, KIND, KINDS, Checks.HOUSEHOLD_KINDS, problems);
        if (l.get(HPHONE) != null && !org.fengqiao.platform.IdNumbers.isValidPhone(
                org.fengqiao.platform.IdNumbers.normalisePhone(l.get(HPHONE)))) {
            problems.add(new Problem(l.row(), HEADERS[HPHONE], "not a mobile or landline number", l.get(HPHONE)));
        }
        String gender = code(l, GENDER, GENDERS, java.util.Set.of("M", "F"), problems);
        String pop = code(l, POP, POPULATION, Checks.POPULATION_KINDS, problems);
        String inflow = code(l, INFLOW, INFLOWS, Checks.INFLOW_REASONS, problems);
        String rel = relationship(l.get(REL));
        if (l.get(REL) == null) {
            problems.add(new Problem(l.row(), HEADERS[REL], "required", null));
        } else if (rel == null) {
            problems.add(new Problem(l.row(), HEADERS[REL], "not a GB/T 4761 code or name", l.get(REL)));
        }
        if (problems.size() == before) {
            try {
                Residents.Clean c = Residents.clean(new Residents.ResidentInput(l.get(NAME), gender, l.get(ID),
                        l.get(PHONE), l.get(BIRTH), rel, pop, null, null, l.get(REGADDR), inflow, l.get(WORK),
                        l.get(ARRIVED)), today);
                return new RowCheck(problems, c);
            } catch (InvalidRequestException e) {
                problems.add(new Problem(l.row(), field(e.getMessage()), e.getMessage(), value(l, e.getMessage())));
            }
        }
        return new RowCheck(problems, null);
    }

    private static String address(Line l) {
        return address(l.get(AREA), l.get(UNIT), l.get(ROOM));
    }

    static String address(String area, String unit, String room) {
        return area + "|" + Objects.toString(unit, "") + "|" + room;
    }

    /** A code column: the Chinese label or the code itself. */
    private static String code(Line l, int col, Map<String, String> labels, java.util.Set<String> codes,
                               List<Problem> problems) {
        String v = l.get(col);
        if (v == null) {
            return null;
        }
        String c = codeOf(v, labels);
        if (c == null || !codes.contains(c)) {
            problems.add(new Problem(l.row(), HEADERS[col], "not one of " + labels.keySet(), v));
            return null;
        }
        return c;
    }

    static String codeOf(String v, Map<String, String> labels) {
        if (v == null) {
            return null;
        }
        String c = labels.get(v);
        return c != null ? c : labels.containsValue(v.toUpperCase()) ? v.toUpperCase() : null;
    }

    private static String relationship(String v) {
        if (v == null) {
            return null;
        }
        String s = v.length() == 1 && Character.isDigit(v.charAt(0)) ? "0" + v : v;
        if (Checks.RELATIONSHIPS.containsKey(s)) {
            return s;
        }
        for (Map.Entry<String, String> e : Checks.RELATIONSHIPS.entrySet()) {
            if (e.getValue().equals(v)) {
                return e.getKey();
            }
        }
        return null;
    }

    /** The field a validation message is about, from its wording. */
    private static String field(String message) {
        String m = message.toLowerCase();
        if (m.contains("id number")) {
            return HEADERS[ID];
        } else if (m.contains("phone")) {
            return HEADERS[PHONE];
        } else if (m.contains("birth")) {
            return HEADERS[BIRTH];
        } else if (m.contains("gender")) {
            return HEADERS[GENDER];
        } else if (m.contains("arrival")) {
            return HEADERS[ARRIVED];
        } else if (m.contains("name")) {
            return HEADERS[NAME];
        } else if (m.contains("registered")) {
            return HEADERS[POP];
        }
        return HEADERS[NAME];
    }

    private static String value(Line l, String message) {
        String f = field(message);
        for (int i = 0; i < HEADERS.length; i++) {
            if (HEADERS[i].equals(f)) {
                return l.get(i);
            }
        }
        return null;
    }

    static String text(Row r, int i) {
        if (!r.hasCell(i)) {
            return null;
        }
        Cell c = r.getCell(i);
        if (c == null || c.getType() == CellType.EMPTY) {
            return null;
        }
        String s;
        if (c.getType() == CellType.NUMBER) {
            BigDecimal n = c.asNumber();
            // long numbers typed into a number cell lose digits (an ID number becomes 4.40784E17): say so
            s = n.precision() > 15 || n.abs().compareTo(new BigDecimal("1E15")) >= 0 ? "!" + n.toPlainString()
                    : n.stripTrailingZeros().toPlainString();
        } else {
            s = c.getText();
        }
        return s == null || s.isBlank() ? null : s.strip();
    }

    static String date(Row r, int i) {
        if (!r.hasCell(i)) {
            return null;
        }
        Cell c = r.getCell(i);
        if (c != null && c.getType() == CellType.NUMBER) {
            // an Excel date: days since 1899-12-30
            return LocalDate.of(1899, 12, 30).plusDays(c.asNumber().longValue()).toString();
        }
        return text(r, i);
    }

    // ---- writing: the template and the error report, streamed ----

    /** The empty template with one example row and a sheet explaining the codes. */
    static void template(OutputStream out) throws IOException {
        Workbook wb = new Workbook(out, "Fengqiao", "1.0");
        Worksheet ws = wb.newWorksheet(SHEET);
        for (int i = 0; i < HEADERS.length; i++) {
            ws.value(0, i, HEADERS[i]);
            ws.style(0, i).bold().fillColor("FDE68A").set();
            ws.width(i, i == REGADDR || i == WORK ? 24 : i == ID || i == AREA ? 22 : 12);
            // text format, so ID numbers and phones keep their digits
            ws.style(1, i).format("@").set();
        }
        String[] example = {"440784001001001001", "1", "3", "301", "自住", "A1", "户籍户", "", "13800138000", "陈晨",
                "", "男", "1980-05-12", "13800138000", "户主", "户籍人口", "", "", "", ""};
        for (int i = 0; i < example.length; i++) {
            if (!example[i].isEmpty()) {
                ws.value(1, i, example[i]);
            }
        }
        Worksheet help = wb.newWorksheet("说明");
        String[][] lines = {{"每行一位居民；户编号相同的行为同一户，须在同一房屋。带 * 的列必填。"},
                {"区域代码", "楼栋或网格的区域代码（见“实有人口与房屋”页）"},
                {"房屋用途", String.join("、", USES.keySet())}, {"户别", String.join("、", KINDS.keySet())},
                {"与户主关系", "GB/T 4761：02户主、10配偶、20子、30女、40孙子女、50父母、60祖父母、70兄弟姐妹、80其他亲属、99非亲属"},
                {"人口类别", String.join("、", POPULATION.keySet())}, {"流入原因", String.join("、", INFLOWS.keySet())},
                {"性别", "男、女（有身份证号时可空）"}, {"日期", "YYYY-MM-DD"},
                {"公民身份号码、电话", "请设为文本格式，以免位数丢失"}};
        for (int r = 0; r < lines.length; r++) {
            for (int c = 0; c < lines[r].length; c++) {
                help.value(r, c, lines[r][c]);
            }
        }
        help.width(0, 18);
        help.width(1, 80);
        wb.finish();
    }

    /** A row of the error report. */
    record ReportLine(String sheet, int row, String field, String message, String value) {
    }

    /** The per-row error report: sheet, row, field, error, original value; watermarked with who and when. */
    static void errorReport(OutputStream out, Iterable<ReportLine> lines, String watermark) throws IOException {
        Workbook wb = new Workbook(out, "Fengqiao", "1.0");
        Worksheet ws = wb.newWorksheet("错误报告");
        String[] head = {"工作表", "行号", "字段", "错误", "原值"};
        ws.value(0, 0, watermark);
        for (int i = 0; i < head.length; i++) {
            ws.value(1, i, head[i]);
            ws.style(1, i).bold().fillColor("FECACA").set();
        }
        ws.width(0, 14);
        ws.width(2, 20);
        ws.width(3, 60);
        ws.width(4, 26);
        ws.header(watermark, org.dhatim.fastexcel.Position.CENTER);
        ws.footer(watermark, org.dhatim.fastexcel.Position.CENTER);
        int r = 2;
        for (ReportLine l : lines) {
            ws.value(r, 0, l.sheet());
            ws.value(r, 1, l.row());
            ws.value(r, 2, l.field());
            ws.value(r, 3, l.message());
            if (l.value() != null) {
                ws.value(r, 4, l.value());
            }
            if (++r % 5_000 == 0) {
                ws.flush();
            }
        }
        wb.finish();
    }
}
