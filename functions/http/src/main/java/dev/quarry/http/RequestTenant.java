package dev.quarry.http;

/**
 * The tenant a request acts for. Each application supplies one: {@code quarry serve} the configured default
 * tenant, the query Lambda the verified JWT claim that API Gateway passes in the request context. Every
 * search, filter and cache key of the request is scoped to it.
 */
public interface RequestTenant {

    /**
     * @return the tenant of the request being served, never null or blank
     * @throws UnauthenticatedException when the request carries no tenant; answered 401, never defaulted
     */
    String current();
}
