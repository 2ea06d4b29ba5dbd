package org.fengqiao.registry;

import java.io.IOException;

import jakarta.servlet.http.HttpServletResponse;
import org.fengqiao.platform.ConflictException;
import org.fengqiao.platform.InvalidRequestException;
import org.fengqiao.platform.NotFoundException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;

/** The registry's pages answer unknown or out-of-scope records with 404 and bad input with 400/409 pages. */
@ControllerAdvice(assignableTypes = {RegistryPages.class, ImportPages.class, TenantPages.class, EnterprisePages.class})
class RegistryPageErrors {

    @ExceptionHandler(NotFoundException.class)
    void notFound(HttpServletResponse response) throws IOException {
        response.sendError(404);
    }

    @ExceptionHandler(InvalidRequestException.class)
    void invalid(HttpServletResponse response) throws IOException {
        response.sendError(400);
    }

    @ExceptionHandler(ConflictException.class)
    void conflict(HttpServletResponse response) throws IOException {
        response.sendError(409);
    }
}
