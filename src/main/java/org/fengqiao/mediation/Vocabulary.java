package org.fengqiao.mediation;

import java.util.Arrays;
import java.util.Locale;

import org.fengqiao.platform.InvalidRequestException;

/**
 * The module's small vocabularies (mediator kinds, languages, site and room kinds, decline reasons) and one way to
 * read any of them from input: an unknown value is a 400 that lists the known ones.
 */
public final class Vocabulary {

    private Vocabulary() {
    }

    /** Kinds of mediator on the menu (调解超市). */
    public enum MediatorKind {
        PEOPLES_MEDIATOR, LAWYER, JUDGE, COUNSELLOR, RESPECTED_LOCAL, UNION, HR_BUREAU, POLICE, GRID_WORKER,
        ORGANISATION
    }

    /** Languages and dialects a party may prefer (粤语, 台山话 …). */
    public enum Language { MANDARIN, CANTONESE, TAISHANESE, HAKKA, ENGLISH }

    /** What a mediation site is. */
    public enum SiteKind {
        ENTERPRISE, VILLAGE_COMMITTEE, POLICE_POST, COMMUNITY_STATION, POLICE_STATION, TOWN_CENTER, LABOUR_PLATFORM,
        COUNTY_CENTER
    }

    /** The rooms the seeds name: mediation, counselling, women and children, legal aid, labour rights. */
    public enum RoomKind { MEDIATION, COUNSELLING, WOMEN_CHILDREN, LEGAL_AID, LABOUR_RIGHTS }

    /** Why a chosen mediator declines; kept and counted. */
    public enum DeclineCode { CONFLICT_OF_INTEREST, NO_CAPACITY, OUTSIDE_SPECIALTY, UNAVAILABLE, OTHER }

    /** The parties' sides. */
    public enum Side { APPLICANT, RESPONDENT, THIRD_PARTY }

    /** Where a dispute came from. */
    public enum Source { STAFF, CASE, PUBLIC }

    public static <E extends Enum<E>> E parse(Class<E> type, String value, String field) {
        if (value == null || value.isBlank()) {
            throw new InvalidRequestException("Missing " + field + "; one of " + Arrays.toString(type.getEnumConstants()));
        }
        try {
            return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("Unknown " + field + " '" + limit(value) + "'; one of "
                    + Arrays.toString(type.getEnumConstants()));
        }
    }

    static String limit(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
