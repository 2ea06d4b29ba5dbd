package org.fengqiao.intake;

import org.fengqiao.platform.InvalidRequestException;

/**
 * The registry record a report concerns (a household, resident, room, building, enterprise, boat …), chosen from the
 * registry or given by the door plate the reporter scanned: never retyped. Intake keeps it as an opaque reference
 * (kind + ref) and asks {@link ReportSubjects} — implemented by the module that keeps the records — whether it exists.
 *
 * @param fromPlate given by the scanned plate: linked when the registry knows it, never a reason to refuse a report
 */
public record ReportSubject(String kind, String ref, boolean fromPlate) {

    public ReportSubject {
        if (kind == null || !kind.matches("[A-Z_]{2,16}") || ref == null || !ref.matches("[A-Za-z0-9:_-]{1,40}")) {
            throw new InvalidRequestException("A linked record has a kind (capital letters) and a reference");
        }
    }

    public ReportSubject(String kind, String ref) {
        this(kind, ref, false);
    }
}
