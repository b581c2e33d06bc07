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
        /**
         * The work needed more memory or stack than the process has (an {@link OutOfMemoryError} or {@link
         * StackOverflowError} caught while extracting, chunking or embedding): the document is too demanding
         * for this process's limits.
         */
        RESOURCE_LIMIT,
        /**
         * Earlier attempts at this document version ended without recording an outcome: the process running
         * them died (killed for memory, past its time limit, or stopped), so it is not tried again.
         */
        CRASHED,
        /** Quarry itself failed unexpectedly (a bug or a broken installation); the message names the error. */
        INTERNAL,
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
        INVALID_KEY
    }

    /**
     * The reason to record for {@code failure}: its own for a {@link QuarryException}, {@code RESOURCE_LIMIT}
     * for running out of memory or stack, {@code INTERNAL} for anything else.
     */
    public static Reason reasonOf(Throwable failure) {
        if (failure instanceof QuarryException quarry) {
            return quarry.reason();
        }
        if (failure instanceof OutOfMemoryError || failure instanceof StackOverflowError) {
            return Reason.RESOURCE_LIMIT;
        }
        return Reason.INTERNAL;
    }

    /** A one-line description of {@code failure} for a status message: its message, or its class for an error. */
    public static String describe(Throwable failure) {
        if (failure instanceof QuarryException) {
            return failure.getMessage();
        }
        if (failure instanceof OutOfMemoryError) {
            return "ran out of memory (" + failure.getMessage() + "); the document needs more than this process"
                    + " has: give it more memory (-Xmx, the function's memory size) or lower quarry.extraction.*"
                    + " limits";
        }
        if (failure instanceof StackOverflowError) {
            return "its structure is nested too deeply to process (stack overflow)";
        }
        return failure.getClass().getName() + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
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
