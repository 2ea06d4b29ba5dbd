package org.fengqiao.publicchannel;

import org.fengqiao.platform.ConflictException;
import org.fengqiao.platform.InvalidRequestException;
import org.fengqiao.platform.NotFoundException;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.servlet.ModelAndView;

/** This module's pages answer bad input with a clear message and the right status, never a stack trace. */
@ControllerAdvice(basePackageClasses = PublicChannelErrors.class)
class PublicChannelErrors {

    private final org.springframework.context.MessageSource messages;

    PublicChannelErrors(org.springframework.context.MessageSource messages) {
        this.messages = messages;
    }

    /** Messages that are keys of this module's bundle are shown in the reader's language. */
    private String text(String message) {
        if (message == null) {
            return null;
        }
        return messages.getMessage(message, null, message,
                org.springframework.context.i18n.LocaleContextHolder.getLocale());
    }

    @ExceptionHandler(NotFoundException.class)
    ModelAndView notFound(NotFoundException e) {
        return page(HttpStatus.NOT_FOUND, text(e.getMessage()));
    }

    @ExceptionHandler({InvalidRequestException.class, IllegalArgumentException.class,
            MissingServletRequestParameterException.class, MethodArgumentTypeMismatchException.class})
    ModelAndView invalid(Exception e) {
        return page(HttpStatus.BAD_REQUEST, text(e.getMessage()));
    }

    @ExceptionHandler(MaxUploadSizeExceededException.class)
    ModelAndView tooLarge(MaxUploadSizeExceededException e) {
        return page(HttpStatus.PAYLOAD_TOO_LARGE, "The upload is too large.");
    }

    @ExceptionHandler(ConflictException.class)
    ModelAndView conflict(ConflictException e) {
        return page(HttpStatus.CONFLICT, text(e.getMessage()));
    }

    static ModelAndView page(HttpStatus status, String message) {
        ModelAndView mv = new ModelAndView("publicchannel/problem");
        mv.setStatus(status);
        mv.addObject("status", status.value());
        mv.addObject("message", message);
        return mv;
    }
}
