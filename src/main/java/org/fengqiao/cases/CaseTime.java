package org.fengqiao.cases;

import org.springframework.stereotype.Component;

/** Helpers for the case pages: {@code ${@caseTime.bar(rate)}}; times are {@code ${@countyTime.at(x)}}. */
@Component("caseTime")
class CaseTime {

    /** Width in percent for a bar of a rate, 0..100. */
    public String bar(java.math.BigDecimal rate) {
        return rate == null ? "0%" : rate.min(java.math.BigDecimal.valueOf(100)).toPlainString() + "%";
    }
}
