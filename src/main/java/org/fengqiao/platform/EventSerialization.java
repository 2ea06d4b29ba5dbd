package org.fengqiao.platform;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.modulith.events.core.EventSerializer;
import tools.jackson.databind.json.JsonMapper;

/**
 * An event is serialised once for all its publications. Spring Modulith stores one publication per listener and
 * serialises the event again for each (three times for a new report), and its Jackson serializer looks the
 * {@link JsonMapper} up in the bean factory on every call; the look-up alone was two thirds of the serialising and
 * about 3 % of an intake request's CPU. This decorator of Modulith's serializer takes the mapper once, the same one
 * Modulith would take (the context's {@link JsonMapper}, else Modulith's own default through the original serializer),
 * and keeps the last event a thread serialised with its JSON: the publications of one event are stored one after
 * another on the publishing thread. Events are immutable records, so the same instance always gives the same JSON.
 */
@Configuration(proxyBeanMethods = false)
class EventSerialization {

    @Bean
    static BeanPostProcessor eventsSerialisedOnce(ObjectProvider<JsonMapper> mappers) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                return bean instanceof EventSerializer s && !(bean instanceof OncePerEvent)
                        ? new OncePerEvent(s, mappers) : bean;
            }
        };
    }

    static final class OncePerEvent implements EventSerializer {

        private final EventSerializer delegate;
        private final ObjectProvider<JsonMapper> mappers;
        /** The context's mapper once looked up; {@link #NONE} when there is none (then the delegate serialises). */
        private volatile Object mapper;
        private final ThreadLocal<Last> last = new ThreadLocal<>();

        private static final Object NONE = new Object();

        private record Last(Object event, Object serialized) {
        }

        OncePerEvent(EventSerializer delegate, ObjectProvider<JsonMapper> mappers) {
            this.delegate = delegate;
            this.mappers = mappers;
        }

        @Override
        public Object serialize(Object event) {
            Last l = last.get();
            if (l != null && l.event() == event) {
                return l.serialized();
            }
            Object m = mapper();
            Object serialized = m instanceof JsonMapper json ? json.writeValueAsString(event) : delegate.serialize(event);
            last.set(new Last(event, serialized));
            return serialized;
        }

        @Override
        public <T> T deserialize(Object serialized, Class<T> type) {
            return delegate.deserialize(serialized, type);
        }

        private Object mapper() {
            Object m = mapper;
            if (m == null) {
                JsonMapper found = mappers.getIfAvailable();
                m = found == null ? NONE : found;
                mapper = m;
            }
            return m;
        }
    }
}
