package dev.quarry.ingest;

import dev.quarry.aws.s3.S3DocumentSource;
import dev.quarry.aws.s3.S3Version;
import dev.quarry.core.QuarryException;
import dev.quarry.core.QuarryException.Reason;
import dev.quarry.core.model.DocumentRef;
import dev.quarry.core.port.DocumentSource;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The bucket of the ingest tests, standing in for {@link S3DocumentSource} over a versioned S3 bucket: per key a
 * stack of versions, the newest current, each with content or as a delete marker. Reads answer as the S3 source
 * does: the current version's bytes, {@code NOT_FOUND} for a missing key, a delete marker or a superseded version.
 * Versions are named by the test: an S3 version id, or for a bucket without versioning the object's ETag (32 hex
 * digits, {@code -N} for multipart), which {@link #currentVersion} then reports as {@code etag:<ETag>} as the S3
 * source does.
 */
@Alternative
@Priority(1)
@Singleton
public class FakeBucket implements DocumentSource {

    /** Serves whatever version is asked for: for tests that care about content only. */
    static final String ANY_VERSION = "*";

    private static final Pattern ETAG = Pattern.compile("[0-9a-fA-F]{32}(-[0-9]+)?");

    /** One version of a key; a delete marker has no content. */
    private record Version(String id, byte[] content) {}

    private final Map<String, List<Version>> keys = new ConcurrentHashMap<>();
    private final Set<String> unavailable = ConcurrentHashMap.newKeySet();

    /** Stores content that any version of the key reads (the tests that do not care about versions). */
    void put(String key, String text) {
        put(key, ANY_VERSION, text.getBytes(StandardCharsets.UTF_8));
    }

    void put(String key, byte[] content) {
        put(key, ANY_VERSION, content);
    }

    /** Uploads a new current version of {@code key} (an upload of an existing version id moves it to the top). */
    synchronized void put(String key, String version, byte[] content) {
        List<Version> versions = keys.computeIfAbsent(key, k -> new ArrayList<>());
        versions.removeIf(v -> v.id().equals(version));
        versions.add(new Version(version, content.clone()));
    }

    /** A {@code DELETE} without a version id in a versioned bucket: a delete marker becomes the current version. */
    synchronized void deleteMarker(String key, String markerVersion) {
        List<Version> versions = keys.computeIfAbsent(key, k -> new ArrayList<>());
        versions.removeIf(v -> v.id().equals(markerVersion));
        versions.add(new Version(markerVersion, null));
    }

    /**
     * Deletes one version for good (it may be a delete marker); without a version ({@code null}, blank or {@code
     * "null"}) the key with all its versions, as a {@code DELETE} does in a bucket without versioning.
     */
    synchronized void deleteVersion(String key, String version) {
        if (version == null || version.isBlank() || "null".equals(version)) {
            keys.remove(key);
            return;
        }
        List<Version> versions = keys.get(key);
        if (versions != null) {
            versions.removeIf(v -> v.id().equals(version));
        }
    }

    /** Reads of this key fail as S3 throttling would, until {@link #clear()}. */
    void throttle(String key) {
        unavailable.add(key);
    }

    synchronized void clear() {
        keys.clear();
        unavailable.clear();
    }

    @Override
    public synchronized byte[] read(DocumentRef document, long maxBytes) {
        available(document.key());
        Version current = current(document.key());
        if (current == null || current.content() == null) {
            throw new QuarryException.Permanent(Reason.NOT_FOUND, document + " does not exist in the bucket");
        }
        if (!current.id().equals(ANY_VERSION)
                && !current.id().equals(S3Version.parse(document.version()).value())) {
            throw new QuarryException.Permanent(
                    Reason.NOT_FOUND, document + " was superseded by version " + current.id() + " before it was read");
        }
        if (current.content().length > maxBytes) {
            throw new QuarryException.Permanent(
                    Reason.TOO_LARGE, document.key() + " has " + current.content().length + " bytes");
        }
        return current.content().clone();
    }

    @Override
    public synchronized Optional<String> currentVersion(String tenant, String key) {
        available(key);
        Version current = current(key);
        if (current == null || current.content() == null) {
            return Optional.empty();
        }
        if (current.id().equals(ANY_VERSION)) {
            throw new IllegalStateException("put " + key + " with a version to ask for its current version");
        }
        return Optional.of(ETAG.matcher(current.id()).matches() ? S3Version.ETAG_PREFIX + current.id() : current.id());
    }

    private Version current(String key) {
        List<Version> versions = keys.get(key);
        return versions == null || versions.isEmpty() ? null : versions.get(versions.size() - 1);
    }

    private void available(String key) {
        if (unavailable.contains(key)) {
            throw new QuarryException.Transient(Reason.UNAVAILABLE, "s3 503 SlowDown for " + key);
        }
    }
}
