package org.fengqiao.platform;

/** A request that breaks a rule; answered with 400/422 and this message, never a stack trace. */
public class InvalidRequestException extends RuntimeException {
    public InvalidRequestException(String message) {
        super(message);
    }
}
