package org.fengqiao.mediation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.fengqiao.mediation.MenuViews.MediatorView;
import org.fengqiao.mediation.MenuViews.Suggestion;
import org.fengqiao.mediation.Vocabulary.Language;
import org.fengqiao.mediation.Vocabulary.MediatorKind;
import org.fengqiao.mediation.internal.SuggestionRanker;
import org.junit.jupiter.api.Test;

class SuggestionRankerTest {

    private static final String GRID = "440784001005002";

    private static MediatorView m(long id, String name, MediatorKind kind, String area, Long site,
                                  List<DisputeType> specs, List<Language> langs, String availability, int open,
                                  int max, int closed, int settled) {
        return new MediatorView(id, name, kind, null, site, null, null, area, specs, langs, null, availability, max,
                open, closed, settled, null, false, 0);
    }

    @Test
    void aLabourMediatorNearbyWhoSpeaksTheLanguageComesFirstWithItsReasons() {
        List<MediatorView> menu = List.of(
                m(1, "县律师", MediatorKind.LAWYER, "440784", null, List.of(DisputeType.CONTRACT_DEBT),
                        List.of(Language.MANDARIN), "AVAILABLE", 0, 8, 0, 0),
                m(2, "工会调解员", MediatorKind.UNION, "440784001", 5L, List.of(DisputeType.LABOUR),
                        List.of(Language.MANDARIN, Language.CANTONESE), "AVAILABLE", 1, 8, 10, 9),
                m(3, "心理咨询师", MediatorKind.COUNSELLOR, "440784001", 5L, List.of(DisputeType.FAMILY),
                        List.of(Language.CANTONESE), "AVAILABLE", 0, 8, 0, 0),
                m(4, "外镇调解员", MediatorKind.UNION, "440784106", null, List.of(DisputeType.LABOUR),
                        List.of(Language.CANTONESE), "AVAILABLE", 0, 8, 0, 0),
                m(5, "休假中", MediatorKind.HR_BUREAU, "440784001", 5L, List.of(DisputeType.LABOUR),
                        List.of(Language.CANTONESE), "AWAY", 0, 8, 0, 0),
                m(6, "满额", MediatorKind.HR_BUREAU, "440784001", 5L, List.of(DisputeType.LABOUR),
                        List.of(Language.CANTONESE), "AVAILABLE", 8, 8, 0, 0));
        List<Suggestion> s = SuggestionRanker.rank(new SuggestionRanker.Need(DisputeType.LABOUR, GRID, 5L,
                Language.CANTONESE), menu, 10);
        assertThat(s).extracting(x -> x.mediator().id()).containsExactly(2L, 3L, 1L);
        assertThat(s.getFirst().rank()).isEqualTo(1);
        assertThat(s.getFirst().reasons()).extracting(MenuViews.Reason::key).contains("mediation.why.sameSite",
                "mediation.why.specialty", "mediation.why.kindFits", "mediation.why.language", "mediation.why.record",
                "mediation.why.load");
        // another town's mediator, one away and one with a full hand are not suggested
        assertThat(s).extracting(x -> x.mediator().id()).doesNotContain(4L, 5L, 6L);
    }

    @Test
    void loadAndPastOutcomesOrderOtherwiseEqualMediators() {
        List<MediatorView> menu = List.of(
                m(1, "busy", MediatorKind.PEOPLES_MEDIATOR, "440784001", null, List.of(DisputeType.NEIGHBOUR),
                        List.of(Language.MANDARIN), "AVAILABLE", 6, 8, 0, 0),
                m(2, "free", MediatorKind.PEOPLES_MEDIATOR, "440784001", null, List.of(DisputeType.NEIGHBOUR),
                        List.of(Language.MANDARIN), "AVAILABLE", 0, 8, 0, 0),
                m(3, "poor record", MediatorKind.PEOPLES_MEDIATOR, "440784001", null, List.of(DisputeType.NEIGHBOUR),
                        List.of(Language.MANDARIN), "AVAILABLE", 0, 8, 10, 1));
        List<Suggestion> s = SuggestionRanker.rank(new SuggestionRanker.Need(DisputeType.NEIGHBOUR, GRID, null,
                null), menu, 3);
        assertThat(s).extracting(x -> x.mediator().name()).containsExactly("free", "poor record", "busy");
        assertThat(s.get(0).score()).isGreaterThan(s.get(1).score());
    }

    @Test
    void theLimitCutsTheList() {
        List<MediatorView> menu = List.of(
                m(1, "a", MediatorKind.LAWYER, "440784", null, List.of(), List.of(Language.MANDARIN), "AVAILABLE", 0,
                        8, 0, 0),
                m(2, "b", MediatorKind.LAWYER, "440784", null, List.of(), List.of(Language.MANDARIN), "BUSY", 0, 8, 0,
                        0));
        assertThat(SuggestionRanker.rank(new SuggestionRanker.Need(DisputeType.OTHER, GRID, null, null), menu, 1))
                .extracting(x -> x.mediator().name()).containsExactly("a");
    }
}
