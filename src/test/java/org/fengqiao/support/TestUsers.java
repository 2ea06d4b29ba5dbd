package org.fengqiao.support;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.fengqiao.platform.CurrentUser;
import org.fengqiao.platform.Role;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.authentication;

/**
 * Test-data builder for signed-in users: {@code TestUsers.user("x").holding(Role.LEADER, "440784001").build()}.
 * Each {@code holding} is one role assignment, so a person with posts in several places is built as such.
 */
public final class TestUsers {

    /** A signed-in user as the domain sees them. */
    public record User(long personId, String username, String displayName,
                       List<CurrentUser.Assignment> assignments) implements CurrentUser.User {

        /** For MockMvc requests made as this user. */
        public RequestPostProcessor request() {
            return authentication(token());
        }

        public UsernamePasswordAuthenticationToken token() {
            return new UsernamePasswordAuthenticationToken(this, "n/a",
                    heldRoles().stream().map(r -> new SimpleGrantedAuthority(r.authority())).toList());
        }

        /** Runs the work with this user in the security context. */
        public <T> T call(Supplier<T> work) {
            var previous = SecurityContextHolder.getContext();
            var context = SecurityContextHolder.createEmptyContext();
            context.setAuthentication(token());
            SecurityContextHolder.setContext(context);
            try {
                return work.get();
            } finally {
                SecurityContextHolder.setContext(previous);
            }
        }

        public void run(Runnable work) {
            call(() -> {
                work.run();
                return null;
            });
        }
    }

    public static Builder user(String username) {
        return new Builder(username);
    }

    /**
     * The signed-in user of a stored account (a demo account or one a test created), with the active posts of its
     * person read from the database as at login.
     */
    public static User ofAccount(org.springframework.jdbc.core.simple.JdbcClient jdbc, String username) {
        long personId = jdbc.sql("select person_id from account where username = ?").param(username)
                .query(Long.class).single();
        record Post(String role, String areaCode, Long organisationId) {
        }
        List<CurrentUser.Assignment> posts = jdbc.sql("""
                        select role, area_code, organisation_id from role_assignment
                        where person_id = ? and revoked_at is null order by id""")
                .param(personId).query(Post.class).list().stream()
                .map(p -> new CurrentUser.Assignment(Role.valueOf(p.role()), p.areaCode(), p.organisationId()))
                .toList();
        return new User(personId, username, username, posts);
    }

    /** The common case: one role in one area. */
    public static User with(String username, Role role, String areaCode) {
        return user(username).holding(role, areaCode).build();
    }

    public static final class Builder {
        private final String username;
        private long personId = -1;
        private String displayName;
        private final List<CurrentUser.Assignment> assignments = new ArrayList<>();

        private Builder(String username) {
            this.username = username;
            this.displayName = username;
        }

        public Builder person(long id) {
            this.personId = id;
            return this;
        }

        public Builder named(String name) {
            this.displayName = name;
            return this;
        }

        public Builder holding(Role role, String areaCode) {
            assignments.add(new CurrentUser.Assignment(role, areaCode));
            return this;
        }

        /** A post acting for an organisation (a department handler). */
        public Builder holding(Role role, String areaCode, long organisationId) {
            assignments.add(new CurrentUser.Assignment(role, areaCode, organisationId));
            return this;
        }

        public User build() {
            return new User(personId, username, displayName, List.copyOf(assignments));
        }
    }

    private TestUsers() {
    }
}
