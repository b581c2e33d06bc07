package dev.quarry.ingest;

import dev.quarry.core.QuarryException;
import dev.quarry.core.QuarryException.Reason;

import java.util.Objects;

/**
 * Derives the tenant of a document from its object key: the key's path segment at a configured index
 * ({@link IngestConfig#tenantSegment()}). A key too short to have that segment belongs to the default
 * tenant; the segment is a tenant only if at least one more segment (the file) follows it.
 */
public final class TenantResolver {

    private final int segment;
    private final String defaultTenant;

    public TenantResolver(int segment, String defaultTenant) {
        if (segment < 0) {
            throw new IllegalArgumentException("segment must be >= 0, was " + segment);
        }
        Objects.requireNonNull(defaultTenant, "defaultTenant must not be null");
        if (defaultTenant.isBlank()) {
            throw new IllegalArgumentException("defaultTenant must not be blank: set quarry.ingest.default-tenant");
        }
        this.segment = segment;
        this.defaultTenant = defaultTenant;
    }

    public static TenantResolver fromConfig(IngestConfig config) {
        return new TenantResolver(config.tenantSegment(), config.defaultTenant());
    }

    /**
     * The tenant of a (decoded) object key.
     *
     * @throws QuarryException.Permanent with {@code INVALID_REQUEST} when the tenant segment is empty
     *     ({@code acme//x}, {@code /x})
     */
    public String tenantOf(String key) {
        Objects.requireNonNull(key, "key must not be null");
        String[] parts = key.split("/", -1);
        if (parts.length <= segment + 1) {
            return defaultTenant;
        }
        String tenant = parts[segment];
        if (tenant.isBlank()) {
            throw new QuarryException.Permanent(
                    Reason.INVALID_REQUEST, "key '" + key + "' has an empty tenant segment at index " + segment);
        }
        return tenant;
    }
}
