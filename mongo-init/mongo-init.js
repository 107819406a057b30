// Generated from vigil.mongodb.access in src/main/resources/application.yaml: do not edit.
// Regenerate with: ./vigil provision-mongo --write-init-script mongo-init/mongo-init.js
//
// The mongo image runs this once, as MONGO_INITDB_ROOT_USERNAME, when its data folder is
// empty. Passwords come from the container's environment (see docker-compose.yml).
const authDb = db.getSiblingDB("admin");

function password(variable) {
  const value = process.env[variable];
  if (!value) {
    throw new Error(variable + ' is not set: refusing to create a MongoDB user without a password');
  }
  return value;
}

function defineRole(role, privileges) {
  if (authDb.getRole(role)) {
    authDb.updateRole(role, { privileges: privileges, roles: [] });
  } else {
    authDb.createRole({ role: role, privileges: privileges, roles: [] });
  }
}

function defineUser(user, variable, role) {
  const roles = [{ role: role, db: authDb.getName() }];
  if (authDb.getUser(user)) {
    authDb.updateUser(user, { pwd: password(variable), roles: roles });
  } else {
    authDb.createUser({ user: user, pwd: password(variable), roles: roles, mechanisms: ['SCRAM-SHA-256'] });
  }
}

// Every password first: a missing one stops the script before anything is defined.
["VIGIL_MONGO_PASSWORD_RESEARCHER","VIGIL_MONGO_PASSWORD_CARDIOLOGIST","VIGIL_MONGO_PASSWORD_EMERGENCY_DOCTOR","VIGIL_MONGO_PASSWORD_ENDOCRINOLOGIST","VIGIL_MONGO_PASSWORD_LIPIDOLOGIST","VIGIL_MONGO_PASSWORD_NURSE","VIGIL_MONGO_PASSWORD_WRITER"].forEach(password);

defineRole("vigil-cardiologist", [
  {"resource":{"db":"vigil","collection":"cardiology"},"actions":["find"]},
  {"resource":{"db":"vigil","collection":"emergency"},"actions":["find"]}
]);
defineRole("vigil-emergency-doctor", [
  {"resource":{"db":"vigil","collection":"emergency"},"actions":["find"]}
]);
defineRole("vigil-endocrinologist", [
  {"resource":{"db":"vigil","collection":"diabetes"},"actions":["find"]}
]);
defineRole("vigil-lipidologist", [
  {"resource":{"db":"vigil","collection":"dyslipidemia"},"actions":["find"]}
]);
defineRole("vigil-nurse", [
  {"resource":{"db":"vigil","collection":"vitals"},"actions":["find"]},
  {"resource":{"db":"vigil","collection":"patients_record"},"actions":["find"]},
  {"resource":{"db":"vigil","collection":"alerts"},"actions":["find"]},
  {"resource":{"db":"vigil","collection":"alert_audit"},"actions":["find"]}
]);
defineRole("vigil-researcher", [
  {"resource":{"db":"vigil","collection":"research"},"actions":["find"]}
]);
defineRole("vigil-writer", [
  {"resource":{"db":"vigil","collection":"cardiology"},"actions":["find","insert","update","createIndex"]},
  {"resource":{"db":"vigil","collection":"emergency"},"actions":["find","insert","update","createIndex"]},
  {"resource":{"db":"vigil","collection":"diabetes"},"actions":["find","insert","update","createIndex"]},
  {"resource":{"db":"vigil","collection":"dyslipidemia"},"actions":["find","insert","update","createIndex"]},
  {"resource":{"db":"vigil","collection":"vitals"},"actions":["find","insert","update","createIndex"]},
  {"resource":{"db":"vigil","collection":"research"},"actions":["find","insert","update","createIndex"]},
  {"resource":{"db":"vigil","collection":"patients_record"},"actions":["find","insert","update","createIndex"]},
  {"resource":{"db":"vigil","collection":"vigil_state"},"actions":["find","insert","update","createIndex"]},
  {"resource":{"db":"vigil","collection":"vigil_news2_state"},"actions":["find","insert","update","createIndex"]},
  {"resource":{"db":"vigil","collection":"vigil_alert_state"},"actions":["find","insert","update","createIndex"]},
  {"resource":{"db":"vigil","collection":"alerts"},"actions":["find","insert","update","createIndex"]},
  {"resource":{"db":"vigil","collection":"vigil_alert_delivered"},"actions":["find","insert","update","createIndex"]},
  {"resource":{"db":"vigil","collection":"alert_audit"},"actions":["find","insert","createIndex"]},
  {"resource":{"db":"vigil","collection":"vigil_audit"},"actions":["find","insert","createIndex"]}
]);

defineUser("researcher", "VIGIL_MONGO_PASSWORD_RESEARCHER", "vigil-researcher");
defineUser("cardiologist", "VIGIL_MONGO_PASSWORD_CARDIOLOGIST", "vigil-cardiologist");
defineUser("emergency-doctor", "VIGIL_MONGO_PASSWORD_EMERGENCY_DOCTOR", "vigil-emergency-doctor");
defineUser("endocrinologist", "VIGIL_MONGO_PASSWORD_ENDOCRINOLOGIST", "vigil-endocrinologist");
defineUser("lipidologist", "VIGIL_MONGO_PASSWORD_LIPIDOLOGIST", "vigil-lipidologist");
defineUser("nurse", "VIGIL_MONGO_PASSWORD_NURSE", "vigil-nurse");
defineUser("writer", "VIGIL_MONGO_PASSWORD_WRITER", "vigil-writer");
