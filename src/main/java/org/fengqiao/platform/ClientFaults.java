package org.fengqiao.platform;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;

/**
 * The last resolver before an exception would become a 500: faults of the request itself that surface below or
 * before any controller (a multipart body that does not parse, parameters that are not valid percent-encoded UTF-8,
 * a value the database cannot store) are answered 400 (413 for an upload that is too large). The JSON API gets a
 * problem detail with the reason; pages get the error page with that status.
 */
@Component
class ClientFaults implements HandlerExceptionResolver, Ordered {

    private static final Logger log = LoggerFactory.getLogger(ClientFaults.class);

    @Override
    public ModelAndView resolveException(HttpServletRequest request, HttpServletResponse response, Object handler,
                                         Exception e) {
        RequestProblems.Problem p = RequestProblems.clientFault(e);
        if (p == null) {
            return null;
        }
        if (e instanceof org.springframework.dao.DataIntegrityViolationException) {
            // the client's fault, but one the code should have caught before the SQL: say where
            log.warn("{} carried a value the database refused ({}); validate it before the query",
                    request.getRequestURI(), p.detail(), e);
        } else {
            log.debug("Bad request {}: {}", request.getRequestURI(), p.detail());
        }
        // a body the server could not even read (a broken chunked encoding) was answered 400 by the server itself,
        // which also marked the exception as unhandled: were it left so, the error page would turn the 400 into a 500
        request.removeAttribute(jakarta.servlet.RequestDispatcher.ERROR_EXCEPTION);
        if (response.isCommitted()) {
            return new ModelAndView();
        }
        try {
            if (api(request, handler)) {
                response.resetBuffer();
                response.setStatus(p.status().value());
                response.setContentType("application/problem+json");
                response.setCharacterEncoding("UTF-8");
                response.getWriter().write("{\"type\":\"about:blank\",\"title\":\"" + p.status().getReasonPhrase()
                        + "\",\"status\":" + p.status().value() + ",\"detail\":\"" + json(p.detail())
                        + "\",\"instance\":\"" + json(request.getRequestURI()) + "\"}");
            } else {
                response.sendError(p.status().value(), p.detail());
            }
            return new ModelAndView();
        } catch (IOException io) {
            return null;
        }
    }

    private static boolean api(HttpServletRequest request, Object handler) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return path.startsWith("/api/") || handler instanceof HandlerMethod h
                && h.getBeanType().isAnnotationPresent(org.springframework.web.bind.annotation.RestController.class);
    }

    private static String json(String s) {
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

    /** After Spring MVC's own resolvers: only what they leave unresolved. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
