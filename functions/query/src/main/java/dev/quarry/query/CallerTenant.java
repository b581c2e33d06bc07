package dev.quarry.query;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent.RequestContext.Authorizer;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent.RequestContext.IAM;
import dev.quarry.core.model.Tenants;
import dev.quarry.http.ForbiddenException;
import dev.quarry.http.RequestTenant;
import dev.quarry.http.UnauthenticatedException;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.util.Map;

/**
 * The tenant of a request to the query Lambda, from the identity the API Gateway HTTP API verified and passed in
 * {@code requestContext.authorizer} (API Gateway builds that context; a client cannot write it):
 *
 * <ul>
 *   <li>a JWT ({@code authorizer.jwt.claims}): the claim {@code quarry.auth.tenant-claim}; none is 401, a value
 *       that is not a tenant name as it stands is 403;
 *   <li>a SigV4 caller ({@code authorizer.iam}): its principal mapped by {@link IamTenants}; unmapped is 403;
 *   <li>nothing: 401.
 * </ul>
 *
 * Tenants are never trimmed or folded ({@link Tenants#canonical}): {@code "Acme"} is refused, not read as {@code
 * acme}.
 */
@Singleton
public class CallerTenant implements RequestTenant {

    @Inject
    Instance<APIGatewayV2HTTPEvent> event;

    @Inject
    TenantAuthConfig config;

    @Inject
    IamTenants iam;

    @Override
    public String current() {
        Authorizer authorizer = authorizer();
        if (authorizer != null && authorizer.getJwt() != null) {
            return fromClaims(authorizer.getJwt().getClaims());
        }
        if (authorizer != null && authorizer.getIam() != null) {
            return fromCaller(authorizer.getIam());
        }
        throw new UnauthenticatedException("the request carries no identity verified by API Gateway: call the API"
                + " with SigV4-signed requests (auth=iam) or a bearer JWT (auth=jwt)");
    }

    private String fromClaims(Map<String, String> claims) {
        String claim = config.tenantClaim();
        String value = claims == null ? null : claims.get(claim);
        if (value == null || value.isEmpty()) {
            throw new UnauthenticatedException("the verified JWT has no '" + claim
                    + "' claim naming the tenant (quarry.auth.tenant-claim): issue tokens that carry it");
        }
        if (!Tenants.isCanonical(value)) {
            throw new ForbiddenException("the JWT claim '" + claim + "' is '" + Tenants.escaped(value)
                    + "', which is not a tenant name: a tenant is 1-" + Tenants.MAX_LENGTH
                    + " characters of a-z, 0-9, '_' and '-', starting with a letter or digit, exactly as issued");
        }
        return value;
    }

    private String fromCaller(IAM caller) {
        return iam.tenantOf(caller.getUserArn(), caller.getAccountId())
                .orElseThrow(() -> new ForbiddenException("the caller "
                        + (caller.getUserArn() == null
                                ? "(account " + caller.getAccountId() + ")"
                                : caller.getUserArn())
                        + " acts for no tenant: map its role, user or account in quarry.auth.iam-tenants (stack"
                        + " context quarry:iamTenants)"));
    }

    private Authorizer authorizer() {
        if (!event.isResolvable()) {
            return null;
        }
        APIGatewayV2HTTPEvent current = event.get();
        return current == null || current.getRequestContext() == null
                ? null
                : current.getRequestContext().getAuthorizer();
    }
}
