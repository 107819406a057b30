package org.vigil.testsupport;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonValue;

/**
 * Every command the application's MongoDB client sends (a driver {@link CommandListener}), with the
 * thread that sent it and the fields its filters name, so a test can tell what a path asked of
 * MongoDB: in particular whether it read or wrote anything but by {@code _id}, which is what keeps
 * a path's cost from growing with what is stored (mongo-java-server scans the whole collection for
 * any other filter, and a real MongoDB needs an index for it).
 */
public final class MongoCommandWatch implements CommandListener {

    /** One command: its name, collection, the fields of each of its filters, and the sending thread. */
    public record Command(String name, String collection, List<Set<String>> filters, String thread) {

        /** Whether every filter of it is on {@code _id} alone (or it has none, as inserts). */
        public boolean byKey() {
            return !"aggregate".equals(name) && filters.stream().allMatch(fields -> fields.equals(Set.of("_id")));
        }

        @Override
        public String toString() {
            return name + " " + collection + " " + filters + " on " + thread;
        }
    }

    private static final Set<String> READS_AND_WRITES = Set.of("find", "update", "delete", "count", "aggregate", "findAndModify",
            "distinct", "insert");

    private final List<Command> commands = new CopyOnWriteArrayList<>();

    @Override
    public void commandStarted(CommandStartedEvent event) {
        String name = event.getCommandName();
        if (!READS_AND_WRITES.contains(name)) {
            return; // hello, ping, createIndexes, listIndexes ...
        }
        BsonDocument command = event.getCommand();
        List<Set<String>> filters = new ArrayList<>();
        switch (name) {
            case "find" -> filters.add(fields(command.get("filter")));
            case "count", "distinct", "findAndModify" -> filters.add(fields(command.get("query")));
            case "update" -> statements(command, "updates").forEach(update -> filters.add(fields(update.asDocument().get("q"))));
            case "delete" -> statements(command, "deletes").forEach(delete -> filters.add(fields(delete.asDocument().get("q"))));
            default -> { // insert has no filter; aggregate is never by key alone
            }
        }
        commands.add(new Command(name, command.get(name).isString() ? command.getString(name).getValue() : "?", filters,
                Thread.currentThread().getName()));
    }

    private static Set<String> fields(BsonValue filter) {
        return filter == null || !filter.isDocument() ? Set.of() : Set.copyOf(filter.asDocument().keySet());
    }

    /** The statements of an update or delete; the driver may send them as the command's document sequence. */
    private static List<BsonValue> statements(BsonDocument command, String field) {
        BsonValue value = command.get(field);
        return value instanceof BsonArray array ? array.getValues() : List.of();
    }

    public List<Command> commands() {
        return List.copyOf(commands);
    }

    /** The commands sent by the application's own routes (Camel's threads), not by an HTTP request or a test. */
    public List<Command> fromRoutes() {
        return commands.stream().filter(command -> command.thread().startsWith("Camel")).toList();
    }

    public void clear() {
        commands.clear();
    }
}
