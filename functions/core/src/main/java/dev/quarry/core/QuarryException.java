package dev.quarry.core;

import java.util.Objects;

/**
 * The root of Quarry's failures. The branch decides what a caller does: a {@link Transient} failure is
 * retried (the message goes back to the queue), a {@link Permanent} one is recorded with its
 * {@link Reason} and the work moves on.
 */
public abstract sealed class QuarryException extends RuntimeException
        permits QuarryException.Transient, QuarryException.Permanent {

    private final Reason reason;

    QuarryException(Reason reason, String message, Throwable cause) {
        super(Objects.requireNonNull(reason, "reason") + ": " + message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    /** Why a piece of work failed; stable names, recorded in document status and problem responses. */
    public enum Reason {
        /** The document is password-protected and no password is known. */
        ENCRYPTED,
        /** The bytes do not form a valid document of the detected type. */
        CORRUPT,
        /** The document has no bytes. */
        EMPTY,
        /** The content is of a type Quarry does not extract. */
        UNSUPPORTED_TYPE,
        /** Bytes, pages, pixels or expanded size exceed a configured limit (including decompression bombs). */
        TOO_LARGE,
        /** A step ran past its time limit. */
        TIMEOUT,
        /** The OCR engine failed or is not installed. */
        OCR_FAILED,
        /** The document (version) does not exist. */
        NOT_FOUND,
        /** A model could not be loaded or run. */
        MODEL_FAILED,
        /** A dependency (store, queue, cache) could not be reached; retry later. */
        UNAVAILABLE,
        /** A request was invalid. */
        INVALID_REQUEST,
        /** A tenant name outside the documented form ({@link dev.quarry.core.model.Tenants#canonical}). */
        INVALID_TENANT,
        /** A document key outside the documented form ({@link dev.quarry.core.model.DocumentKeys#canonical}). */
        INVALID_KEY,
        /**
         * An index was built with another embedding model or keyword analyzer than the configuration names
         * ({@link dev.quarry.core.search.IndexSignature}); re-index.
         */
        INDEX_MISMATCH
    }

    /** Retrying the same work later may succeed (network, throttling, a dependency down). */
    public static final class Transient extends QuarryException {
        public Transient(Reason reason, String message, Throwable cause) {
            super(reason, message, cause);
        }

        public Transient(Reason reason, String message) {
            this(reason, message, null);
        }
    }

    /** Retrying the same work will fail the same way; record the reason and move on. */
    public static final class Permanent extends QuarryException {
        public Permanent(Reason reason, String message, Throwable cause) {
            super(reason, message, cause);
        }

        public Permanent(Reason reason, String message) {
            this(reason, message, null);
        }
    }
}
