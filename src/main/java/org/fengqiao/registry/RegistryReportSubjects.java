package org.fengqiao.registry;

import java.util.List;
import java.util.Optional;

import org.fengqiao.geography.AreaDirectory;
import org.fengqiao.intake.ReportSubject;
import org.fengqiao.intake.ReportSubjects;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Links from reports (and so cases) to the registry records they concern: intake declares the seam
 * ({@link ReportSubjects}), the registry answers. A room's door plate stands for the household living there; the
 * label is an address, never a person. {@link RegistrySubjectLinks} leads from a report to
 * the record's page, where the registry's own permissions apply.
 */
@Component
class RegistryReportSubjects implements ReportSubjects {

    private final JdbcClient jdbc;
    private final AreaDirectory areas;

    RegistryReportSubjects(JdbcClient jdbc, AreaDirectory areas) {
        this.jdbc = jdbc;
        this.areas = areas;
    }

    private record Place(long id, String areaCode, String doorPlate) {
    }

    @Override
    public Optional<Linked> resolve(ReportSubject subject, String reportAreaCode) {
        long id;
        try {
            id = subject.kind().equals("BUILDING") ? 0 : Long.parseLong(subject.ref());
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        return switch (subject.kind()) {
            case "ROOM" -> room(id, reportAreaCode).map(r -> {
                // a room's plate stands for the household living there, when there is exactly one
                List<Long> living = jdbc.sql("select id from registry_household where room_id = ? and ended_at is null")
                        .param(r.id()).query(Long.class).list();
                return living.size() == 1 ? new Linked("HOUSEHOLD", String.valueOf(living.getFirst()),
                        label("住户 ", r.doorPlate())) : new Linked("ROOM", String.valueOf(r.id()),
                        label("房屋 ", r.doorPlate()));
            });
            case "HOUSEHOLD" -> jdbc.sql("""
                            select h.id, h.area_code, r.door_plate from registry_household h
                            join registry_room r on r.id = h.room_id where h.id = ? and h.ended_at is null""")
                    .param(id).query(Place.class).optional().filter(p -> related(p.areaCode(), reportAreaCode))
                    .map(p -> new Linked("HOUSEHOLD", String.valueOf(p.id()), label("住户 ", p.doorPlate())));
            case "RESIDENT" -> jdbc.sql("""
                            select p.id, p.area_code, r.door_plate from registry_resident p
                            join registry_household h on h.id = p.household_id join registry_room r on r.id = h.room_id
                            where p.id = ? and p.moved_out_at is null""")
                    .param(id).query(Place.class).optional().filter(p -> related(p.areaCode(), reportAreaCode))
                    .map(p -> new Linked("RESIDENT", String.valueOf(p.id()), label("居民 · ", p.doorPlate())));
            case "BUILDING" -> areas.find(subject.ref()).filter(a -> !a.retired() && "BUILDING".equals(a.level()))
                    .filter(a -> related(a.code(), reportAreaCode))
                    .map(a -> new Linked("BUILDING", a.code(), label("楼栋 ", a.name())));
            default -> Optional.empty();
        };
    }

    private Optional<Place> room(long id, String reportAreaCode) {
        return jdbc.sql("select id, area_code, door_plate from registry_room where id = ? and retired_at is null")
                .param(id).query(Place.class).optional().filter(p -> related(p.areaCode(), reportAreaCode));
    }

    /** The record lies in the report's area, or the report was placed in the record's building. */
    private static boolean related(String recordArea, String reportArea) {
        return reportArea == null || recordArea.startsWith(reportArea) || reportArea.startsWith(recordArea);
    }

    private static String label(String prefix, String text) {
        String s = prefix + text;
        return s.length() > 120 ? s.substring(0, 120) : s;
    }
}
