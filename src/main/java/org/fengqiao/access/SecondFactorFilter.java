package org.fengqiao.access;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/** Until the one-time code of an account with a second factor is accepted, only the code page can be opened. */
class SecondFactorFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (auth != null && auth.getPrincipal() instanceof SignedInUser user && user.secondFactorPending()
                && !path.equals("/login/totp") && !path.equals("/logout") && !isAsset(path)) {
            if (path.startsWith("/api/")) {
                response.sendError(HttpServletResponse.SC_UNAUTHORIZED, "Enter the one-time code first.");
            } else {
                response.sendRedirect(request.getContextPath() + "/login/totp");
            }
            return;
        }
        chain.doFilter(request, response);
    }

    private static boolean isAsset(String path) {
        return path.startsWith("/css/") || path.startsWith("/js/") || path.startsWith("/webjars/")
                || path.equals("/error") || path.equals("/favicon.ico");
    }
}
