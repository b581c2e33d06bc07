package dev.quarry.api;

/** A well-formed request whose values are out of range or inconsistent; answered 422 problem+json. */
public class InvalidRequestException extends RuntimeException {

    public InvalidRequestException(String message) {
        super(message, null, false, false);
    }
}
