package org.fengqiao.intake;

import java.util.Optional;

/**
 * Which registry records a report can be linked to, provided by the module that keeps them (registry) so that intake
 * does not depend on it. A link is stored with a label fit for anybody who may see the report: an address or a
 * name of a place, never a person's name or number.
 */
public interface ReportSubjects {

    /**
     * The record as it will be linked, or empty when there is none in the report's area (a door plate may also
     * stand for something else: the household behind a room's plate).
     */
    Optional<Linked> resolve(ReportSubject subject, String reportAreaCode);

    /** @param label e.g. 住户 凤凰苑1栋 301室 */
    record Linked(String kind, String ref, String label) {
    }
}
