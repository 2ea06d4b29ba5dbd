package org.fengqiao.publicchannel;

/**
 * A public reporter rated how their closed case was handled (satisfaction 1–5 with an optional comment). The cases
 * module may listen to count it in 满意率.
 */
public record PublicRatingGiven(long reportId, Long caseId, int rating, String comment) {
}
