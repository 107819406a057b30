package org.vigil.config;

import java.util.Map;
import java.util.UUID;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * {@code vigil.instance-id}: this instance's name among several in one consumer group, what it
 * reads in a group of its own (the dashboard's stream: every instance sees every alert event).
 * {@code VIGIL_INSTANCE_ID} (e.g. the Kubernetes pod name) or, when unset, one random id chosen
 * at start-up and kept: Spring's {@code ${random.uuid}} would give a new one each time it is read.
 */
public class InstanceIdEnvironmentPostProcessor implements EnvironmentPostProcessor {

    static final String INSTANCE_ID = "vigil.instance-id";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String given = environment.getProperty(INSTANCE_ID);
        if (given == null || given.isBlank()) {
            environment.getPropertySources().addFirst(new MapPropertySource("vigilInstanceId",
                    Map.of(INSTANCE_ID, UUID.randomUUID().toString())));
        }
    }
}
