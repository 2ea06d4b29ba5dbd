package org.fengqiao.cases;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.fengqiao.audit.AuditTrail;
import org.fengqiao.platform.AccessPolicy;
import org.fengqiao.platform.InvalidRequestException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** Keeps the working calendar in the database and the current {@link WorkingCalendar} in memory. */
@Service
public class CalendarStore {

    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final Clock clock;
    private final AccessPolicy policy;
    private final AtomicReference<WorkingCalendar> current = new AtomicReference<>();

    CalendarStore(JdbcClient jdbc, AuditTrail audit, Clock clock, AccessPolicy policy) {
        this.policy = policy;
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
    }

    public WorkingCalendar calendar() {
        WorkingCalendar c = current.get();
        if (c == null) {
            c = reload();
        }
        return c;
    }

    public record Day(LocalDate day, WorkingCalendar.DayKind kind, String name) {
    }

    /** The holidays and make-up workdays of a year. */
    public List<Day> year(int year) {
        return jdbc.sql("select day, kind, name from working_calendar_day where day >= ? and day < ? order by day")
                .params(LocalDate.of(year, 1, 1), LocalDate.of(year + 1, 1, 1))
                .query((rs, n) -> new Day(rs.getObject("day", LocalDate.class),
                        WorkingCalendar.DayKind.valueOf(rs.getString("kind")), rs.getString("name"))).list();
    }

    /** Marks a day as a holiday or a make-up workday; a blank kind returns it to the weekday rule. */
    @Transactional
    public void set(LocalDate day, String kind, String name) {
        policy.checkCountyWide(CasePermission.MANAGE_SETTINGS);
        if (day == null) {
            throw new InvalidRequestException("Choose a day");
        }
        if (kind == null || kind.isBlank()) {
            jdbc.sql("delete from working_calendar_day where day = ?").param(day).update();
            audit.record("CALENDAR_CLEAR", day.toString(), null, AuditTrail.Outcome.SUCCESS);
        } else {
            WorkingCalendar.DayKind k;
            try {
                k = WorkingCalendar.DayKind.valueOf(kind);
            } catch (IllegalArgumentException e) {
                throw new InvalidRequestException("A day is a HOLIDAY or a WORKDAY, not " + kind);
            }
            String label = name == null || name.isBlank() ? (k == WorkingCalendar.DayKind.HOLIDAY ? "假日" : "调休")
                    : name.trim();
            if (label.length() > 40) {
                throw new InvalidRequestException("The name of a day is at most 40 characters");
            }
            jdbc.sql("""
                            insert into working_calendar_day (day, kind, name, updated_at, updated_by)
                            values (?, ?, ?, ?, ?)
                            on conflict (day) do update set kind = excluded.kind, name = excluded.name,
                              updated_at = excluded.updated_at, updated_by = excluded.updated_by""")
                    .params(day, k.name(), label, OffsetDateTime.now(clock), org.fengqiao.platform.CurrentUser.actor()).update();
            audit.record("CALENDAR_SET", day.toString(), k + " " + label, AuditTrail.Outcome.SUCCESS);
        }
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    reload();
                }
            });
        } else {
            reload();
        }
    }

    WorkingCalendar reload() {
        Map<LocalDate, WorkingCalendar.DayKind> overrides = new HashMap<>();
        jdbc.sql("select day, kind from working_calendar_day").query(rs -> {
            overrides.put(rs.getObject("day", LocalDate.class), WorkingCalendar.DayKind.valueOf(rs.getString("kind")));
        });
        WorkingCalendar c = new WorkingCalendar(overrides);
        current.set(c);
        return c;
    }
}
