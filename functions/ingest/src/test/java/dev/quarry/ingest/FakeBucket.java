package dev.quarry.ingest;

import dev.quarry.core.QuarryException;
import dev.quarry.core.QuarryException.Reason;
import dev.quarry.core.model.DocumentRef;
import dev.quarry.core.port.DocumentSource;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The bucket in {@code IngestFunctionTest}: objects by key, and keys that S3 fails to serve for a while. */
@Alternative
@Priority(1)
@Singleton
public class FakeBucket implements DocumentSource {

    private final Map<String, byte[]> objects = new ConcurrentHashMap<>();
    private final Set<String> unavailable = ConcurrentHashMap.newKeySet();

    void put(String key, String text) {
        objects.put(key, text.getBytes(StandardCharsets.UTF_8));
    }

    void put(String key, byte[] content) {
        objects.put(key, content.clone());
    }

    /** Reads of this key fail as S3 throttling would, until {@link #clear()}. */
    void throttle(String key) {
        unavailable.add(key);
    }

    void clear() {
        objects.clear();
        unavailable.clear();
    }

    @Override
    public byte[] read(DocumentRef document, long maxBytes) {
        if (unavailable.contains(document.key())) {
            throw new QuarryException.Transient(Reason.UNAVAILABLE, "s3 503 SlowDown for " + document);
        }
        byte[] content = objects.get(document.key());
        if (content == null) {
            throw new QuarryException.Permanent(Reason.NOT_FOUND, document + " does not exist in the bucket");
        }
        return content;
    }
}
