package org.fengqiao.intake;

/** Where a report came from. QR and OPEN311 are public channels that submit without a staff account. */
public enum ReportChannel {
    COUNTER, HOTLINE, PATROL, QR, OPEN311, API;

    public boolean isPublic() {
        return this == QR || this == OPEN311;
    }
}
