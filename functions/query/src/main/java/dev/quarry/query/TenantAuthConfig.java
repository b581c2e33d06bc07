package dev.quarry.query;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Optional;

/**
 * Who a request to the query Lambda acts for ({@code quarry.auth.*}), from the identity API Gateway verified: the
 * stack's {@code -c quarry:auth=jwt} passes a JWT's claims, {@code auth=iam} (the default) the SigV4 caller. The
 * deployment sets these from its context ({@code quarry:tenantClaim}, {@code quarry:iamTenants}, {@code
 * quarry:iamTenant}). A request whose identity names no tenant is refused; there is no default tenant.
 */
@ConfigMapping(prefix = "quarry.auth")
public interface TenantAuthConfig {

    /**
     * JWT: the claim naming the tenant. Cognito user-pool custom attributes arrive as {@code custom:<name>}, e.g.
     * {@code custom:tenant}. A token without it is 401; a value that is not a tenant name is 403.
     */
    @WithDefault("tenant")
    String tenantClaim();

    /**
     * IAM: which caller acts for which tenant, as a JSON object from principal to tenant, e.g. {@code
     * {"arn:aws:iam::111122223333:role/acme-reader": "acme", "444455556666": "globex"}}. A principal is a role ARN
     * (any path; every assumed-role session of the role maps alike), an IAM user ARN, an assumed-role or federated
     * user ARN, an account root ARN, or a 12-digit account id, which maps every caller of that account that no
     * ARN names. An unmapped caller is 403.
     */
    Optional<String> iamTenants();

    /**
     * IAM, single-tenant deployments: the one tenant of every caller API Gateway admits (IAM policies decide who
     * may call). Not together with {@link #iamTenants()}.
     */
    Optional<String> iamTenant();
}
