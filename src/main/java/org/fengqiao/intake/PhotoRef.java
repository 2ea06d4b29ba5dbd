package org.fengqiao.intake;

import java.util.UUID;

/** A stored, checked photo. */
public record PhotoRef(UUID id, String contentType, int sizeBytes, Integer width, Integer height) {

    public String url() {
        return "/photos/" + id;
    }

    public String thumbUrl() {
        return "/photos/" + id + "/thumb";
    }
}
