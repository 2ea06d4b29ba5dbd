package org.fengqiao.cases;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Set;

import org.fengqiao.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Reproduces the Tianmen monthly report of DOMAIN.md §4 on the real tables: 1054 reports, 996 cases opened, 972 due
 * for closure in the month, 911 of them closed (结案率 93.72%), 737 on time (按期结案率 75.82%).
 */
@IntegrationTest
class IndicatorsTest {

    /** An area of its own so no other test's data counts. */
    static final String AREA = "429006901";

    @Autowired
    Indicators indicators;
    @Autowired
    JdbcClient jdbc;

    @Test
    void rateIsAPercentageWithTwoDecimalsOverItsDenominator() {
        assertThat(Indicators.rate(911, 972)).isEqualByComparingTo("93.72");
        assertThat(Indicators.rate(737, 972)).isEqualByComparingTo("75.82");
        assertThat(Indicators.rate(1, 0)).isNull();
    }

    @Test
    void theTianmenExample() {
        // 1054 reports in March 2026: 996 accepted, 30 merged as duplicates, 28 rejected
        jdbc.sql("""
                        insert into report (submitted_by, channel, category_code, description, area_code, status,
                                            received_at, accept_due, decided_at)
                        select 'tianmen', 'HOTLINE', 'ENV-DUMPING', 'report ' || g, ? || '001',
                               case when g <= 996 then 'ACCEPTED' when g <= 1026 then 'MERGED' else 'REJECTED' end,
                               timestamptz '2026-03-02 09:00+08' + (g % 20) * interval '1 day',
                               timestamptz '2026-03-02 11:00+08' + (g % 20) * interval '1 day',
                               timestamptz '2026-03-02 10:00+08' + (g % 20) * interval '1 day'
                                 + case when g <= 900 then interval '0' else interval '3 hours' end
                        from generate_series(1, 1054) g""").param(AREA).update();
        // 996 cases opened; the first 972 are due for closure in March, the other 24 in April;
        // 911 of the due ones closed, 737 of them by their deadline
        jdbc.sql("""
                        insert into case_file (number, category_code, description, area_code, state, opened_at,
                                               opened_by, first_dispatched_at, dispatched_at, handle_due, closed_at,
                                               closing_kind)
                        select 'TM-202603-' || g, 'ENV-DUMPING', 'case ' || g, ? || '001',
                               case when g <= 911 or g > 972 then 'CLOSED' else 'IN_PROGRESS' end,
                               timestamptz '2026-03-01 09:00+08', 'tianmen',
                               timestamptz '2026-03-01 10:00+08', timestamptz '2026-03-01 10:00+08',
                               case when g <= 972 then timestamptz '2026-03-10 17:30+08' + (g % 15) * interval '1 day'
                                    else timestamptz '2026-04-10 17:30+08' end,
                               case when g <= 737 then timestamptz '2026-03-09 12:00+08'
                                    when g <= 911 then timestamptz '2026-04-01 12:00+08'
                                    when g > 972 then timestamptz '2026-03-20 12:00+08' end,
                               case when g <= 911 or g > 972 then 'VERIFIED' end
                        from generate_series(1, 996) g""").param(AREA).update();
        Indicators.Figures f = Staff.as(Staff.custom("tianmen.leader", Set.of("LEADER"), AREA),
                () -> indicators.figures(Indicators.Query.month(AREA, LocalDate.of(2026, 3, 1))));
        assertThat(f.reports()).isEqualTo(1054);
        assertThat(f.opened()).isEqualTo(996);
        assertThat(f.due()).isEqualTo(972);
        assertThat(f.closed()).isEqualTo(911);
        assertThat(f.closedOnTime()).isEqualTo(737);
        assertThat(f.completionRate()).isEqualByComparingTo(new BigDecimal("93.72"));
        assertThat(f.onTimeRate()).isEqualByComparingTo(new BigDecimal("75.82"));
        // 及时受理率: 900 of the 996 accepted within the two-hour limit, over all 1054 reports
        assertThat(f.timelyIntakeRate()).isEqualByComparingTo(Indicators.rate(900, 1054));
        // 重复率: 30 merged of 1054 reports
        assertThat(f.repeatRate()).isEqualByComparingTo(new BigDecimal("2.85"));
        // the period decides: in April only the 24 April cases are due
        Indicators.Figures april = Staff.as(Staff.custom("tianmen.leader", Set.of("LEADER"), AREA),
                () -> indicators.figures(Indicators.Query.month(AREA, LocalDate.of(2026, 4, 1))));
        assertThat(april.due()).isEqualTo(24);
        assertThat(april.completionRate()).isEqualByComparingTo("100.00");
    }
}
