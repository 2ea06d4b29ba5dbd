package org.fengqiao.cases;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import org.fengqiao.platform.CurrentUser;
import org.fengqiao.platform.DataScope;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/** Acts as a demo account (roles and scope read from the database, as at login) in tests. */
public final class Staff {

    public record User(long personId, String username, String displayName, Set<String> roles, DataScope scope)
            implements CurrentUser.User {
    }

    private final JdbcClient jdbc;

    public Staff(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public User user(String username) {
        long personId = jdbc.sql("select person_id from account where username = ?").param(username)
                .query(Long.class).single();
        record A(String role, String areaCode) {
        }
        List<A> as = jdbc.sql("select role, area_code from role_assignment where person_id = ? and revoked_at is null")
                .param(personId).query(A.class).list();
        Set<String> roles = new LinkedHashSet<>();
        as.forEach(a -> roles.add(a.role()));
        return new User(personId, username, username, Set.copyOf(roles),
                DataScope.of(as.stream().map(A::areaCode).toList()));
    }

    public static User custom(String username, Set<String> roles, String... scope) {
        return new User(-1, username, username, roles, DataScope.of(scope));
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
