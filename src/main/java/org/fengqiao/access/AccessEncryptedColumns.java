package org.fengqiao.access;

import org.fengqiao.platform.EncryptedColumns;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The access module's encrypted columns, for the key rotation (platform.KeyRotation, docs/KEYS.md). */
@Configuration(proxyBeanMethods = false)
class AccessEncryptedColumns {

    @Bean
    EncryptedColumns accountEncryptedColumns() {
        return EncryptedColumns.of("account", "id", "totp_secret_enc");
    }
}
