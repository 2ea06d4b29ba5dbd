package org.fengqiao.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.ActiveProfiles;

/**
 * The whole application on a real embedded PostgreSQL with the demo county loaded, on a random port. Every test
 * class using exactly this annotation shares one context (and one database), so tests must not depend on data
 * other tests change: create what you change, with unique names. MockMvc is configured too (inject
 * {@code MockMvc}); do not add per-class configuration, which would start another context and database.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@AutoConfigureMockMvc
@org.junit.jupiter.api.extension.ExtendWith(ListenerThreads.class)
public @interface IntegrationTest {
}
