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
    EncryptedColumns tenantApplicationEncryptedColumns() {
        return EncryptedColumns.of("registry_tenant_application", "id", "id_number_enc", "phone_enc");
    }

    @Bean
    EncryptedColumns enterpriseEncryptedColumns() {
        return EncryptedColumns.of("registry_enterprise", "id", "legal_rep_phone_enc", "safety_contact_phone_enc");
    }

    @Bean
    EncryptedColumns placeEncryptedColumns() {
        return EncryptedColumns.of("registry_place", "id", "responsible_phone_enc");
    }

    @Bean
    EncryptedColumns boatEncryptedColumns() {
        return EncryptedColumns.of("registry_boat", "id", "owner_phone_enc");
    }

    @Bean
    EncryptedColumns importErrorEncryptedColumns() {
        return EncryptedColumns.of("registry_import_error", "id", "value_enc");
    }

    @Bean
    EncryptedColumns householdEncryptedColumns() {
        return EncryptedColumns.of("registry_household", "id", "phone_enc");
    }

    @Bean
    EncryptedColumns rentalEncryptedColumns() {
        return EncryptedColumns.of("registry_rental", "id", "landlord_id_number_enc", "landlord_phone_enc");
    }
}
