package org.fengqiao.cases;

import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import org.fengqiao.platform.CurrentUser;
import org.fengqiao.platform.Role;
import org.fengqiao.support.TestUsers;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/** Acts as a demo account (its role assignments read from the database, as at login) in tests. */
public final class Staff {

    private final JdbcClient jdbc;

    public Staff(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public TestUsers.User user(String username) {
        return TestUsers.ofAccount(jdbc, username);
    }

    /** A user holding each of these roles in each of these areas. */
    public static TestUsers.User custom(String username, Set<String> roles, String... scope) {
        TestUsers.Builder b = TestUsers.user(username);
        for (String r : roles) {
            for (String area : scope) {
                b.holding(Role.valueOf(r), area);
            }
        }
        return b.build();
    }

    public static Authentication token(CurrentUser.User u) {
        return new UsernamePasswordAuthenticationToken(u, "n/a",
                u.roles().stream().map(r -> new SimpleGrantedAuthority("ROLE_" + r)).toList());
    }

    public <T> T as(String username, Supplier<T> work) {
        return as(user(username), work);
    }

    public static <T> T as(CurrentUser.User u, Supplier<T> work) {
        var previous = SecurityContextHolder.getContext().getAuthentication();
        SecurityContextHolder.getContext().setAuthentication(token(u));
        try {
            return work.get();
        } finally {
            SecurityContextHolder.getContext().setAuthentication(previous);
        }
    }

    public void run(String username, Runnable work) {
        as(username, () -> {
            work.run();
            return null;
        });
    }
}
