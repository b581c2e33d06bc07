package dev.quarry.core.port;

/**
 * The version of each tenant's corpus: a counter that ingestion bumps after the tenant's searchable content
 * changed (a document indexed, replaced or removed), and that the answer cache puts into every key, so an
 * answer computed before a change is never served after it (Redis in production, memory in the embedded
 * default). Versions of one tenant never go back; tenants' versions are independent. Both adapters pass {@code
 * dev.quarry.testing.CorpusVersionContractTest}.
 */
public interface CorpusVersion {

    /**
     * The tenant's current version: 0 until its first change.
     *
     * @throws dev.quarry.core.QuarryException.Permanent with {@code INVALID_TENANT} for a tenant name outside the
     *     documented form
     * @throws dev.quarry.core.QuarryException.Transient when the store could not be reached
     */
    long current(String tenant);

    /**
     * Records that the tenant's corpus changed and returns the new version, greater than every version {@link
     * #current} returned for the tenant before. Never fails silently: a lost bump could serve stale answers, so
     * a store that cannot be reached fails the caller (which retries the ingestion).
     *
     * @throws dev.quarry.core.QuarryException.Permanent with {@code INVALID_TENANT} for a tenant name outside the
     *     documented form
     * @throws dev.quarry.core.QuarryException.Transient when the store could not be reached
     */
    long bump(String tenant);

    /**
     * For pipelines whose tenants have no answer cache (evaluation, benchmarks, tests): every version is 0 and a
     * bump changes nothing. Never give it to a pipeline whose answers are cached.
     */
    CorpusVersion NONE = new CorpusVersion() {
        @Override
        public long current(String tenant) {
            return 0;
        }

        @Override
        public long bump(String tenant) {
            return 0;
        }
    };
}
