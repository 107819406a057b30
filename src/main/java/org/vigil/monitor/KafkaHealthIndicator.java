package org.vigil.monitor;

import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.stereotype.Component;

/** Kafka is UP when the cluster answers a describe-cluster request with at least one broker. */
@Component
public class KafkaHealthIndicator extends AbstractHealthIndicator {

    private final Admin admin;

    public KafkaHealthIndicator(Admin admin) {
        super("Kafka health check failed");
        this.admin = admin;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) throws Exception {
        DescribeClusterResult cluster = admin.describeCluster(new DescribeClusterOptions().timeoutMs(3_000));
        int brokers = cluster.nodes().get(3, TimeUnit.SECONDS).size();
        String clusterId = cluster.clusterId().get(3, TimeUnit.SECONDS);
        (brokers > 0 ? builder.up() : builder.down())
                .withDetail("clusterId", clusterId)
                .withDetail("brokers", brokers);
    }
}
