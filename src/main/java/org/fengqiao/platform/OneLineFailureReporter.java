package org.fengqiao.platform;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalysisReporter;

/**
 * Prints why the platform could not start as one line an operator can act on (port in use, data folder not
 * writable, database unreachable), instead of a stack trace.
 */
public class OneLineFailureReporter implements FailureAnalysisReporter {

    @Override
    public void report(FailureAnalysis analysis) {
        String line = analysis.getDescription().replaceAll("\\s*\\R\\s*", " ").trim();
        String action = analysis.getAction() == null ? ""
                : " " + analysis.getAction().replaceAll("\\s*\\R\\s*", " ").trim();
        System.err.println("Fengqiao cannot start: " + line + action);
    }

    /** Turns a {@link StartupProblem} into an analysis, so it is reported in one line too. */
    public static class StartupProblemAnalyzer extends AbstractFailureAnalyzer<StartupProblem> {
        @Override
        protected FailureAnalysis analyze(Throwable rootFailure, StartupProblem cause) {
            return new FailureAnalysis(cause.getMessage(), null, cause);
        }
    }
}
