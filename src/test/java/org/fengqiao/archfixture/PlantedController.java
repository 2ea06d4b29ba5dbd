package org.fengqiao.archfixture;

import java.time.Instant;
import java.time.ZoneId;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.RestController;

/**
 * Breaks every house rule on purpose, so that {@code HouseRulesTest} proves each rule can fail. Never used by the
 * application (it lies outside the scanned packages' modules).
 */
@RestController
public class PlantedController {

    private final JdbcClient jdbc;

    public PlantedController(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Object reachIn() {
        return org.fengqiao.geography.internal.AreaRules.LEVELS;
    }

    Instant now() {
        return Instant.now();
    }

    ZoneId zone() {
        return ZoneId.of("Asia/Shanghai");
    }
}
