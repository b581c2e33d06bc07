package dev.quarry.http;

/** A request body larger than its limit, declared or counted while reading; answered 413 problem+json. */
public class BodyTooLargeException extends RuntimeException {

    public BodyTooLargeException(String message) {
        super(message, null, false, false);
    }
}
