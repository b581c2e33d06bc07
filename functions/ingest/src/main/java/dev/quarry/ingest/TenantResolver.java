package dev.quarry.ingest;

import dev.quarry.core.QuarryException;
import dev.quarry.core.QuarryException.Reason;
import dev.quarry.core.model.Tenants;

import java.util.Objects;

/**
 * Derives the tenant of a document from its object key: below the document prefix ({@link
 * IngestConfig#documentPrefix()}), the path segment at a configured index ({@link IngestConfig#tenantSegment()}). A
 * key too short to have that segment belongs to the default tenant; the segment is a tenant only if at least one
 * more segment (the file) follows it. Every tenant is checked with {@link Tenants#canonical}: a segment that is not
 * a tenant name as it stands ({@code Acme}, {@code acme } …) is refused, never folded into another tenant.
 */
public final class TenantResolver {

    private final String prefix;
    private final int segment;
    private final String defaultTenant;

    /**
     * @param prefix the document prefix, empty for every key; otherwise it ends with {@code /}
     */
    public TenantResolver(String prefix, int segment, String defaultTenant) {
        this.prefix = Objects.requireNonNull(prefix, "prefix must not be null");
        if (!prefix.isEmpty() && (!prefix.endsWith("/") || prefix.startsWith("/"))) {
            throw new IllegalArgumentException("quarry.ingest.document-prefix must be a key prefix ending with '/'"
                    + " and not starting with it (e.g. docs/), was '" + prefix + "'");
        }
        if (segment < 0) {
            throw new IllegalArgumentException("segment must be >= 0, was " + segment);
        }
        this.segment = segment;
        this.defaultTenant = Tenants.canonical(defaultTenant, "quarry.ingest.default-tenant");
    }

    public TenantResolver(int segment, String defaultTenant) {
        this("", segment, defaultTenant);
    }

    public static TenantResolver fromConfig(IngestConfig config) {
        return new TenantResolver(config.documentPrefix().orElse(""), config.tenantSegment(), config.defaultTenant());
    }

    /** The document prefix, empty when every key is a document. */
    public String prefix() {
        return prefix;
    }

    /** Whether {@code key} lies under the document prefix, i.e. names a document of this deployment at all. */
    public boolean covers(String key) {
        return key.startsWith(prefix);
    }

    /**
     * The tenant of a (decoded) object key under the document prefix.
     *
     * @throws QuarryException.Permanent with {@code INVALID_REQUEST} for a key outside the prefix, {@code
     *     INVALID_TENANT} when the tenant segment is not a tenant name ({@code acme//x}, {@code Acme/x})
     */
    public String tenantOf(String key) {
        Objects.requireNonNull(key, "key must not be null");
        if (!covers(key)) {
            throw new QuarryException.Permanent(
                    Reason.INVALID_REQUEST,
                    "key '" + Tenants.escaped(key) + "' is outside the document prefix '" + prefix + "'");
        }
        String[] parts = key.substring(prefix.length()).split("/", -1);
        if (parts.length <= segment + 1) {
            return defaultTenant;
        }
        return Tenants.canonical(
                parts[segment],
                "the tenant segment " + segment + (prefix.isEmpty() ? "" : " after '" + prefix + "'") + " of key '"
                        + Tenants.escaped(key) + "',");
    }
}
