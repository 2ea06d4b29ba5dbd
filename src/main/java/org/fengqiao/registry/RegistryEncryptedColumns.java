package org.fengqiao.registry;

import org.fengqiao.platform.EncryptedColumns;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The registry's encrypted columns, for the key rotation (platform.KeyRotation, docs/KEYS.md). */
@Configuration(proxyBeanMethods = false)
class RegistryEncryptedColumns {

    @Bean
    EncryptedColumns residentEncryptedColumns() {
        return EncryptedColumns.of("registry_resident", "id", "id_number_enc", "phone_enc");
    }

    @Bean
    EncryptedColumns householdEncryptedColumns() {
        return EncryptedColumns.of("registry_household", "id", "phone_enc");
    }
}
