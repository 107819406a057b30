package org.vigil;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Vigil: Camel routes on Spring Boot that ingest, classify, route and store patient measurements. */
@SpringBootApplication
public class VigilApplication {

    public static void main(String[] args) {
        SpringApplication.run(VigilApplication.class, args);
    }
}
