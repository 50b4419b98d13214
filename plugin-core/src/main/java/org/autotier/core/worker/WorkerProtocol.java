package org.autotier.core.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.concurrent.CancellationException;

/**
 * The host and its analysis process talk in JSON lines over the child's stdin and stdout, never a
 * socket. The child's lines carry a prefix, so whatever a native library prints to stdout is told
 * apart and ignored.
 *
 * <pre>
 * host → child: {"op":"suggest","id":1,"media":…,"into":EAF or null,"eafPath":…,"humanTiers":[…],
 *                "settings":{…},"out":EAF}
 *               {"op":"segment","id":2,"media":…,"into":…,"eafPath":…,"out":EAF}
 *               {"op":"cancel","id":1}   (end of stdin: the child exits)
 * child → host: {"event":"ready","pid":…}
 *               {"event":"progress","id":1,"fraction":0.42}
 *               {"event":"done","id":1,"suggestions":[…],"changedTiers":[…]}   (the document is in "out")
 *               {"event":"failed","id":1,"kind":"io|argument|cancelled|other","message":…}
 * </pre>
 */
final class WorkerProtocol {
    static final String PREFIX = "@autotier-worker ";
    static final ObjectMapper JSON = new ObjectMapper();

    private WorkerProtocol() {
    }

    static ObjectNode message(String key, String value) {
        return JSON.createObjectNode().put(key, value);
    }

    /** The JSON of a child's line, or null for a line that is not the protocol's. */
    static JsonNode parse(String line) {
        if (!line.startsWith(PREFIX)) {
            return null;
        }
        try {
            return JSON.readTree(line.substring(PREFIX.length()));
        } catch (IOException e) {
            return null;
        }
    }

    /** How a failure travels: its kind and its message. */
    static ObjectNode failure(long id, Throwable e) {
        String kind = e instanceof CancellationException ? "cancelled"
                : e instanceof IOException ? "io"
                : e instanceof IllegalArgumentException ? "argument" : "other";
        String message = e.getMessage() == null ? e.getClass().getName() : e.getMessage();
        if (kind.equals("other")) {
            message = e.getClass().getSimpleName() + ": " + message;
        }
        return message("event", "failed").put("id", id).put("kind", kind).put("message", message);
    }

    /** The failure as the exception the in-process engine would have thrown. */
    static Exception exception(JsonNode failed) {
        String message = failed.path("message").asText();
        return switch (failed.path("kind").asText()) {
            case "cancelled" -> new CancellationException(message);
            case "io" -> new IOException(message);
            case "argument" -> new IllegalArgumentException(message);
            default -> new IllegalStateException(message);
        };
    }
}
