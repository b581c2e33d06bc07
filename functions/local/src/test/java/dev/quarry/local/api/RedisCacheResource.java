package dev.quarry.local.api;

import dev.quarry.cache.RedisTestServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/** A private redis-server for the tests that run the local API on the Redis answer cache. */
public class RedisCacheResource implements QuarkusTestResourceLifecycleManager {

    private RedisTestServer server;

    @Override
    public Map<String, String> start() {
        server = RedisTestServer.start();
        return Map.of(
                "quarkus.redis.hosts", server.uri(),
                "quarry.cache.enabled", "true",
                "quarry.cache.mode", "semantic",
                // Online checks sample would-be hits at random: none here, so hits are deterministic.
                "quarry.cache.verifier.sample-rate", "0",
                // A loaded CI machine must not turn the assertions into bypasses.
                "quarry.cache.timeout", "2s",
                "quarry.local.data-dir", "target/quarry-redis-cache-test");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close();
        }
    }
}
