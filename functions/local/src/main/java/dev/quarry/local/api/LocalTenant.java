package dev.quarry.local.api;

import dev.quarry.core.model.Tenants;
import dev.quarry.http.RequestTenant;
import dev.quarry.local.LocalConfig;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * {@code quarry serve} acts for the configured tenant ({@code quarry.local.tenant}); the {@link ApiKeyFilter}
 * guards who may call it.
 */
@Singleton
public class LocalTenant implements RequestTenant {

    @Inject
    LocalConfig config;

    @Override
    public String current() {
        return Tenants.canonical(config.tenant(), "quarry.local.tenant");
    }
}
