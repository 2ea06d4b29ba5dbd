package org.fengqiao.cases;

/** How a stage's time limit is counted. */
public enum DeadlineUnit {
    /** Calendar days, weekends and holidays included. */
    NATURAL_DAYS,
    /** Working days on the working calendar; the limit ends when the last working day's office hours end. */
    WORKING_DAYS,
    /** Office hours on working days only. */
    WORKING_HOURS
}
