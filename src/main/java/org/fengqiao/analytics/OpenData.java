package org.fengqiao.analytics;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.fengqiao.cases.Indicators;
import org.fengqiao.geography.AreaDirectory;
import org.fengqiao.geography.AreaView;
import org.fengqiao.platform.InvalidRequestException;
import org.fengqiao.platform.NotFoundException;
import org.springframework.stereotype.Service;

/**
 * Open data for the county's public site: the indicators of each town per month, anonymised — only counts of an
 * area and a month, never a case, a person or a place finer than a town — and small counts suppressed (1 to 4
 * shows as null, and so does a rate whose base is under 5), so no one can be picked out.
 */
@Service
public class OpenData {

    /** Counts under this (but above zero) are suppressed. */
    static final int SMALLEST = 5;

    /** One town's month; null where suppressed. */
    public record TownMonth(String month, String townCode, String townName, Long reports, Long opened, Long due,
                            Long closed, Long closedOnTime, BigDecimal completionRate, BigDecimal onTimeRate,
                            BigDecimal satisfactionRate) {
    }

    private final RollupQueries rollups;
    private final AreaDirectory areas;
    private final Dashboards dashboards;

    OpenData(RollupQueries rollups, AreaDirectory areas, Dashboards dashboards) {
        this.rollups = rollups;
        this.areas = areas;
        this.dashboards = dashboards;
    }

    /** The towns of a county, for one month or (without one) the last 12 whole months. */
    public List<TownMonth> indicators(String county, YearMonth month) {
        if (county == null || !county.matches("\\d{6}")) {
            throw new InvalidRequestException("Name a county by its six-digit code");
        }
        AreaView c = areas.find(county).filter(a -> "COUNTY".equals(a.level()))
                .orElseThrow(() -> new NotFoundException("No county " + county));
        YearMonth last = YearMonth.from(dashboards.today()).minusMonths(1);
        if (month != null && month.isAfter(last)) {
            throw new InvalidRequestException("Open data covers whole months up to " + last);
        }
        List<YearMonth> months = new ArrayList<>();
        if (month != null) {
            months.add(month);
        } else {
            for (int i = 11; i >= 0; i--) {
                months.add(last.minusMonths(i));
            }
        }
        List<AreaView> towns = areas.children(c.code()).stream().filter(a -> "BASE".equals(a.kind())).toList();
        List<TownMonth> out = new ArrayList<>();
        for (YearMonth m : months) {
            Map<String, long[]> sums = rollups.sums(c.code(), null, null, m.atDay(1), m.plusMonths(1).atDay(1),
                    RollupQueries.By.CHILD_AREA);
            for (AreaView t : towns) {
                Indicators.Figures f = Dashboards.figuresOf(t.code(), t.name(),
                        sums.getOrDefault(t.code(), new long[Measures.ALL.size()]));
                out.add(new TownMonth(m.toString(), t.code(), t.name(), shown(f.reports()), shown(f.opened()),
                        shown(f.due()), shown(f.closed()), shown(f.closedOnTime()),
                        f.due() < SMALLEST ? null : f.completionRate(), f.due() < SMALLEST ? null : f.onTimeRate(),
                        f.ratings() < SMALLEST ? null : f.satisfactionRate()));
            }
        }
        return out;
    }

    static Long shown(long n) {
        return n > 0 && n < SMALLEST ? null : n;
    }
}
