package org.fengqiao.cases;

/** A stage's time limit, e.g. 5 working days. */
public record DeadlineRule(int amount, DeadlineUnit unit) {

    public DeadlineRule {
        if (amount < 1 || amount > 999) {
            throw new IllegalArgumentException("A time limit must be between 1 and 999, not " + amount);
        }
        if (unit == null) {
            throw new IllegalArgumentException("A time limit needs a unit");
        }
    }

    public static DeadlineRule parse(int amount, String unit) {
        DeadlineUnit u;
        try {
            u = DeadlineUnit.valueOf(unit);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Unknown time-limit unit: " + unit);
        }
        return new DeadlineRule(amount, u);
    }

    @Override
    public String toString() {
        return amount + " " + unit;
    }
}
