package org.fengqiao.workbench;

import java.time.Instant;
import java.util.List;

/**
 * A person's home page at one moment: one panel per kind of work their posts give them, each with a few counts and
 * the few items to act on first. Never a ranking of people: counts are of work, items are records.
 *
 * @param at     when it was computed (overdue and near-deadline are relative to it)
 * @param panels in a fixed order; only those some assignment of the person grants
 */
public record Board(Instant at, List<Panel> panels) {

    /** The panel with this key, if the person has it. */
    public java.util.Optional<Panel> panel(String key) {
        return panels.stream().filter(p -> p.key().equals(key)).findFirst();
    }

    /**
     * One kind of work.
     *
     * @param key    {@code intake}, {@code dispatch}, {@code supervision}, {@code department}, {@code field} or
     *               {@code reports}
     * @param counts the figures at the top, each linking to the full worklist
     * @param items  the first few records to act on, most urgent first
     */
    public record Panel(String key, List<Count> counts, List<Item> items) {

        public long count(String countKey) {
            return counts.stream().filter(c -> c.key().equals(countKey)).mapToLong(Count::value).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no count " + countKey + " in " + key));
        }
    }

    /**
     * @param alert whether the figure calls for attention (something overdue or near its limit)
     * @param link  the worklist behind the figure
     */
    public record Count(String key, long value, boolean alert, String link) {
    }

    /**
     * A record to act on.
     *
     * @param kind     {@code CASE} or {@code REPORT}
     * @param reason   why it is listed: TO_SIGN, TO_HANDLE, RETURNED, OVERDUE, NEAR, SUPERVISED, EXTENSION,
     *                 TO_VERIFY, PENDING, OPEN, or a report's status for one's own reports
     * @param state    the case's state (or the report's status)
     * @param due      the deadline of the stage it is in (for a report: its intake limit), or null
     * @param overdue  the deadline has passed
     * @param near     the deadline is near (within the configured warning time)
     * @param note     a short extra: the department that returned it and why, the case a report became
     * @param link     the page of the record
     */
    public record Item(String kind, long id, String number, String categoryCode, String category, String summary,
                       String areaCode, String areaName, String reason, String state, Instant due, boolean overdue,
                       boolean near, String note, String link) {
    }
}
