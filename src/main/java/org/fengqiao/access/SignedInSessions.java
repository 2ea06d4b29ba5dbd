package org.fengqiao.access;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;

/**
 * Replaces the signed-in user of a session (second factor passed, password changed, roles reloaded). Sessions live
 * in the database, so the security context is stored again explicitly: an object changed in place would be lost
 * when the next request, perhaps on another instance, reads the session back.
 */
final class SignedInSessions {

    private SignedInSessions() {
    }

    static void replace(HttpServletRequest request, SignedInUser user) {
        SecurityContext context = SecurityContextHolder.getContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(user, null,
                user.getAuthorities()));
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.setAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY, context);
        }
    }
}
