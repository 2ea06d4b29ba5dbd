package org.fengqiao.publicchannel;

import org.fengqiao.platform.EncryptedColumns;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The publicchannel module's encrypted columns, for the key rotation (platform.KeyRotation, docs/KEYS.md). */
@Configuration(proxyBeanMethods = false)
class PublicChannelEncryptedColumns {

    @Bean
    EncryptedColumns volunteerReporterEncryptedColumns() {
        return EncryptedColumns.of("volunteer_reporter", "id", "phone_enc");
    }
}
