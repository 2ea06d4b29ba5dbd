package org.fengqiao.cases;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.fengqiao.platform.InvalidRequestException;

/**
 * A step as posted by a page form or the JSON API; {@link #toCommand} names the action in the URL.
 *
 * @param publicNote JSON {@code "public": true} on a NOTE: the note is shown on the public tracking page and Open311
 */
record CommandForm(Integer version, String reason, String note, Long leadOrgId, List<Long> assistOrgIds,
                   String rating, Integer amount, String unit, List<UUID> photoIds,
                   @com.fasterxml.jackson.annotation.JsonProperty("public") Boolean publicNote) {

    CommandForm(Integer version, String reason, String note, Long leadOrgId, List<Long> assistOrgIds, String rating,
                Integer amount, String unit, List<UUID> photoIds) {
        this(version, reason, note, leadOrgId, assistOrgIds, rating, amount, unit, photoIds, null);
    }

    CaseCommand toCommand(String action) {
        String text = reason != null && !reason.isBlank() ? reason : note;
        List<UUID> photos = photoIds == null ? List.of() : photoIds;
        return switch (action == null ? "" : action.toUpperCase().replace('-', '_')) {
            case "DISPATCH" -> {
                if (leadOrgId == null) {
                    throw new InvalidRequestException("Choose the lead department");
                }
                List<Long> assist = new ArrayList<>(assistOrgIds == null ? List.of() : assistOrgIds);
                assist.removeIf(a -> a == null || a.equals(leadOrgId));
                yield new CaseCommand.Dispatch(leadOrgId, assist, text);
            }
            case "SIGN" -> new CaseCommand.Sign();
            case "RETURN" -> new CaseCommand.Return(text);
            case "NOTE" -> new CaseCommand.Note(text, photos, Boolean.TRUE.equals(publicNote));
            case "FEEDBACK" -> new CaseCommand.Feedback(text, photos);
            case "VERIFY_PASS" -> new CaseCommand.Verify(true, text, photos);
            case "VERIFY_FAIL" -> new CaseCommand.Verify(false, text, photos);
            case "REQUEST_EXTENSION" -> {
                if (amount == null) {
                    throw new InvalidRequestException("Say how much longer");
                }
                DeadlineRule r = DeadlineRule.parse(amount, unit == null ? "WORKING_DAYS" : unit);
                yield new CaseCommand.RequestExtension(r.amount(), r.unit(), text);
            }
            case "APPROVE_EXTENSION" -> new CaseCommand.DecideExtension(true, text);
            case "REFUSE_EXTENSION" -> new CaseCommand.DecideExtension(false, text);
            case "BACKLOG_IT", "BACKLOG" -> new CaseCommand.Backlog(text);
            case "RESUME" -> new CaseCommand.Resume(text);
            case "ESCALATE" -> new CaseCommand.Escalate(text);
            case "SUPERVISE" -> new CaseCommand.Supervise(text);
            case "URGE" -> new CaseCommand.Urge(text);
            case "REFER_TO_MEDIATION" -> new CaseCommand.ReferToMediation(text);
            case "CLOSE" -> new CaseCommand.Close(text);
            case "RATE" -> new CaseCommand.Rate(rating, note);
            case "REOPEN" -> new CaseCommand.Reopen(text);
            default -> throw new InvalidRequestException("Unknown action " + action);
        };
    }
}
