package dev.quarry.core.port;

import dev.quarry.core.model.DocumentRef;

import java.util.Optional;

/**
 * Where uploaded documents are read from (S3 in production, a local folder in the embedded default). Both pass
 * {@code dev.quarry.testing.DocumentSourceContractTest}.
 */
public interface DocumentSource {

    /**
     * Reads the bytes of one document version.
     *
     * @param maxBytes the largest document accepted; a larger one fails with {@code TOO_LARGE} before it
     *     is read into memory
     * @throws dev.quarry.core.QuarryException.Permanent with {@code NOT_FOUND} when the version is gone,
     *     or {@code TOO_LARGE}
     * @throws dev.quarry.core.QuarryException.Transient when the store could not be reached
     */
    byte[] read(DocumentRef document, long maxBytes);

    /**
     * The version the store serves for {@code key} now, in the form {@link #read} takes: after a version was
     * removed, the index is made to show exactly this (the removed one may have been an old version, or the
     * current one, whose removal makes the previous version current again).
     *
     * <p>The default refuses: test doubles written as lambdas serve only {@link #read}; every adapter implements
     * it.
     *
     * @return the current version, or empty when the key has none (never stored, deleted, or hidden behind an S3
     *     delete marker)
     * @throws dev.quarry.core.QuarryException.Transient when the store could not be reached
     */
    default Optional<String> currentVersion(String tenant, String key) {
        throw new UnsupportedOperationException(
                getClass().getName() + " cannot tell a key's current version; implement currentVersion");
    }
}
