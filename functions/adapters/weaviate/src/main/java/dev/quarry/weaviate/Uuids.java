package dev.quarry.weaviate;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** Deterministic object UUIDs (name-based, {@link UUID#nameUUIDFromBytes}), so a rewrite replaces the object. */
final class Uuids {

    private Uuids() {}

    /** The UUID of a chunk: derived from its id (which already hashes tenant, key, version and position). */
    static String chunk(String chunkId) {
        return of("chunk", chunkId);
    }

    /** The UUID of the status object of a document key (one per key and tenant). */
    static String status(String key) {
        return of("status", key);
    }

    /** The UUID of one recorded part of one document version. */
    static String part(String key, String version, int part) {
        return of("part", key, version, Integer.toString(part));
    }

    private static String of(String... parts) {
        StringBuilder name = new StringBuilder();
        for (String part : parts) {
            // Length-prefixed, so ("a|b", "c") and ("a", "b|c") never share a name.
            name.append(part.length()).append(':').append(part);
        }
        return UUID.nameUUIDFromBytes(name.toString().getBytes(StandardCharsets.UTF_8))
                .toString();
    }
}
