package org.fengqiao.platform;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.modulith.events.core.EventSerializer;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class EventSerializationTest {

    record Happened(long id, String what) {
    }

    /** Counts what it was asked to serialise; answers with a marker so that its answers can be told apart. */
    static final class Counting implements EventSerializer {
        final List<Object> serialized = new ArrayList<>();

        @Override
        public Object serialize(Object event) {
            serialized.add(event);
            return "delegate:" + event;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T deserialize(Object serialized, Class<T> type) {
            return (T) new Happened(7, "back");
        }
    }

    @Test
    void anEventIsSerialisedOnceForAllItsPublicationsWithTheContextsMapper() {
        StaticListableBeanFactory beans = new StaticListableBeanFactory();
        beans.addBean("jsonMapper", JsonMapper.builder().build());
        Counting delegate = new Counting();
        EventSerializer once = (EventSerializer) EventSerialization.eventsSerialisedOnce(
                beans.getBeanProvider(JsonMapper.class)).postProcessAfterInitialization(delegate, "serializer");

        Happened first = new Happened(1, "report");
        Object a = once.serialize(first);
        Object b = once.serialize(first);
        Object c = once.serialize(first);
        assertThat(a).isEqualTo("{\"id\":1,\"what\":\"report\"}").isSameAs(b).isSameAs(c);

        // an equal but other instance, and another event, are serialised afresh
        assertThat(once.serialize(new Happened(1, "report"))).isEqualTo(a).isNotSameAs(a);
        assertThat(once.serialize(new Happened(2, "case"))).isEqualTo("{\"id\":2,\"what\":\"case\"}");
        assertThat(delegate.serialized).isEmpty();
        assertThat(once.deserialize("{}", Happened.class)).isEqualTo(new Happened(7, "back"));
        // wrapped once only
        assertThat(EventSerialization.eventsSerialisedOnce(beans.getBeanProvider(JsonMapper.class))
                .postProcessAfterInitialization(once, "serializer")).isSameAs(once);
    }

    @Test
    void withoutAMapperInTheContextModulithsOwnSerialiserSerialisesOncePerEvent() {
        Counting delegate = new Counting();
        EventSerializer once = (EventSerializer) EventSerialization.eventsSerialisedOnce(
                new StaticListableBeanFactory().getBeanProvider(JsonMapper.class))
                .postProcessAfterInitialization(delegate, "serializer");
        Happened e = new Happened(3, "x");
        assertThat(once.serialize(e)).isEqualTo("delegate:" + e);
        assertThat(once.serialize(e)).isEqualTo("delegate:" + e);
        assertThat(delegate.serialized).containsExactly(e);
    }
}
