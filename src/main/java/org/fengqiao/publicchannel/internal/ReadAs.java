package org.fengqiao.publicchannel.internal;

import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import org.fengqiao.platform.CurrentUser;
import org.fengqiao.platform.DataScope;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Runs a piece of work as a public client: a principal with no roles, whose scope is only the one area the public
 * record lies in. The intake and cases facades read "who is acting" from the security context; this lets a public
 * page read exactly the one report or case it holds a tracking code for, and attributes uploads to the client
 * (e.g. "qr:7KQ2M…"), without granting any staff permission.
 */
public final class ReadAs {

    private ReadAs() {
    }

    record PublicClient(String username, DataScope scope) implements CurrentUser.User {
        @Override
        public long personId() {
            return 0;
        }

        @Override
        public String displayName() {
            return username;
        }

        @Override
        public List<CurrentUser.Assignment> assignments() {
            return List.of();
        }
    }

    public static <T> T run(String client, String areaCode, Supplier<T> work) {
        SecurityContext previous = SecurityContextHolder.getContext();
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        PublicClient principal = new PublicClient(client,
                areaCode == null ? DataScope.NOTHING : DataScope.of(areaCode));
        context.setAuthentication(new UsernamePasswordAuthenticationToken(principal, null, List.of()));
        SecurityContextHolder.setContext(context);
        try {
            return work.get();
        } finally {
            SecurityContextHolder.setContext(previous);
        }
    }
}
