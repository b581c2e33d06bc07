package dev.quarry.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quarry.core.model.Tenants;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps a SigV4 caller, as API Gateway verified it ({@code requestContext.authorizer.iam}), to a tenant.
 *
 * <p>Principals are compared by what names them in IAM, not by spelling: a role by partition, account and role
 * name, so {@code arn:aws:iam::111122223333:role/team/acme-reader} (with its path) and every session {@code
 * arn:aws:sts::111122223333:assumed-role/acme-reader/alice} are one principal; IAM users likewise. Role and user
 * names are compared without case, as IAM keeps them unique without case. A caller no ARN names falls back to its
 * account id when one is mapped, then to the single tenant when one is configured; otherwise it has none.
 */
public final class IamTenants {

    private static final Pattern ACCOUNT = Pattern.compile("[0-9]{12}");
    private static final Pattern ARN = Pattern.compile("arn:(aws[a-z-]*):(iam|sts)::([0-9]{12}):(.+)");

    private final Map<String, String> tenants;
    private final Optional<String> everyone;

    private IamTenants(Map<String, String> tenants, Optional<String> everyone) {
        this.tenants = Map.copyOf(tenants);
        this.everyone = everyone;
    }

    /**
     * @param mapping the JSON object of {@link TenantAuthConfig#iamTenants()}, if any
     * @param single the tenant of {@link TenantAuthConfig#iamTenant()}, if any
     * @throws IllegalArgumentException naming the setting when a principal or tenant is malformed, or both are set
     */
    public static IamTenants of(Optional<String> mapping, Optional<String> single, ObjectMapper json) {
        Objects.requireNonNull(json, "json must not be null");
        if (mapping.isPresent() && single.isPresent()) {
            throw new IllegalArgumentException("set quarry.auth.iam-tenants (principal to tenant) or"
                    + " quarry.auth.iam-tenant (one tenant for every caller), not both");
        }
        Map<String, String> tenants = new LinkedHashMap<>();
        if (mapping.isPresent()) {
            JsonNode root;
            try {
                root = json.readTree(mapping.get());
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException(
                        "quarry.auth.iam-tenants must be a JSON object from principal to tenant, e.g."
                                + " {\"arn:aws:iam::111122223333:role/acme-reader\": \"acme\"}: "
                                + e.getOriginalMessage(),
                        e);
            }
            if (root == null || !root.isObject()) {
                throw new IllegalArgumentException("quarry.auth.iam-tenants must be a JSON object from principal to"
                        + " tenant, e.g. {\"arn:aws:iam::111122223333:role/acme-reader\": \"acme\"}");
            }
            root.fields().forEachRemaining(entry -> {
                String principal = entry.getKey().strip();
                String key = keyOf(principal)
                        .orElseThrow(() -> new IllegalArgumentException("quarry.auth.iam-tenants: '" + principal
                                + "' is not a role, user, assumed-role, federated-user or root ARN, nor a 12-digit"
                                + " account id"));
                if (!entry.getValue().isTextual()) {
                    throw new IllegalArgumentException(
                            "quarry.auth.iam-tenants: the tenant of '" + principal + "' must be a string");
                }
                String tenant = Tenants.canonical(
                        entry.getValue().asText(), "quarry.auth.iam-tenants: the tenant of '" + principal + "'");
                String previous = tenants.put(key, tenant);
                if (previous != null && !previous.equals(tenant)) {
                    throw new IllegalArgumentException("quarry.auth.iam-tenants names the principal of '" + principal
                            + "' twice, for " + previous + " and " + tenant);
                }
            });
        }
        return new IamTenants(tenants, single.map(t -> Tenants.canonical(t, "quarry.auth.iam-tenant")));
    }

    /** Whether any caller can be mapped at all; without a mapping every IAM request is refused. */
    public boolean configured() {
        return !tenants.isEmpty() || everyone.isPresent();
    }

    /**
     * The tenant of a caller.
     *
     * @param userArn the caller's ARN ({@code authorizer.iam.userArn}), may be null
     * @param accountId the caller's account ({@code authorizer.iam.accountId}), may be null; the ARN's account
     *     counts when it is missing
     */
    public Optional<String> tenantOf(String userArn, String accountId) {
        Optional<String> byArn = Optional.ofNullable(userArn).flatMap(IamTenants::keyOf);
        if (byArn.isPresent() && tenants.containsKey(byArn.get())) {
            return Optional.of(tenants.get(byArn.get()));
        }
        String account = accountId != null && ACCOUNT.matcher(accountId).matches() ? accountId : accountOf(userArn);
        if (account != null && tenants.containsKey("account:" + account)) {
            return Optional.of(tenants.get("account:" + account));
        }
        return everyone;
    }

    /** The comparable key of a principal, or empty when it is none Quarry can map. */
    static Optional<String> keyOf(String principal) {
        if (ACCOUNT.matcher(principal).matches()) {
            return Optional.of("account:" + principal);
        }
        Matcher arn = ARN.matcher(principal);
        if (!arn.matches()) {
            return Optional.empty();
        }
        String partition = arn.group(1);
        String service = arn.group(2);
        String account = arn.group(3);
        String resource = arn.group(4);
        String where = partition + ":" + account + ":";
        if (service.equals("iam") && resource.equals("root")) {
            return Optional.of("root:" + where);
        }
        if (service.equals("iam") && resource.startsWith("role/")) {
            return lastSegment(resource).map(name -> "role:" + where + name);
        }
        if (service.equals("iam") && resource.startsWith("user/")) {
            return lastSegment(resource).map(name -> "user:" + where + name);
        }
        if (service.equals("sts") && resource.startsWith("assumed-role/")) {
            String[] parts = resource.split("/", -1);
            return parts.length >= 2 && !parts[1].isEmpty()
                    ? Optional.of("role:" + where + parts[1].toLowerCase(Locale.ROOT))
                    : Optional.empty();
        }
        if (service.equals("sts") && resource.startsWith("federated-user/")) {
            return lastSegment(resource).map(name -> "federated:" + where + name);
        }
        return Optional.empty();
    }

    private static Optional<String> lastSegment(String resource) {
        String name = resource.substring(resource.lastIndexOf('/') + 1);
        return name.isEmpty() ? Optional.empty() : Optional.of(name.toLowerCase(Locale.ROOT));
    }

    private static String accountOf(String userArn) {
        if (userArn == null) {
            return null;
        }
        Matcher arn = ARN.matcher(userArn);
        return arn.matches() ? arn.group(3) : null;
    }
}
