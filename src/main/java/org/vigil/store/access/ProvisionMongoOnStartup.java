package org.vigil.store.access;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * With {@code vigil.mongodb.access.provision-on-startup: true}, defines the roles and users while
 * the application context starts: before Camel starts the routes that use them, and a failure
 * stops start-up instead of leaving Vigil running with missing access.
 */
@Component
@ConditionalOnProperty(prefix = "vigil.mongodb.access", name = "provision-on-startup", havingValue = "true")
class ProvisionMongoOnStartup implements InitializingBean {

    private final MongoAccessProvisioner provisioner;

    ProvisionMongoOnStartup(MongoAccessProvisioner provisioner) {
        this.provisioner = provisioner;
    }

    @Override
    public void afterPropertiesSet() {
        provisioner.provision();
    }
}
