package org.fengqiao.intake;

import java.time.Duration;
import java.util.UUID;

import org.fengqiao.platform.NotFoundException;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/** Serves photos to those who uploaded them or may see their area. */
@Controller
class PhotoController {

    private final Photos photos;

    PhotoController(Photos photos) {
        this.photos = photos;
    }

    @GetMapping("/photos/{id}")
    ResponseEntity<byte[]> photo(@PathVariable String id) {
        return serve(id, false);
    }

    @GetMapping("/photos/{id}/thumb")
    ResponseEntity<byte[]> thumb(@PathVariable String id) {
        return serve(id, true);
    }

    private ResponseEntity<byte[]> serve(String id, boolean thumb) {
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new NotFoundException("No such photo");
        }
        Photos.Content c = photos.read(uuid, thumb).orElseThrow(() -> new NotFoundException("No such photo"));
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(c.contentType()))
                .cacheControl(CacheControl.maxAge(Duration.ofHours(1)).cachePrivate())
                .header("X-Content-Type-Options", "nosniff").body(c.data());
    }
}
