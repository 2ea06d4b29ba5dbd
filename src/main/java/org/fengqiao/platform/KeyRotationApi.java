package org.fengqiao.platform;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The security administrator's view of the key rotation (docs/KEYS.md): status, and re-encrypt a batch now. */
@RestController
@RequestMapping("/api/admin/keys")
class KeyRotationApi {

    private final KeyRotation rotation;
    private final AccessPolicy policy;

    KeyRotationApi(KeyRotation rotation, AccessPolicy policy) {
        this.rotation = rotation;
        this.policy = policy;
    }

    @GetMapping
    KeyRotation.Status status() {
        policy.checkCountyWide(KeyPermission.MANAGE_KEYS);
        return rotation.status();
    }

    @PostMapping("/rotate")
    KeyRotation.Status rotate() {
        policy.checkCountyWide(KeyPermission.MANAGE_KEYS);
        rotation.rotateBatch(KeyRotation.BATCH * 10);
        return rotation.status();
    }
}
