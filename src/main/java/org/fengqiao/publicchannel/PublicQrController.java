package org.fengqiao.publicchannel;

import java.time.Duration;

import org.fengqiao.platform.NotFoundException;
import org.fengqiao.publicchannel.internal.QrCodes;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** The QR image of a public code, for plates shown on screen or printed elsewhere. */
@Controller
class PublicQrController {

    private final PublicCodes codes;

    PublicQrController(PublicCodes codes) {
        this.codes = codes;
    }

    @GetMapping(value = "/public/qr/{code}.png", produces = MediaType.IMAGE_PNG_VALUE)
    ResponseEntity<byte[]> qr(@PathVariable String code) {
        PublicCode c = codes.find(code).orElseThrow(() -> new NotFoundException("Unknown code."));
        String url = ServletUriComponentsBuilder.fromCurrentContextPath().path("/public/r/" + c.code())
                .build().toUriString();
        return ResponseEntity.ok().cacheControl(CacheControl.maxAge(Duration.ofDays(1)).cachePublic())
                .contentType(MediaType.IMAGE_PNG).body(QrCodes.png(url, 300));
    }
}
