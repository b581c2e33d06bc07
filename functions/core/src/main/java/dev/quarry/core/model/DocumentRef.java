package dev.quarry.core.model;

import java.util.Objects;

/**
 * Identifies one version of one document of one tenant.
 *
 * @param tenant the tenant that owns the document; every chunk, search and cache key is scoped to it
 * @param key the document key, e.g. the S3 object key or the path below the local document folder
 * @param version the version id (S3 version id or ETag, a content hash locally)
 */
public record DocumentRef(String tenant, String key, String version) {

    /**
     * @throws dev.quarry.core.QuarryException.Permanent with {@code INVALID_TENANT} or {@code INVALID_KEY} when
     *     the tenant or key is not canonical ({@link Tenants}, {@link DocumentKeys})
     */
    public DocumentRef {
        Tenants.canonical(tenant, "tenant");
        DocumentKeys.canonical(key);
        requireText(version, "version");
    }

    static void requireText(String value, String name) {
        Objects.requireNonNull(value, name + " must not be null");
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }

    @Override
    public String toString() {
        return tenant + "/" + key + "@" + version;
    }
}
