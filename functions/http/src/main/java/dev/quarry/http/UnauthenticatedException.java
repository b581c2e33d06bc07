package dev.quarry.http;

/** The request does not say who it is for (no API key, no tenant claim); answered 401 problem+json. */
public class UnauthenticatedException extends RuntimeException {

    public UnauthenticatedException(String message) {
        super(message, null, false, false);
    }
}
