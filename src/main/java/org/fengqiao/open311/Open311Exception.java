package org.fengqiao.open311;

import java.util.List;

/** An Open311 error: HTTP 404 for what does not exist, 403 for a bad api_key, 400 for anything else. */
class Open311Exception extends RuntimeException {

    final int status;
    final List<String> descriptions;

    Open311Exception(int status, String... descriptions) {
        super(String.join("; ", descriptions));
        this.status = status;
        this.descriptions = List.of(descriptions);
    }

    static Open311Exception notFound(String d) {
        return new Open311Exception(404, d);
    }

    static Open311Exception badRequest(String... d) {
        return new Open311Exception(400, d);
    }

    static Open311Exception forbidden(String d) {
        return new Open311Exception(403, d);
    }
}
