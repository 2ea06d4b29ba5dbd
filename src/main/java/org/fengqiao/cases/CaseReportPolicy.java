package org.fengqiao.cases;

import java.time.Instant;
import java.util.List;

import org.fengqiao.intake.ReportPolicy;
import org.springframework.stereotype.Component;

/** Tells intake which categories exist and when a report must be accepted, from the catalogue and calendar. */
@Component
class CaseReportPolicy implements ReportPolicy {

    private final CategoryCatalogue catalogue;
    private final CalendarStore calendar;

    CaseReportPolicy(CategoryCatalogue catalogue, CalendarStore calendar) {
        this.catalogue = catalogue;
        this.calendar = calendar;
    }

    @Override
    public void checkCategory(String categoryCode) {
        catalogue.require(categoryCode);
    }

    @Override
    public Instant acceptDue(String categoryCode, Instant receivedAt) {
        return calendar.calendar().deadline(receivedAt, catalogue.require(categoryCode).accept());
    }

    @Override
    public List<Choice> categories() {
        return catalogue.active().stream()
                .map(c -> new Choice(c.code(), c.name(), c.nameEn(), c.groupCode())).toList();
    }
}
