package dev.quarry.core.port;

import dev.quarry.core.model.DocumentRef;

/** Where uploaded documents are read from (S3 in production, a local folder in the embedded default). */
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
}
