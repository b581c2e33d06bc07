package dev.quarry.http;

/**
 * The caller is authenticated but acts for no tenant: an IAM principal no mapping names, or a tenant claim that is
 * not a tenant name; answered 403 problem+json.
 */
public class ForbiddenException extends RuntimeException {

    public ForbiddenException(String message) {
        super(message, null, false, false);
    }
}
