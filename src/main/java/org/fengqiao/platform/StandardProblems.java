package org.fengqiao.platform;

import jakarta.servlet.http.Part;
import org.springframework.beans.ConversionNotSupportedException;
import org.springframework.beans.TypeMismatchException;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Spring MVC's own exceptions as problem details, in place of Spring Boot's generic handler (which this bean
 * replaces, with the same order) and worded for the client: a body that cannot be read names the field, the value
 * and what is expected — for a choice every allowed value — instead of "Failed to read request"; a parameter of the
 * wrong type says what it should be; a file sent where text is expected is the client's mistake (400), not a
 * server error. Domain exceptions stay with {@link ApiErrorHandler}.
 */
@ControllerAdvice
@Order(0)
class StandardProblems extends ResponseEntityExceptionHandler {

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e,
                                                                  HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        return badRequest(e, RequestProblems.unreadable(e), headers, request);
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException e, HttpHeaders headers,
                                                        HttpStatusCode status, WebRequest request) {
        String name = e instanceof MethodArgumentTypeMismatchException m ? m.getName() : e.getPropertyName();
        return badRequest(e, RequestProblems.parameter(name == null ? "?" : name, e.getValue(), e.getRequiredType()),
                headers, request);
    }

    @Override
    protected ResponseEntity<Object> handleConversionNotSupported(ConversionNotSupportedException e,
                                                                  HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        if (e.getValue() instanceof MultipartFile || e.getValue() instanceof Part) {
            String name = e.getPropertyName() != null ? e.getPropertyName()
                    : e instanceof org.springframework.web.method.annotation.MethodArgumentConversionNotSupportedException m
                    ? m.getName() : "?";
            return badRequest(e, "Parameter '" + name + "' must be text, not a file.", headers, request);
        }
        return super.handleConversionNotSupported(e, headers, status, request);
    }

    private ResponseEntity<Object> badRequest(Exception e, String detail, HttpHeaders headers, WebRequest request) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        return handleExceptionInternal(e, body, headers, HttpStatus.BAD_REQUEST, request);
    }
}
