package org.vigil.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.sun.jdi.Bootstrap;
import com.sun.jdi.Location;
import com.sun.jdi.ReferenceType;
import com.sun.jdi.VirtualMachine;
import com.sun.jdi.connect.AttachingConnector;
import com.sun.jdi.connect.Connector;
import com.sun.jdi.connect.IllegalConnectorArgumentsException;
import com.sun.jdi.event.BreakpointEvent;
import com.sun.jdi.event.Event;
import com.sun.jdi.event.EventSet;
import com.sun.jdi.request.BreakpointRequest;
import com.sun.jdi.request.EventRequest;

import static org.awaitility.Awaitility.await;

/**
 * A crash point in the packaged jar without a hook in its code: the jar runs with the JDK's debug
 * agent ({@link #agent}), this attaches over JDI and stops every thread of the jar at a line of its
 * code, and the test then kills the process there (SIGKILL). So "a crash between two writes" is a
 * crash exactly there, every run. The place is a line of source, found by its text; it can be
 * armed by another line (the stop counts only once the arming line was reached), so that "the
 * save of a batch that had alert events" is one place when one consumer works the batches in
 * turn. (Not by thread: Camel's Kafka producer goes on with the route on its own threads.)
 * Nothing is evaluated in the jar: a method called in a suspended JVM can wait for a lock a
 * stopped thread holds.
 */
public final class JvmBreakpoint implements AutoCloseable {

    private final VirtualMachine vm;
    private final Location stop;
    private final Location arming;
    private final int armingHits;
    private final String where;

    private JvmBreakpoint(VirtualMachine vm, Location stop, Location arming, int armingHits, String where) {
        this.vm = vm;
        this.stop = stop;
        this.arming = arming;
        this.armingHits = armingHits;
        this.where = where;
    }

    /** The JVM option that lets this attach on {@code port} (the jar starts without waiting for it). */
    public static String agent(int port) {
        return "-agentlib:jdwp=transport=dt_socket,server=y,suspend=n,address=127.0.0.1:" + port;
    }

    /** Stops the jar at the line of the class's source that holds {@code text}. */
    public static JvmBreakpoint atLine(int port, String className, String text) throws IOException {
        VirtualMachine vm = attach(port);
        return new JvmBreakpoint(vm, line(vm, className, text), null, 0, className + " at '" + text + "'");
    }

    /**
     * Stops the jar at the line that holds {@code text}, once the arming line (in {@code armingClass},
     * holding {@code armingText}) was reached {@code armingHits} times.
     */
    public static JvmBreakpoint atLineAfter(int port, String armingClass, String armingText, int armingHits, String className, String text)
            throws IOException {
        VirtualMachine vm = attach(port);
        return new JvmBreakpoint(vm, line(vm, className, text), line(vm, armingClass, armingText), armingHits,
                className + " at '" + text + "', after " + armingClass + " at '" + armingText + "' " + armingHits + " time(s)");
    }

    /**
     * Waits until the jar stopped there the {@code nth} time (with every thread suspended, until the
     * process is killed), or fails after {@code patience}.
     */
    public void awaitHit(Duration patience, int nth) {
        BreakpointRequest armed = null;
        BreakpointRequest stopping;
        if (arming != null) {
            armed = breakpoint(arming);
            armed.addCountFilter(armingHits);
            armed.enable();
            stopping = null;
        } else {
            stopping = breakpoint(stop);
            stopping.addCountFilter(nth);
            stopping.enable();
        }
        long deadline = System.nanoTime() + patience.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                EventSet events = vm.eventQueue().remove(500);
                if (events == null) {
                    continue;
                }
                for (Event event : events) {
                    if (!(event instanceof BreakpointEvent hit)) {
                        continue;
                    }
                    if (hit.request() == stopping) {
                        return; // every thread stays suspended (SUSPEND_ALL)
                    }
                    if (hit.request() == armed) {
                        armed.disable();
                        stopping = breakpoint(stop);
                        stopping.addCountFilter(nth);
                        stopping.enable();
                    }
                }
                events.resume();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("the jar did not reach " + where + " within " + patience);
    }

    @Override
    public void close() {
        try {
            vm.dispose();
        } catch (com.sun.jdi.VMDisconnectedException gone) {
            // killed at the breakpoint: nothing left to let go of
        }
    }

    private BreakpointRequest breakpoint(Location location) {
        BreakpointRequest request = vm.eventRequestManager().createBreakpointRequest(location);
        request.setSuspendPolicy(EventRequest.SUSPEND_ALL);
        return request;
    }

    /** The first code of the line of the class's source (src/main/java) that holds {@code text}, so an edit elsewhere does not move it. */
    private static Location line(VirtualMachine vm, String className, String text) throws IOException {
        Path source = Path.of("src/main/java", className.replace('.', '/') + ".java");
        List<String> lines = Files.readAllLines(source);
        int line = 0;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                if (line != 0) {
                    throw new IllegalArgumentException("'" + text + "' is on more than one line of " + source);
                }
                line = i + 1;
            }
        }
        if (line == 0) {
            throw new IllegalArgumentException("'" + text + "' is on no line of " + source);
        }
        try {
            List<Location> at = loaded(vm, className).locationsOfLine(line);
            if (at.isEmpty()) {
                throw new IllegalArgumentException("no code on line " + line + " of " + source);
            }
            return at.get(0);
        } catch (com.sun.jdi.AbsentInformationException e) {
            throw new IllegalStateException("the jar was compiled without line numbers", e);
        }
    }

    private static VirtualMachine attach(int port) throws IOException {
        AttachingConnector socket = Bootstrap.virtualMachineManager().attachingConnectors().stream()
                .filter(connector -> "com.sun.jdi.SocketAttach".equals(connector.name())).findFirst().orElseThrow();
        Map<String, Connector.Argument> arguments = socket.defaultArguments();
        arguments.get("hostname").setValue("127.0.0.1");
        arguments.get("port").setValue(String.valueOf(port));
        try {
            return socket.attach(arguments);
        } catch (IllegalConnectorArgumentsException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ReferenceType loaded(VirtualMachine vm, String className) {
        // The jar is ready, so its beans' classes are loaded.
        await(className + " loaded").atMost(Duration.ofSeconds(30)).until(() -> !vm.classesByName(className).isEmpty());
        return vm.classesByName(className).get(0);
    }
}
