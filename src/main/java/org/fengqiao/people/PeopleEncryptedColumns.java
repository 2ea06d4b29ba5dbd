package org.fengqiao.people;

import org.fengqiao.platform.EncryptedColumns;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The people module's encrypted columns, for the key rotation (platform.KeyRotation, docs/KEYS.md). */
@Configuration(proxyBeanMethods = false)
class PeopleEncryptedColumns {

    @Bean
    EncryptedColumns personEncryptedColumns() {
        return EncryptedColumns.of("person", "id", "id_number_enc", "phone_enc");
    }
}
