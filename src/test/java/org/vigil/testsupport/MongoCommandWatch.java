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
 * thread that sent it and its filters, so a test can tell what a path asked of
 * MongoDB: in particular whether it read or wrote anything but by {@code _id}, which is what keeps
 * a path's cost from growing with what is stored (mongo-java-server scans the whole collection for
 * any other filter, and a real MongoDB needs an index for it).
 */
public final class MongoCommandWatch implements CommandListener {

    /** One command: its name, collection, each of its filters as sent, and the sending thread. */
    public record Command(String name, String collection, List<BsonDocument> filters, String thread) {

        /**
         * Whether every filter of it is a point access by key: {@code _id} equal to a value or
         * {@code $in} a list of values, with at most an equality on {@code version} beside it (an
         * optimistic guard, served by the unique index on {_id, version}). An insert has no filter;
         * an aggregation never qualifies.
         */
        public boolean byKey() {
            return !"aggregate".equals(name) && filters.stream().allMatch(Command::pointAccess);
        }

        /**
         * Whether its cost does not grow with the collection: by key, or a count of the whole
         * collection without a filter (answered from the collection's size, not by reading it).
         */
        public boolean boundedCost() {
            return byKey() || "count".equals(name) && filters.stream().allMatch(BsonDocument::isEmpty);
        }

        private static boolean pointAccess(BsonDocument filter) {
            BsonValue id = filter.get("_id");
            if (id == null || !Set.of("_id", "version").containsAll(filter.keySet())) {
                return false;
            }
            BsonValue version = filter.get("version");
            if (version != null && version.isDocument()) {
                return false;
            }
            return !id.isDocument() || id.asDocument().keySet().equals(Set.of("$in"));
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
        List<BsonDocument> filters = new ArrayList<>();
        switch (name) {
            case "find" -> filters.add(filter(command.get("filter")));
            case "count", "distinct", "findAndModify" -> filters.add(filter(command.get("query")));
            case "update" -> statements(command, "updates").forEach(update -> filters.add(filter(update.asDocument().get("q"))));
            case "delete" -> statements(command, "deletes").forEach(delete -> filters.add(filter(delete.asDocument().get("q"))));
            default -> { // insert has no filter; aggregate is never by key alone
            }
        }
        commands.add(new Command(name, command.get(name).isString() ? command.getString(name).getValue() : "?", filters,
                Thread.currentThread().getName()));
    }

    /**
     * A copy of a filter as sent (the event's document lives in the driver's buffer only during the
     * call); none, or not a document, is an empty filter: all documents, never by key.
     */
    private static BsonDocument filter(BsonValue filter) {
        return filter == null || !filter.isDocument() ? new BsonDocument() : BsonDocument.parse(filter.asDocument().toJson());
    }

    /**
     * The statements of an update or delete (the driver merges its document sequence into the
     * command as an array); none found counts as one unfiltered statement, so it cannot pass unseen.
     */
    private static List<BsonValue> statements(BsonDocument command, String field) {
        BsonValue value = command.get(field);
        return value instanceof BsonArray array && !array.isEmpty() ? array.getValues() : List.of(new BsonDocument());
    }

    public List<Command> commands() {
        return List.copyOf(commands);
    }

    /**
     * The commands sent by the application's own routes (Camel's threads) and the engine's own
     * writers working for them (threads named {@code vigil-...}, e.g. the NEWS2 state writer), not
     * by an HTTP request or a test.
     */
    public List<Command> fromRoutes() {
        return commands.stream().filter(command -> command.thread().startsWith("Camel") || command.thread().startsWith("vigil-")).toList();
    }

    /** The commands sent while answering HTTP requests (the dashboard, the operators' figures). */
    public List<Command> fromRequests() {
        return commands.stream().filter(command -> command.thread().startsWith("http-nio")).toList();
    }

    public void clear() {
        commands.clear();
    }
}
