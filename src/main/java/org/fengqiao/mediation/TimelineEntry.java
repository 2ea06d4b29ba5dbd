package org.fengqiao.mediation;

import java.time.Instant;

/** One step on a dispute's timeline: who, when, what and why. */
public record TimelineEntry(long id, Instant at, String actor, String action, String fromState, String toState,
                            String tier, String reason, String detail) {
}
