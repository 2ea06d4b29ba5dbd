package org.fengqiao.platform;

/** A request that conflicts with the current state (wrong state, concurrent edit); answered with 409. */
public class ConflictException extends RuntimeException {
    public ConflictException(String message) {
        super(message);
    }
}
