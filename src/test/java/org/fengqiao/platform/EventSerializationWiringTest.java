package org.fengqiao.platform;

import org.fengqiao.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.modulith.events.core.EventPublicationRepository;
import org.springframework.modulith.events.core.EventSerializer;
import org.springframework.test.util.AopTestUtils;
import org.springframework.test.util.ReflectionTestUtils;

import static org.assertj.core.api.Assertions.assertThat;

/** The publication repository serialises through the once-per-event decorator, not Modulith's own serializer. */
@IntegrationTest
class EventSerializationWiringTest {

    @Autowired
    EventSerializer serializer;

    @Autowired
    EventPublicationRepository publications;

    @Test
    void thePublicationRepositoryUsesTheOncePerEventSerializer() {
        assertThat(serializer).isInstanceOf(EventSerialization.OncePerEvent.class);
        Object repository = AopTestUtils.getUltimateTargetObject(publications);
        assertThat(ReflectionTestUtils.getField(repository, "serializer")).isSameAs(serializer);
    }
}
