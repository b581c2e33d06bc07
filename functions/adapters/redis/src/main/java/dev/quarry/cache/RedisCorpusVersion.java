package dev.quarry.cache;

import dev.quarry.core.QuarryException;
import dev.quarry.core.model.Tenants;
import dev.quarry.core.port.CorpusVersion;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Corpus versions in Redis / Valkey, shared by every ingest and query function of a deployment: one counter per
 * tenant at {@code quarry:cache:{T}:gen} ({@code GET} to read, {@code INCR} to bump, so concurrent bumps are
 * never lost). A tenant without the key is at version 0.
 */
public final class RedisCorpusVersion implements CorpusVersion {

    /** Bumps wait at least this long: a lost bump could serve answers computed before the change. */
    private static final Duration MIN_BUMP_BUDGET = Duration.ofSeconds(2);

    private final Redis redis;
    private final Duration timeout;

    /** @param timeout how long a read waits for Redis (a bump waits at least two seconds) */
    public RedisCorpusVersion(Redis redis, Duration timeout) {
        this.redis = Objects.requireNonNull(redis, "redis must not be null");
        this.timeout = Objects.requireNonNull(timeout, "timeout must not be null");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
    }

    @Override
    public long current(String tenant) {
        Tenants.canonical(tenant, "tenant");
        Response r = call(Request.cmd(Command.GET).arg(RedisCacheStore.generationKey(tenant)), timeout, "read", tenant);
        return r == null ? 0 : Long.parseLong(r.toString());
    }

    @Override
    public long bump(String tenant) {
        Tenants.canonical(tenant, "tenant");
        Duration budget = timeout.compareTo(MIN_BUMP_BUDGET) > 0 ? timeout : MIN_BUMP_BUDGET;
        return call(Request.cmd(Command.INCR).arg(RedisCacheStore.generationKey(tenant)), budget, "bump", tenant)
                .toLong();
    }

    private Response call(Request request, Duration budget, String what, String tenant) {
        try {
            return redis.batch(List.of(request)).await().atMost(budget).get(0);
        } catch (RuntimeException e) {
            throw new QuarryException.Transient(
                    QuarryException.Reason.UNAVAILABLE,
                    "could not " + what + " the corpus version of tenant " + tenant
                            + " (check quarkus.redis.hosts); retry the ingestion or the query",
                    e);
        }
    }
}
