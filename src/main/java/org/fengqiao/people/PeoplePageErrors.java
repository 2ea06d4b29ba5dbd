package org.fengqiao.people;

import java.io.IOException;

import jakarta.servlet.http.HttpServletResponse;
import org.fengqiao.platform.ConflictException;
import org.fengqiao.platform.InvalidRequestException;
import org.fengqiao.platform.NotFoundException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;

/** Pages of this module answer unknown/out-of-scope with the 404 page and bad input with the 4xx page. */
@ControllerAdvice(assignableTypes = {PersonPages.class, OrganisationPages.class, RosterPage.class})
class PeoplePageErrors {

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
