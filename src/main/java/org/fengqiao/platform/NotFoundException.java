package org.fengqiao.platform;

/** Something asked for does not exist, or lies outside the user's data scope (the two look the same). */
public class NotFoundException extends RuntimeException {
    public NotFoundException(String message) {
        super(message);
    }
}
