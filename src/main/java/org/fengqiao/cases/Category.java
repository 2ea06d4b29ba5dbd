package org.fengqiao.cases;

/**
 * A category of the catalogue with the time limit of each stage.
 *
 * @param defaultLeadOrg code of the department that leads by default (an organisation code), or null
 * @param dispute        whether reports of this category are disputes (mediation may take them)
 */
public record Category(long id, String code, String name, String nameEn, String groupCode, String defaultLeadOrg,
                       String intakeConditions, String closingConditions, boolean dispute,
                       DeadlineRule accept, DeadlineRule sign, DeadlineRule handle, DeadlineRule verify,
                       boolean active, int version) {

    /** The name in the given language. */
    public String label(java.util.Locale locale) {
        return locale != null && "en".equals(locale.getLanguage()) ? nameEn : name;
    }
}
