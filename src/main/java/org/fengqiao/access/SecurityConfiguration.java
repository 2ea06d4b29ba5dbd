package org.fengqiao.access;

import org.fengqiao.audit.AuditTrail;
import org.fengqiao.people.RoleAssignments;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
// a command run without a web server (e.g. the N-county generator) has no HTTP security to configure
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class SecurityConfiguration {

    /** Paths anyone may open: the login page, static assets, health, and the public channels' own pages. */
    static final String[] PUBLIC_PATHS = {
            "/login", "/css/**", "/js/**", "/img/**", "/webjars/**", "/favicon.ico", "/error",
            "/actuator/health/**", "/actuator/prometheus", "/v3/api-docs/**", "/public/**", "/open311/**"
    };

    /**
     * Spring Security's own observations are off (application.yml); saying so here as well keeps it from wrapping
     * every filter of every request in an observation decorator that then observes nothing (its frames were 1–2 % of
     * the request threads' samples in a JFR profile of intake; no change in throughput showed beyond run-to-run noise).
     */
    @Bean
    org.springframework.security.config.observation.SecurityObservationSettings noSecurityObservations() {
        return org.springframework.security.config.observation.SecurityObservationSettings.noObservations();
    }

    @Bean
    SecurityFilterChain web(HttpSecurity http, LoginAttempts loginAttempts, JdbcClient jdbc, AuditTrail audit,
                            AccountUserDetailsService users, RoleAssignments assignments,
                            java.time.Clock clock) throws Exception {
        http.authorizeHttpRequests(auth -> auth
                        .requestMatchers(PUBLIC_PATHS).permitAll()
                        .anyRequest().authenticated())
                .formLogin(form -> form.loginPage("/login")
                        .successHandler(loginAttempts)
                        .failureHandler(loginAttempts)
                        .permitAll())
                .logout(logout -> logout.logoutUrl("/logout").logoutSuccessUrl("/login?logout")
                        .invalidateHttpSession(true).deleteCookies("JSESSIONID", "SESSION")
                        .addLogoutHandler(loginAttempts))
                // the JSON API answers 401 instead of redirecting to the login page
                .exceptionHandling(e -> e.defaultAuthenticationEntryPointFor(
                        new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED),
                        PathPatternRequestMatcher.withDefaults().matcher("/api/**")))
                // Open311 clients post form bodies with an api_key and no session: no CSRF token there. The public
                // HTML forms under /public/** keep CSRF protection.
                .csrf(c -> c.ignoringRequestMatchers(PathPatternRequestMatcher.withDefaults().matcher("/open311/**")))
                .sessionManagement(s -> s.sessionFixation(f -> f.changeSessionId())
                        .invalidSessionStrategy(SecurityConfiguration::invalidSession))
                .headers(h -> h.contentSecurityPolicy(csp -> csp.policyDirectives(
                        "default-src 'self'; img-src 'self' data: blob: https:; style-src 'self' 'unsafe-inline';"
                                + " script-src 'self'; connect-src 'self'; frame-ancestors 'none'")))
                // first: a disabled account loses its session; then: the one-time code if the account has one;
                // then: an initial or expired password must change
                .addFilterAfter(new AccountStatusFilter(clock, jdbc, assignments, audit, users), BasicAuthenticationFilter.class)
                .addFilterAfter(new SecondFactorFilter(), AccountStatusFilter.class)
                .addFilterAfter(new PasswordChangeFilter(), SecondFactorFilter.class);
        return http.build();
    }

    /**
     * An expired session sends staff to the login page. A resident coming back to the public pages, or an Open311
     * client, has no login to renew: they get a fresh session and the same page again.
     */
    static void invalidSession(jakarta.servlet.http.HttpServletRequest request, HttpServletResponse response) throws java.io.IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (path.startsWith("/api/")) {
            // a program has no login page to go to: it signs in again (or uses an API token)
            response.sendError(HttpServletResponse.SC_UNAUTHORIZED);
            return;
        }
        if (path.equals("/public") || path.startsWith("/public/") || path.startsWith("/open311/")) {
            request.getSession(true);
            String query = request.getQueryString();
            response.sendRedirect(request.getRequestURI() + (query == null ? "" : "?" + query));
            return;
        }
        request.getSession(true);
        response.sendRedirect(request.getContextPath() + "/login?expired");
    }
}
