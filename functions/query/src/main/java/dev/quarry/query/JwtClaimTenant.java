package dev.quarry.query;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.quarry.api.ApiConfig;
import dev.quarry.api.RequestTenant;
import dev.quarry.api.UnauthenticatedException;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.util.Map;

/**
 * The tenant of a request to the query Lambda: the claim {@code quarry.api.tenant-claim} of the JWT that the API
 * Gateway HTTP API authorizer verified and passed in {@code requestContext.authorizer.jwt.claims}. The function
 * trusts only that context (API Gateway strips nothing a client could forge there); a request without the claim
 * is refused, never given a default tenant.
 */
@Singleton
public class JwtClaimTenant implements RequestTenant {

    @Inject
    Instance<APIGatewayV2HTTPEvent> event;

    @Inject
    ApiConfig config;

    @Override
    public String current() {
        String claim = config.tenantClaim();
        String tenant = claims().get(claim);
        if (tenant == null || tenant.isBlank()) {
            throw new UnauthenticatedException("the request carries no verified '" + claim
                    + "' claim: call through the API Gateway with a JWT" + " that names the tenant");
        }
        return tenant.strip();
    }

    private Map<String, String> claims() {
        if (!event.isResolvable()) {
            return Map.of();
        }
        APIGatewayV2HTTPEvent current = event.get();
        if (current == null
                || current.getRequestContext() == null
                || current.getRequestContext().getAuthorizer() == null
                || current.getRequestContext().getAuthorizer().getJwt() == null
                || current.getRequestContext().getAuthorizer().getJwt().getClaims() == null) {
            return Map.of();
        }
        return current.getRequestContext().getAuthorizer().getJwt().getClaims();
    }
}
