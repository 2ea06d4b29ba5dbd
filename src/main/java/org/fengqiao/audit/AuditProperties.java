package org.fengqiao.audit;

import java.time.Duration;

import org.fengqiao.platform.StartupProblem;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param retention how long audit events are kept at least (Cybersecurity Law Art. 21: six months). The platform
 *                  never deletes audit events; this is the floor any archiving procedure must respect, and a value
 *                  below 180 days is refused at startup.
 */
@ConfigurationProperties("fengqiao.audit")
public record AuditProperties(@DefaultValue("180d") Duration retention) {

    public static final Duration MINIMUM = Duration.ofDays(180);

    public AuditProperties {
        if (retention == null) {
            retention = MINIMUM;
        }
        if (retention.compareTo(MINIMUM) < 0) {
            throw new StartupProblem("fengqiao.audit.retention is " + retention.toDays()
                    + " days; security logs must be kept at least 180 days (Cybersecurity Law Art. 21).");
        }
    }
}
