package org.fengqiao.open311;

import java.util.List;
import java.util.Map;

/** The parsed parameters of a request: single values, and every value of repeated keys. */
record Open311Form(Map<String, List<String>> params) {
    String one(String key) {
        List<String> v = params.get(key);
        if (v == null || v.isEmpty()) {
            return null;
        }
        String s = v.get(0);
        return s == null || s.isBlank() ? null : s.strip();
    }

    List<String> all(String key) {
        return params.getOrDefault(key, List.of()).stream().filter(s -> s != null && !s.isBlank())
                .map(String::strip).toList();
    }
}
