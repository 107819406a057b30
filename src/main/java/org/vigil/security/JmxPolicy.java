package org.vigil.security;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;

import javax.management.JMException;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.StandardMBean;
import javax.management.openmbean.CompositeDataSupport;
import javax.management.openmbean.OpenDataException;
import javax.management.openmbean.TabularData;
import javax.management.openmbean.TabularDataSupport;

import io.hawt.jmx.JMXSecurityMBean;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import org.jolokia.server.core.restrictor.policy.PolicyRestrictor;
import org.springframework.stereotype.Component;

/**
 * Hawtio's view of what an operator may invoke, answered from the same policy Jolokia enforces
 * ({@code jolokia-access.xml}): registered as {@value #NAME}, the JMX security bean Hawtio's console
 * asks ({@code canInvoke}) before it offers an operation, instead of Hawtio's own bean, which says
 * yes to everything on Spring Boot. Hawtio then greys out what Jolokia would refuse (a heap dump,
 * {@code requestBody}...) and offers what it would run (a route's stop, a GC). Only operators reach
 * Hawtio and Jolokia at all ({@link EndpointAccess}); this is what they may do there.
 */
@Component
public class JmxPolicy implements JMXSecurityMBean {

    public static final String NAME = "vigil:type=security,area=jmx,name=JmxPolicy";
    static final String POLICY = "/jolokia-access.xml";

    private final PolicyRestrictor policy;
    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    private final ObjectName name;

    public JmxPolicy() throws JMException {
        try (InputStream in = JmxPolicy.class.getResourceAsStream(POLICY)) {
            if (in == null) {
                throw new IllegalStateException(POLICY + " is not on the classpath");
            }
            this.policy = new PolicyRestrictor(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.name = new ObjectName(NAME);
    }

    @PostConstruct
    void register() throws JMException {
        if (server.isRegistered(name)) {
            server.unregisterMBean(name); // an earlier application in this JVM (tests)
        }
        server.registerMBean(new StandardMBean(this, JMXSecurityMBean.class), name);
    }

    @PreDestroy
    void unregister() throws JMException {
        if (server.isRegistered(name)) {
            server.unregisterMBean(name);
        }
    }

    /** Whether any operation of the bean may be invoked. */
    @Override
    public boolean canInvoke(String objectName) throws Exception {
        ObjectName bean = new ObjectName(objectName);
        if (!server.isRegistered(bean)) {
            return false;
        }
        for (MBeanOperationInfo operation : server.getMBeanInfo(bean).getOperations()) {
            String signature = operation.getName() + java.util.Arrays.stream(operation.getSignature())
                    .map(javax.management.MBeanParameterInfo::getType).collect(java.util.stream.Collectors.joining(",", "(", ")"));
            if (policy.isOperationAllowed(bean, operation.getName()) || policy.isOperationAllowed(bean, signature)) {
                return true;
            }
        }
        return false;
    }

    /** As Jolokia decides it: the operation as the request names it ({@code gc}, {@code gc()}, {@code stop()}). */
    @Override
    public boolean canInvoke(String objectName, String methodName) throws Exception {
        return policy.isOperationAllowed(new ObjectName(objectName), methodName);
    }

    @Override
    public boolean canInvoke(String objectName, String methodName, String[] argumentTypes) throws Exception {
        return canInvoke(objectName, methodName);
    }

    /** Hawtio's bulk question: for each bean, each method ({@code name(argType,...)}), or the bean itself when none is named. */
    @Override
    public TabularData canInvoke(Map<String, List<String>> bulkQuery) throws Exception {
        TabularData answer = new TabularDataSupport(CAN_INVOKE_TABULAR_TYPE);
        for (Map.Entry<String, List<String>> query : bulkQuery.entrySet()) {
            List<String> methods = query.getValue();
            if (methods == null || methods.isEmpty()) {
                answer.put(row(query.getKey(), "", canInvoke(query.getKey())));
            } else {
                for (String method : methods) {
                    answer.put(row(query.getKey(), method, canInvoke(query.getKey(), method)));
                }
            }
        }
        return answer;
    }

    private static CompositeDataSupport row(String objectName, String method, boolean allowed) throws OpenDataException {
        return new CompositeDataSupport(CAN_INVOKE_RESULT_ROW_TYPE, CAN_INVOKE_RESULT_COLUMNS, new Object[] {objectName, method, allowed});
    }
}
