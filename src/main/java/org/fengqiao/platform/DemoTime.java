package org.fengqiao.platform;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.function.Supplier;

/**
 * The application's clock: the system clock, except on a thread that runs {@link #at(Instant, Supplier)}, where it
 * reads as that instant (moving on in real time from there). Only the demo history generator shifts it, to write a
 * backdated history through the real facades; every other thread sees the system time unchanged.
 */
public final class DemoTime extends Clock {

    private static final ThreadLocal<Duration> OFFSET = new ThreadLocal<>();

    private final ZoneId zone;

    public DemoTime(ZoneId zone) {
        this.zone = zone;
    }

    /** Runs {@code work} on this thread with every injected clock reading {@code at}; restores the time after. */
    public static <T> T at(Instant at, Supplier<T> work) {
        Duration previous = OFFSET.get();
        OFFSET.set(Duration.between(Instant.now(), at));
        try {
            return work.get();
        } finally {
            if (previous == null) {
                OFFSET.remove();
            } else {
                OFFSET.set(previous);
            }
        }
    }

    public static void runAt(Instant at, Runnable work) {
        at(at, () -> {
            work.run();
            return null;
        });
    }

    @Override
    public Instant instant() {
        Duration offset = OFFSET.get();
        Instant now = Instant.now();
        return offset == null ? now : now.plus(offset);
    }

    @Override
    public long millis() {
        return instant().toEpochMilli();
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return zone.equals(this.zone) ? this : new DemoTime(zone);
    }
}
