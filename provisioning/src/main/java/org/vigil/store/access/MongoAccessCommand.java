package org.vigil.store.access;

import org.vigil.config.Specialties;
import org.vigil.config.VigilProperties;
import org.vigil.provisioning.MongoSinkConnectorConfigs;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code ./vigil provision-mongo}: defines the access matrix's roles and users and exits, 0 when
 * done, 1 when not. Starts only the access-matrix beans (application.yaml is read as usual, so
 * {@code --vigil.mongodb.access.admin-uri=...} and environment variables apply).
 */
public final class MongoAccessCommand {

    static final String USAGE = """
            usage: provision-mongo [--write-init-script FILE] [--write-connect-configs DIR] [--name=value ...]
              (no option)                 create or update the roles and users in MongoDB, connecting
                                          with vigil.mongodb.access.admin-uri (VIGIL_MONGO_ADMIN_URI)
              --write-init-script FILE    write the same roles and users as a mongo-init.js instead
              --write-connect-configs DIR write the Kafka Connect MongoDB sinks of the specialties instead""";

    private MongoAccessCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(System.out, System.err, args));
    }

    static int run(PrintStream out, PrintStream err, String... args) {
        Path initScript = null;
        Path connectConfigs = null;
        List<String> springArgs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--write-init-script") && i + 1 < args.length) {
                initScript = Path.of(args[++i]);
            } else if (args[i].equals("--write-connect-configs") && i + 1 < args.length) {
                connectConfigs = Path.of(args[++i]);
            } else if (args[i].startsWith("--") && args[i].contains("=")) {
                springArgs.add(args[i]);
            } else {
                err.println(USAGE);
                return 2;
            }
        }
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(MongoAccessConfiguration.class)
                .web(WebApplicationType.NONE)
                .bannerMode(Banner.Mode.OFF)
                .logStartupInfo(false)
                .run(springArgs.toArray(String[]::new))) {
            if (connectConfigs != null) {
                new MongoSinkConnectorConfigs(context.getBean(VigilProperties.class), context.getBean(Specialties.class))
                        .writeTo(connectConfigs).forEach(file -> out.println("wrote " + file));
            } else if (initScript != null) {
                Files.writeString(initScript, context.getBean(MongoInitScript.class).render());
                out.println("wrote " + initScript);
            } else {
                context.getBean(MongoAccessProvisioner.class).provision().forEach(out::println);
            }
            return 0;
        } catch (IOException | RuntimeException e) {
            err.println("provision-mongo failed: " + rootMessage(e));
            return 1;
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + cause.getMessage() + ")";
    }
}
