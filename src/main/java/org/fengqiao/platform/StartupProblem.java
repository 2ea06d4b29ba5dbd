package org.fengqiao.platform;

/** A reason the platform cannot start that the operator can fix; printed as one clear line. */
public class StartupProblem extends RuntimeException {
    public StartupProblem(String message) {
        super(message);
    }
}
