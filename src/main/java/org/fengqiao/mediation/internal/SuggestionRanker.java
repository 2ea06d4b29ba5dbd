package org.fengqiao.mediation.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.fengqiao.mediation.DisputeType;
import org.fengqiao.mediation.MenuViews.MediatorView;
import org.fengqiao.mediation.MenuViews.Reason;
import org.fengqiao.mediation.MenuViews.Suggestion;
import org.fengqiao.mediation.Vocabulary.Language;
import org.fengqiao.mediation.Vocabulary.MediatorKind;

/**
 * Ranks the menu's mediators for one dispute from its type, place and language and each mediator's load and past
 * outcomes, and says why each was suggested. Mediators who are away, have a full hand, or serve neither the
 * dispute's town nor the county are not suggested (they stay on the menu). A pure function: the same menu and
 * dispute give the same ranking.
 */
public final class SuggestionRanker {

    /** What the dispute needs. {@code siteId}: the site handling it now; {@code language} may be null. */
    public record Need(DisputeType type, String areaCode, Long siteId, Language language) {
    }

    /** Kinds of mediator that fit a type of dispute beyond a stated specialty. */
    static final Map<DisputeType, Set<MediatorKind>> FITTING_KINDS = Map.of(
            DisputeType.LABOUR, Set.of(MediatorKind.UNION, MediatorKind.HR_BUREAU, MediatorKind.LAWYER),
            DisputeType.FAMILY, Set.of(MediatorKind.COUNSELLOR, MediatorKind.PEOPLES_MEDIATOR),
            DisputeType.NEIGHBOUR, Set.of(MediatorKind.RESPECTED_LOCAL, MediatorKind.PEOPLES_MEDIATOR,
                    MediatorKind.GRID_WORKER),
            DisputeType.LAND_PROPERTY, Set.of(MediatorKind.RESPECTED_LOCAL, MediatorKind.LAWYER),
            DisputeType.CONTRACT_DEBT, Set.of(MediatorKind.LAWYER, MediatorKind.JUDGE),
            DisputeType.CONSUMER, Set.of(MediatorKind.PEOPLES_MEDIATOR, MediatorKind.LAWYER),
            DisputeType.TRAFFIC, Set.of(MediatorKind.POLICE, MediatorKind.LAWYER),
            DisputeType.MEDICAL, Set.of(MediatorKind.LAWYER, MediatorKind.COUNSELLOR));

    private SuggestionRanker() {
    }

    public static List<Suggestion> rank(Need need, List<MediatorView> menu, int limit) {
        String town = need.areaCode().length() >= 9 ? need.areaCode().substring(0, 9) : need.areaCode();
        record Scored(MediatorView m, int score, List<Reason> reasons) {
        }
        List<Scored> scored = new ArrayList<>();
        for (MediatorView m : menu) {
            if (m.retired() || "AWAY".equals(m.availability()) || m.full()) {
                continue;
            }
            int score = 0;
            List<Reason> reasons = new ArrayList<>();
            // where they sit
            if (need.siteId() != null && need.siteId().equals(m.siteId())) {
                score += 25;
                reasons.add(new Reason("mediation.why.sameSite", List.of()));
            } else if (m.areaCode().length() > 6 && need.areaCode().startsWith(m.areaCode())) {
                score += 15;
                reasons.add(new Reason("mediation.why.covers", List.of()));
            } else if (m.areaCode().startsWith(town)) {
                score += 12;
                reasons.add(new Reason("mediation.why.nearby", List.of()));
            } else if (m.areaCode().length() <= 6 && need.areaCode().startsWith(m.areaCode())) {
                score += 5;
                reasons.add(new Reason("mediation.why.county", List.of()));
            } else {
                continue;
            }
            if (m.specialties().contains(need.type()) && need.type() != DisputeType.OTHER) {
                score += 30;
                reasons.add(new Reason("mediation.why.specialty", List.of()));
            }
            if (FITTING_KINDS.getOrDefault(need.type(), Set.of()).contains(m.kind())) {
                score += 10;
                reasons.add(new Reason("mediation.why.kindFits", List.of()));
            }
            if (need.language() != null) {
                if (m.languages().contains(need.language())) {
                    score += 15;
                    reasons.add(new Reason("mediation.why.language", List.of()));
                } else {
                    score -= 10;
                }
            }
            if (m.closed() >= 3) {
                double rate = (double) m.settled() / m.closed();
                score += (int) Math.round((rate - 0.5) * 20);
                reasons.add(new Reason("mediation.why.record", List.of(Integer.toString(m.settled()),
                        Integer.toString(m.closed()))));
            }
            score -= m.open() * 20 / Math.max(1, m.maxOpen());
            reasons.add(new Reason("mediation.why.load", List.of(Integer.toString(m.open()),
                    Integer.toString(m.maxOpen()))));
            if ("BUSY".equals(m.availability())) {
                score -= 10;
                reasons.add(new Reason("mediation.why.busy", List.of()));
            }
            scored.add(new Scored(m, score, List.copyOf(reasons)));
        }
        scored.sort(Comparator.comparingInt(Scored::score).reversed()
                .thenComparingInt(s -> s.m().open()).thenComparingLong(s -> s.m().id()));
        List<Suggestion> out = new ArrayList<>();
        for (int i = 0; i < scored.size() && i < limit; i++) {
            Scored s = scored.get(i);
            out.add(new Suggestion(s.m(), i + 1, s.score(), s.reasons()));
        }
        return out;
    }
}
