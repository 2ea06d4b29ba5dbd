package org.fengqiao.mediation;

import org.fengqiao.platform.EncryptedColumns;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The mediation module's encrypted columns, for the key rotation (platform.KeyRotation, docs/KEYS.md). */
@Configuration(proxyBeanMethods = false)
class MediationEncryptedColumns {

    @Bean
    EncryptedColumns mediationPartyEncryptedColumns() {
        return EncryptedColumns.of("mediation_party", "id", "id_number_enc", "phone_enc");
    }
}
