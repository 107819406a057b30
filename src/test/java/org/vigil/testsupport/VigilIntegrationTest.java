package org.vigil.testsupport;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;

/**
 * The one set-up of Vigil's integration tests: the whole application on a random port, against
 * the real services of {@link LocalServices} (started once per test JVM), with every topic,
 * consumer group, collection, index, state collection and inbox named after the test and the run
 * ({@link IntegrationTestNames}), so tests neither meet each other's data nor a previous run's.
 * A test adds its own settings with {@code @TestPropertySource}.
 *
 * <pre>
 * &#64;VigilIntegrationTest("store")
 * class StoreDeliveryIT { ... }
 * </pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
public @interface VigilIntegrationTest {

    /** A short name, unique among the integration tests (e.g. {@code store}). */
    String value();
}
