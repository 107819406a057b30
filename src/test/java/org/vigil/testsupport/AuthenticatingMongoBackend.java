package org.vigil.testsupport;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.MongoVersion;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.bson.BinData;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.MongoServerError;
import de.bwaldvogel.mongo.wire.message.MongoMessage;
import de.bwaldvogel.mongo.wire.message.MongoQuery;
import io.netty.channel.Channel;

/**
 * mongo-java-server has no authentication. This wraps its backend with an EMULATION of MongoDB's
 * access control, for tests only: SCRAM-SHA-256 login (saslStart/saslContinue), users and roles
 * kept by createUser/updateUser/dropUser/usersInfo and createRole/updateRole/dropRole/rolesInfo,
 * and a per-collection privilege check on every data command, refused as MongoDB refuses it
 * (code 13, Unauthorized). It starts with one user holding the built-in {@code root} role, like a
 * MongoDB started with auth enabled and an initial admin.
 *
 * <p>What it does not emulate: SASLprep (ASCII passwords only), speculative authentication in
 * hello (the driver then runs saslStart), SCRAM-SHA-1, built-in roles other than root, cursor
 * ownership on getMore, privileges of aggregation stages other than $lookup, x.509/LDAP.
 */
public final class AuthenticatingMongoBackend implements MongoBackend {

    private static final int UNAUTHORIZED = 13;
    private static final int AUTHENTICATION_FAILED = 18;
    private static final String ADMIN = "admin";
    private static final String ROOT_ROLE = "root";

    /** Commands MongoDB answers before login, so a client can find the server and authenticate. */
    private static final Set<String> OPEN_COMMANDS = Set.of(
            "hello", "ismaster", "buildinfo", "ping", "saslstart", "saslcontinue", "whatsmyuri", "getnonce");
    /** Commands any logged-in user may run on its own connection or cursors. */
    private static final Set<String> SESSION_COMMANDS = Set.of(
            "killcursors", "endsessions", "getlasterror", "connectionstatus", "logout");

    private record RoleName(String role, String db) {
    }

    private record User(String db, String name, ScramSha256.Credentials credentials, List<RoleName> roles) {
    }

    private record Role(RoleName name, List<Document> privileges, List<RoleName> roles) {
    }

    private record Required(String action, String db, String collection) {
    }

    /** Who is logged in on one connection, and a login in progress. */
    private static final class Session {
        private volatile User user;
        private volatile User loggingIn;
        private volatile ScramSha256.Conversation conversation;
        private volatile boolean awaitingEmptyExchange;
    }

    private final MongoBackend delegate;
    private final Map<String, User> users = new ConcurrentHashMap<>();
    private final Map<RoleName, Role> roles = new ConcurrentHashMap<>();
    private final Map<Channel, Session> sessions = new ConcurrentHashMap<>();

    public AuthenticatingMongoBackend(MongoBackend delegate, String rootUser, String rootPassword) {
        this.delegate = delegate;
        users.put(ADMIN + "." + rootUser, new User(ADMIN, rootUser, ScramSha256.Credentials.of(rootPassword),
                List.of(new RoleName(ROOT_ROLE, ADMIN))));
    }

    @Override
    public Document handleMessage(MongoMessage message) {
        Document query = message.getDocument();
        String command = query.keySet().iterator().next();
        Document refusal = intercept(message.getChannel(), message.getDatabaseName(), command, query);
        return refusal != null ? refusal : delegate.handleMessage(message);
    }

    @Override
    public Document handleCommand(Channel channel, String database, String command, Document query) {
        Document answer = intercept(channel, database, command, query);
        return answer != null ? answer : delegate.handleCommand(channel, database, command, query);
    }

    /** An answer of this layer, or null to let the wrapped backend run the command. */
    private Document intercept(Channel channel, String db, String command, Document query) {
        String name = command.toLowerCase(Locale.ROOT);
        Session session = sessions.computeIfAbsent(channel, c -> new Session());
        switch (name) {
            case "hello", "ismaster":
                return hello(db, command, query);
            case "saslstart":
                return saslStart(session, db, query);
            case "saslcontinue":
                return saslContinue(session, query);
            case "logout":
                session.user = null;
                return ok(new Document());
            default:
                break;
        }
        if (OPEN_COMMANDS.contains(name)) {
            return null;
        }
        User user = session.user;
        if (user == null) {
            throw new MongoServerError(UNAUTHORIZED, "Unauthorized", "Command " + command + " requires authentication");
        }
        if (SESSION_COMMANDS.contains(name)) {
            return null;
        }
        Document userAdministration = userAdministration(user, db, command, name, query);
        if (userAdministration != null) {
            return userAdministration;
        }
        if (!isRoot(user)) {
            List<Required> required = required(db, name, query);
            if (required == null || !required.stream().allMatch(need -> allows(user, need))) {
                throw new MongoServerError(UNAUTHORIZED, "Unauthorized",
                        "not authorized on " + db + " to execute command " + query);
            }
        }
        return null;
    }

    // --- handshake and SCRAM ----------------------------------------------------------------

    private Document hello(String db, String command, Document query) {
        // mongo-java-server knows isMaster only; hello gets the same answer under its newer field name.
        Document response = delegate.handleCommand(null, db, "ismaster", query);
        if (command.equalsIgnoreCase("hello")) {
            response.put("isWritablePrimary", response.remove("ismaster"));
        }
        // The driver picks SCRAM-SHA-256 only when the server lists it for the user.
        Object asked = query.get("saslSupportedMechs");
        if (asked instanceof String qualifiedUser && users.containsKey(qualifiedUser)) {
            response.put("saslSupportedMechs", List.of(ScramSha256.MECHANISM));
        }
        return response;
    }

    private Document saslStart(Session session, String db, Document query) {
        String clientFirst = payload(query);
        String userName = ScramSha256.userOf(clientFirst);
        User user = userName == null ? null : users.get(db + "." + userName);
        if (user == null) {
            throw authenticationFailed();
        }
        if (!ScramSha256.MECHANISM.equals(query.get("mechanism"))) {
            throw new MongoServerError(334, "MechanismUnavailable",
                    "Received authentication for mechanism " + query.get("mechanism") + " which is not enabled");
        }
        session.user = null;
        session.loggingIn = user;
        session.conversation = ScramSha256.start(clientFirst, user.credentials());
        Object options = query.get("options");
        session.awaitingEmptyExchange = !(options instanceof Document o && Boolean.TRUE.equals(o.get("skipEmptyExchange")));
        return conversationStep(session.conversation.serverFirst(), false);
    }

    private Document saslContinue(Session session, Document query) {
        ScramSha256.Conversation conversation = session.conversation;
        if (conversation == null) {
            throw authenticationFailed();
        }
        if (session.user != null && session.awaitingEmptyExchange) {
            // The final, empty round of a client that did not ask to skip it.
            session.conversation = null;
            return conversationStep("", true);
        }
        String serverFinal = conversation.verify(payload(query));
        if (serverFinal == null) {
            session.conversation = null;
            throw authenticationFailed();
        }
        session.user = session.loggingIn;
        if (!session.awaitingEmptyExchange) {
            session.conversation = null;
        }
        return conversationStep(serverFinal, !session.awaitingEmptyExchange);
    }

    private static Document conversationStep(String payload, boolean done) {
        Document response = new Document("conversationId", 1);
        response.put("done", done);
        response.put("payload", new BinData(payload.getBytes(StandardCharsets.UTF_8)));
        return ok(response);
    }

    private static String payload(Document query) {
        Object payload = query.get("payload");
        byte[] bytes = payload instanceof BinData binary ? binary.getData()
                : payload instanceof byte[] raw ? raw : String.valueOf(payload).getBytes(StandardCharsets.UTF_8);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static MongoServerError authenticationFailed() {
        return new MongoServerError(AUTHENTICATION_FAILED, "AuthenticationFailed", "Authentication failed.");
    }

    // --- users and roles -------------------------------------------------------------------

    /** The answer to a user or role command, or null if the command is not one. */
    private Document userAdministration(User caller, String db, String command, String name, Document query) {
        if (!Set.of("createuser", "updateuser", "dropuser", "usersinfo", "createrole", "updaterole", "droprole", "rolesinfo")
                .contains(name)) {
            return null;
        }
        if (!isRoot(caller)) {
            throw new MongoServerError(UNAUTHORIZED, "Unauthorized", "not authorized on " + db + " to execute command " + query);
        }
        Object subject = query.get(command);
        return switch (name) {
            case "createuser" -> createUser(db, (String) subject, query);
            case "updateuser" -> updateUser(db, (String) subject, query);
            case "dropuser" -> {
                if (users.remove(db + "." + subject) == null) {
                    throw new MongoServerError(11, "UserNotFound", "User '" + subject + "@" + db + "' not found");
                }
                yield ok(new Document());
            }
            case "usersinfo" -> usersInfo(db, subject);
            case "createrole" -> createRole(db, (String) subject, query);
            case "updaterole" -> updateRole(db, (String) subject, query);
            case "droprole" -> {
                if (roles.remove(new RoleName((String) subject, db)) == null) {
                    throw new MongoServerError(31, "RoleNotFound", "Role '" + subject + "@" + db + "' not found");
                }
                yield ok(new Document());
            }
            default -> rolesInfo(db, subject, Boolean.TRUE.equals(query.get("showPrivileges")));
        };
    }

    private Document createUser(String db, String name, Document query) {
        if (users.containsKey(db + "." + name)) {
            throw new MongoServerError(51003, "Location51003", "User \"" + name + "@" + db + "\" already exists");
        }
        String password = (String) query.get("pwd");
        if (password == null) {
            throw new MongoServerError(2, "BadValue", "Must provide a 'pwd' field for all user documents, except those with '$external' as the user's source db");
        }
        users.put(db + "." + name, new User(db, name, credentials(password), roleNames(db, query.get("roles"))));
        return ok(new Document());
    }

    private Document updateUser(String db, String name, Document query) {
        User user = users.get(db + "." + name);
        if (user == null) {
            throw new MongoServerError(11, "UserNotFound", "Could not find user \"" + name + "\" for db \"" + db + "\"");
        }
        ScramSha256.Credentials credentials = query.containsKey("pwd") ? credentials((String) query.get("pwd")) : user.credentials();
        List<RoleName> roleNames = query.containsKey("roles") ? roleNames(db, query.get("roles")) : user.roles();
        users.put(db + "." + name, new User(db, name, credentials, roleNames));
        return ok(new Document());
    }

    private static ScramSha256.Credentials credentials(String password) {
        try {
            return ScramSha256.Credentials.of(password);
        } catch (IllegalArgumentException e) {
            throw new MongoServerError(2, "BadValue", e.getMessage());
        }
    }

    private Document usersInfo(String db, Object subject) {
        List<Document> found = new ArrayList<>();
        for (User user : users.values()) {
            if (matches(subject, db, user.name(), user.db(), "user")) {
                Document info = new Document("_id", user.db() + "." + user.name());
                info.put("user", user.name());
                info.put("db", user.db());
                info.put("roles", user.roles().stream().map(AuthenticatingMongoBackend::roleDocument).toList());
                info.put("mechanisms", List.of(ScramSha256.MECHANISM));
                found.add(info);
            }
        }
        return ok(new Document("users", found));
    }

    private Document createRole(String db, String name, Document query) {
        RoleName roleName = new RoleName(name, db);
        if (roles.containsKey(roleName) || (ADMIN.equals(db) && ROOT_ROLE.equals(name))) {
            throw new MongoServerError(51002, "Location51002", "Role \"" + name + "@" + db + "\" already exists");
        }
        roles.put(roleName, new Role(roleName, privileges(query.get("privileges")), roleNames(db, query.get("roles"))));
        return ok(new Document());
    }

    private Document updateRole(String db, String name, Document query) {
        RoleName roleName = new RoleName(name, db);
        Role role = roles.get(roleName);
        if (role == null) {
            throw new MongoServerError(31, "RoleNotFound", "Role " + name + "@" + db + " not found");
        }
        roles.put(roleName, new Role(roleName,
                query.containsKey("privileges") ? privileges(query.get("privileges")) : role.privileges(),
                query.containsKey("roles") ? roleNames(db, query.get("roles")) : role.roles()));
        return ok(new Document());
    }

    private Document rolesInfo(String db, Object subject, boolean showPrivileges) {
        List<Document> found = new ArrayList<>();
        for (Role role : roles.values()) {
            if (matches(subject, db, role.name().role(), role.name().db(), "role")) {
                Document info = new Document("_id", role.name().db() + "." + role.name().role());
                info.put("role", role.name().role());
                info.put("db", role.name().db());
                if (showPrivileges) {
                    info.put("privileges", role.privileges());
                }
                info.put("roles", role.roles().stream().map(AuthenticatingMongoBackend::roleDocument).toList());
                info.put("isBuiltin", false);
                found.add(info);
            }
        }
        return ok(new Document("roles", found));
    }

    /** usersInfo/rolesInfo subjects: 1 (all of db), "name" (in db), {user|role, db}, or a list of these. */
    private static boolean matches(Object subject, String db, String name, String nameDb, String field) {
        if (subject instanceof Number) {
            return db.equals(nameDb);
        }
        if (subject instanceof String s) {
            return s.equals(name) && db.equals(nameDb);
        }
        if (subject instanceof Document d) {
            return name.equals(d.get(field)) && nameDb.equals(d.get("db"));
        }
        if (subject instanceof Collection<?> list) {
            return list.stream().anyMatch(each -> matches(each, db, name, nameDb, field));
        }
        return false;
    }

    private static List<RoleName> roleNames(String db, Object value) {
        List<RoleName> names = new ArrayList<>();
        if (value instanceof Collection<?> list) {
            for (Object each : list) {
                names.add(each instanceof Document d
                        ? new RoleName((String) d.get("role"), (String) d.get("db"))
                        : new RoleName((String) each, db));
            }
        }
        return List.copyOf(names);
    }

    private static List<Document> privileges(Object value) {
        List<Document> privileges = new ArrayList<>();
        if (value instanceof Collection<?> list) {
            list.forEach(each -> privileges.add(((Document) each).cloneDeeply()));
        }
        return List.copyOf(privileges);
    }

    private static Document roleDocument(RoleName name) {
        Document role = new Document("role", name.role());
        role.put("db", name.db());
        return role;
    }

    // --- privileges --------------------------------------------------------------------------

    private boolean isRoot(User user) {
        return user.roles().contains(new RoleName(ROOT_ROLE, ADMIN));
    }

    private boolean allows(User user, Required need) {
        return privilegesOf(user.roles(), new ArrayList<>()).stream().anyMatch(privilege -> {
            Document resource = (Document) privilege.get("resource");
            Object actions = privilege.get("actions");
            boolean database = "".equals(resource.get("db")) || need.db().equals(resource.get("db"));
            boolean collection = need.collection().equals(resource.get("collection"))
                    || ("".equals(resource.get("collection")) && !need.collection().startsWith("system."));
            return database && collection && actions instanceof Collection<?> list && list.contains(need.action());
        });
    }

    /** The privileges of these roles and of the roles they inherit. */
    private List<Document> privilegesOf(List<RoleName> names, List<RoleName> seen) {
        List<Document> privileges = new ArrayList<>();
        for (RoleName name : names) {
            Role role = roles.get(name);
            if (role != null && !seen.contains(name)) {
                seen.add(name);
                privileges.addAll(role.privileges());
                privileges.addAll(privilegesOf(role.roles(), seen));
            }
        }
        return privileges;
    }

    /** The privileges MongoDB requires for a command; null for commands only root may run here. */
    private static List<Required> required(String db, String name, Document query) {
        Object target = query.get(query.keySet().iterator().next());
        String collection = target instanceof String s ? s : null;
        List<Required> required = new ArrayList<>();
        switch (name) {
            case "find", "count", "distinct" -> required.add(new Required("find", db, collection));
            case "aggregate" -> {
                if (collection == null) {
                    return null;
                }
                required.add(new Required("find", db, collection));
                lookups(query).forEach(from -> required.add(new Required("find", db, from)));
            }
            case "getmore" -> required.add(new Required("find", db, (String) query.get("collection")));
            case "insert" -> required.add(new Required("insert", db, collection));
            case "update" -> {
                required.add(new Required("update", db, collection));
                if (anyUpsert(query.get("updates"))) {
                    required.add(new Required("insert", db, collection));
                }
            }
            case "delete" -> required.add(new Required("remove", db, collection));
            case "findandmodify" -> {
                required.add(new Required("find", db, collection));
                if (Boolean.TRUE.equals(query.get("remove"))) {
                    required.add(new Required("remove", db, collection));
                } else {
                    required.add(new Required("update", db, collection));
                    if (Boolean.TRUE.equals(query.get("upsert"))) {
                        required.add(new Required("insert", db, collection));
                    }
                }
            }
            case "createindexes" -> required.add(new Required("createIndex", db, collection));
            case "listindexes" -> required.add(new Required("listIndexes", db, collection));
            case "create" -> required.add(new Required("createCollection", db, collection));
            case "drop" -> required.add(new Required("dropCollection", db, collection));
            case "listcollections" -> required.add(new Required("listCollections", db, ""));
            case "dropdatabase" -> required.add(new Required("dropDatabase", db, ""));
            default -> {
                return null;
            }
        }
        return required.stream().anyMatch(r -> r.collection() == null) ? null : required;
    }

    private static List<String> lookups(Document query) {
        List<String> from = new ArrayList<>();
        if (query.get("pipeline") instanceof Collection<?> stages) {
            for (Object stage : stages) {
                if (stage instanceof Document d && d.get("$lookup") instanceof Document lookup && lookup.get("from") instanceof String f) {
                    from.add(f);
                }
            }
        }
        return from;
    }

    private static boolean anyUpsert(Object updates) {
        return updates instanceof Collection<?> list
                && list.stream().anyMatch(u -> u instanceof Document d && Boolean.TRUE.equals(d.get("upsert")));
    }

    private static Document ok(Document response) {
        response.put("ok", 1.0);
        return response;
    }

    // --- the rest is the wrapped backend's ---------------------------------------------------

    @Override
    public QueryResult handleQuery(MongoQuery query) {
        // Legacy OP_QUERY reads (no current driver sends them): root only.
        Session session = sessions.get(query.getChannel());
        if (session == null || session.user == null || !isRoot(session.user)) {
            throw new MongoServerError(UNAUTHORIZED, "Unauthorized", "not authorized for query on " + query.getFullCollectionName());
        }
        return delegate.handleQuery(query);
    }

    @Override
    public void handleClose(Channel channel) {
        sessions.remove(channel);
        delegate.handleClose(channel);
    }

    @Override
    public void dropDatabase(String database) {
        delegate.dropDatabase(database);
    }

    @Override
    public Collection<Document> getCurrentOperations(MongoQuery query) {
        return delegate.getCurrentOperations(query);
    }

    @Override
    public Document getServerStatus() {
        return delegate.getServerStatus();
    }

    @Override
    public void close() {
        delegate.close();
    }

    @Override
    public void closeCursors(List<Long> cursorIds) {
        delegate.closeCursors(cursorIds);
    }

    @Override
    public Clock getClock() {
        return delegate.getClock();
    }

    @Override
    public void enableOplog() {
        delegate.enableOplog();
    }

    @Override
    public void disableOplog() {
        delegate.disableOplog();
    }

    @Override
    public MongoDatabase resolveDatabase(String database) {
        return delegate.resolveDatabase(database);
    }

    @Override
    public MongoBackend version(MongoVersion version) {
        delegate.version(version);
        return this;
    }
}
