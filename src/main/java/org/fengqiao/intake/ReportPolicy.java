package org.fengqiao.intake;

import java.time.Instant;

/**
 * What intake needs to know about categories and deadlines, provided by the module that owns the catalogue (cases)
 * so that intake does not depend on it.
 */
public interface ReportPolicy {

    /** Refuses (400) a category that does not exist or is retired. */
    void checkCategory(String categoryCode);

    /** When the center must have accepted or rejected a report of this category received at this time. */
    Instant acceptDue(String categoryCode, Instant receivedAt);

    /** The categories a reporter may choose, in catalogue order. */
    java.util.List<Choice> categories();

    record Choice(String code, String name, String nameEn, String groupCode) {
        public String label(java.util.Locale locale) {
            return locale != null && "en".equals(locale.getLanguage()) ? nameEn : name;
        }
    }
}
