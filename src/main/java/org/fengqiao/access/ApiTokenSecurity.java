package org.fengqiao.access;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The JSON API for machine clients: a request to {@code /api/**} with {@code Authorization: Bearer <token>} goes
 * through this short chain — no session (none is created or read), no CSRF token (nothing a browser would send on its
 * own), no login page, no account-status or password filters — and acts as the token's {@link ApiClient}. Everything
 * else takes the browser chain of {@link SecurityConfiguration}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class ApiTokenSecurity {

    static boolean bearer(HttpServletRequest request) {
        String auth = request.getHeader("Authorization");
        return auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)
                && request.getRequestURI().startsWith(request.getContextPath() + "/api/");
    }

    @Bean
    @Order(1)
    SecurityFilterChain apiTokenChain(HttpSecurity http, ApiTokens tokens) throws Exception {
        http.securityMatcher(ApiTokenSecurity::bearer)
                .authorizeHttpRequests(auth -> auth.anyRequest().authenticated())
                .csrf(c -> c.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(c -> c.disable())
                .anonymous(a -> a.disable())
                .logout(l -> l.disable())
                .exceptionHandling(e -> e.authenticationEntryPoint(new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED)))
                .addFilterBefore(new BearerFilter(tokens), BasicAuthenticationFilter.class);
        return http.build();
    }

    /** Puts the token's client into the security context, or answers 401 for a token that does not (or no more) work. */
    static final class BearerFilter extends OncePerRequestFilter {

        private final ApiTokens tokens;

        BearerFilter(ApiTokens tokens) {
            this.tokens = tokens;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            String secret = request.getHeader("Authorization").substring(7).strip();
            ApiClient client = tokens.authenticate(secret, request.getMethod(), request.getRequestURI()).orElse(null);
            if (client == null) {
                response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
                response.setHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
                response.setContentType("application/problem+json");
                response.getWriter().write("{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401,"
                        + "\"detail\":\"The API token is unknown, expired or revoked.\"}");
                return;
            }
            SecurityContext context = SecurityContextHolder.createEmptyContext();
            context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(client, null,
                    client.heldRoles().stream().map(r -> new SimpleGrantedAuthority(r.authority())).toList()));
            SecurityContextHolder.setContext(context);
            try {
                chain.doFilter(request, response);
            } finally {
                SecurityContextHolder.clearContext();
            }
        }
    }
}
