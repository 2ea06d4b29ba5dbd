package org.fengqiao.shell;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.fengqiao.platform.InvalidRequestException;
import org.fengqiao.platform.NotFoundException;
import org.fengqiao.platform.Role;
import org.fengqiao.support.TestUsers;
import org.springframework.security.access.AccessDeniedException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Records what a permission walk saw: for each user, action and record area(s), whether the action went through,
 * against the walk's own expectation (ONE assignment holding a role of the test's table covers every area), and
 * against the flawed rule the issue found ("has the role somewhere" and "the area is in the union of my areas").
 * {@link #verify()} fails on any difference from the expectation, on an action never allowed or never refused, and
 * when no attempt separated the two rules (the positive control: the walk could not have caught the flaw).
 */
final class AssignmentWalk {

    /** One try of an action; answers whether it went through. Refusals may be thrown. */
    @FunctionalInterface
    interface Attempt {
        boolean tryIt() throws Exception;
    }

    record Outcome(String user, String action, List<String> areas, boolean expected, boolean actual,
                   boolean flawedRule) {
    }

    private final List<Outcome> outcomes = new ArrayList<>();

    /** Runs the attempt as the user; area-bound: allowed when one assignment with a role of {@code mayDo} covers all. */
    void attempt(TestUsers.User user, String action, Set<Role> mayDo, Attempt attempt, String... areas) {
        boolean expected = user.assignments().stream().anyMatch(a -> mayDo.contains(a.role())
                && Arrays.stream(areas).allMatch(code -> code.startsWith(a.areaCode())));
        boolean flawed = user.assignments().stream().anyMatch(a -> mayDo.contains(a.role()))
                && Arrays.stream(areas).allMatch(code -> user.assignments().stream()
                .anyMatch(a -> code.startsWith(a.areaCode())));
        record(user, action, List.of(areas), expected, flawed, attempt);
    }

    /** Runs the attempt as the user; county-wide: allowed when an assignment at county level holds a role of mayDo. */
    void attemptCountyWide(TestUsers.User user, String action, Set<Role> mayDo, Attempt attempt) {
        boolean expected = user.assignments().stream().anyMatch(a -> mayDo.contains(a.role())
                && a.areaCode().length() <= 6);
        boolean flawed = user.assignments().stream().anyMatch(a -> mayDo.contains(a.role()));
        record(user, action, List.of(), expected, flawed, attempt);
    }

    private void record(TestUsers.User user, String action, List<String> areas, boolean expected, boolean flawed,
                        Attempt attempt) {
        boolean actual = user.call(() -> {
            try {
                return attempt.tryIt();
            } catch (AccessDeniedException | NotFoundException e) {
                return false;
            } catch (InvalidRequestException e) {
                if (e.getMessage().contains("outside your area")) {
                    return false;
                }
                throw new AssertionError(user.username() + " " + action + " " + areas + ": " + e.getMessage(), e);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        outcomes.add(new Outcome(user.username(), action, areas, expected, actual, flawed));
    }

    /** For HTTP attempts: 2xx went through, 403 and 404 were refused, a 400 only when it says "outside your area". */
    static boolean httpAllowed(int status, String body) {
        if (status >= 200 && status < 300) {
            return true;
        }
        if (status == 403 || status == 404 || status == 400 && body.contains("outside your area")) {
            return false;
        }
        throw new AssertionError("unexpected answer " + status + ": " + body);
    }

    List<Outcome> outcomes() {
        return outcomes;
    }

    void verify() {
        assertThat(outcomes).as("the walk tried something").isNotEmpty();
        List<String> wrong = outcomes.stream().filter(o -> o.expected() != o.actual())
                .map(o -> o.user() + " " + o.action() + " " + o.areas() + ": expected "
                        + (o.expected() ? "allowed" : "refused") + ", was " + (o.actual() ? "allowed" : "refused"))
                .toList();
        assertThat(wrong).as("outcomes that differ from the walk's own table").isEmpty();
        Map<String, Set<Boolean>> seen = new LinkedHashMap<>();
        outcomes.forEach(o -> seen.computeIfAbsent(o.action(), k -> new java.util.HashSet<>()).add(o.actual()));
        assertThat(seen.entrySet().stream().filter(e -> e.getValue().size() < 2).map(Map.Entry::getKey)
                .collect(Collectors.toList()))
                .as("every action is both allowed somewhere and refused somewhere in the walk").isEmpty();
        assertThat(outcomes.stream().filter(o -> o.flawedRule() != o.expected()).count())
                .as("positive control: attempts where 'role somewhere + area in the union' would have differed")
                .isPositive();
    }
}
