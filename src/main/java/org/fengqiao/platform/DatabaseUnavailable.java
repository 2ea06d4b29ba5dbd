package org.fengqiao.platform;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;

/**
 * While PostgreSQL is down or restarting, every request that needs it answers 503 with a clear message — a problem
 * detail for the JSON API and machine clients, a small page for people — with {@code Retry-After}, never a 500 or a
 * trace. Nothing is acknowledged that was not committed, so a client that retries (with its idempotency key) loses
 * nothing; the connection pool reconnects by itself once the database is back. The check sits in two places: a
 * filter before everything else (sessions are read from the database before any controller runs) and an exception
 * resolver ahead of the controllers' own error handlers.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseUnavailable {

    private static final Logger log = LoggerFactory.getLogger(DatabaseUnavailable.class);

    static final String DETAIL_EN = "The database is briefly unavailable, so this request was not carried out."
            + " Please send it again in a few seconds (with the same Idempotency-Key, if it had one).";
    static final String DETAIL_ZH = "数据库暂时不可用，本次操作未执行，请几秒钟后重试。";
    static final String RETRY_AFTER_SECONDS = "5";

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> databaseUnavailableFilter() {
        FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
                                            FilterChain chain) throws ServletException, IOException {
                try {
                    chain.doFilter(request, response);
                } catch (ServletException | IOException | RuntimeException e) {
                    if (!isCause(e)) {
                        throw e;
                    }
                    answer(request, response, e);
                }
            }

            @Override
            protected boolean shouldNotFilterErrorDispatch() {
                return false; // the error page reads the session too
            }
        });
        registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ERROR, DispatcherType.ASYNC);
        // before Spring Session's repository filter (MIN_VALUE + 50) and Spring Security
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        registration.setName("databaseUnavailableFilter");
        return registration;
    }

    @Bean
    HandlerExceptionResolver databaseUnavailableResolver() {
        return new Resolver();
    }

    static final class Resolver implements HandlerExceptionResolver, Ordered {
        @Override
        public ModelAndView resolveException(HttpServletRequest request, HttpServletResponse response, Object handler,
                                             Exception ex) {
            if (!isCause(ex)) {
                return null;
            }
            try {
                answer(request, response, ex);
            } catch (IOException e) {
                return null;
            }
            return new ModelAndView();
        }

        @Override
        public int getOrder() {
            return Ordered.HIGHEST_PRECEDENCE + 1;
        }
    }

    /** Whether this failure means the database could not be reached (down, restarting, connection lost). */
    static boolean isCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof CannotGetJdbcConnectionException || t instanceof CannotCreateTransactionException
                    || t instanceof DataAccessResourceFailureException
                    || t instanceof TransientDataAccessResourceException
                    || t instanceof RecoverableDataAccessException
                    || t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException
                    || t instanceof SQLRecoverableException) {
                return true;
            }
            if (t instanceof SQLException sql && (sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))
                    || "Connection is closed".equals(sql.getMessage()))) { // the pool's, after the server went away
                return true;
            }
            // a failed rollback hides the failure that caused it
            if (t instanceof TransactionSystemException tse && tse.getApplicationException() != null
                    && tse.getApplicationException() != e && isCause(tse.getApplicationException())) {
                return true;
            }
        }
        return false;
    }

    static void answer(HttpServletRequest request, HttpServletResponse response, Throwable cause) throws IOException {
        log.warn("Database unavailable, answered 503 to {} {}: {}", request.getMethod(), request.getRequestURI(),
                rootMessage(cause));
        if (response.isCommitted()) {
            return;
        }
        response.reset();
        response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        response.setHeader("Retry-After", RETRY_AFTER_SECONDS);
        response.setHeader("Cache-Control", "no-store");
        String path = request.getRequestURI().substring(request.getContextPath().length());
        String accept = request.getHeader("Accept");
        boolean page = !path.startsWith("/api/") && !path.startsWith("/open311/") && accept != null
                && accept.contains("text/html");
        byte[] body;
        if (page) {
            response.setContentType("text/html;charset=UTF-8");
            body = ("<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
                    + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                    + "<meta http-equiv=\"refresh\" content=\"" + RETRY_AFTER_SECONDS + "\">"
                    + "<title>暂时不可用 · Briefly unavailable</title></head>"
                    + "<body style=\"font-family:sans-serif;max-width:40em;margin:3em auto;padding:0 1em\">"
                    + "<h1 id=\"unavailable\">暂时不可用 · Briefly unavailable</h1>"
                    + "<p>" + DETAIL_ZH + "本页将自动刷新。</p><p lang=\"en\">" + DETAIL_EN
                    + " This page reloads by itself.</p></body></html>").getBytes(StandardCharsets.UTF_8);
        } else {
            response.setContentType("application/problem+json");
            body = ("{\"type\":\"about:blank\",\"title\":\"Service Unavailable\",\"status\":503,\"detail\":\""
                    + DETAIL_EN + "\",\"instance\":\"" + jsonEscape(path) + "\"}").getBytes(StandardCharsets.UTF_8);
        }
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
        response.flushBuffer();
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    private static String jsonEscape(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
