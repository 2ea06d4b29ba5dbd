package org.fengqiao.intake;

import org.fengqiao.platform.EncryptedColumns;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The intake module's encrypted columns, for the key rotation (platform.KeyRotation, docs/KEYS.md). */
@Configuration(proxyBeanMethods = false)
class IntakeEncryptedColumns {

    @Bean
    EncryptedColumns reportEncryptedColumns() {
        return EncryptedColumns.of("report", "id", "reporter_name_enc", "reporter_phone_enc");
    }
}
