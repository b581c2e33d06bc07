package dev.quarry.cache;

import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;

/**
 * A private {@link RedisTestServer} with a Vert.x Redis client on it: what a test class starts in {@code @BeforeAll}
 * and closes in {@code @AfterAll}.
 */
public final class RedisTestClient implements AutoCloseable {

    private final RedisTestServer server;
    private final Vertx vertx;
    private final Redis redis;

    private RedisTestClient(RedisTestServer server, Vertx vertx) {
        this.server = server;
        this.vertx = vertx;
        this.redis = client(server.port());
    }

    public static RedisTestClient start() {
        return new RedisTestClient(RedisTestServer.start(), Vertx.vertx());
    }

    /** The client of the private server. */
    public Redis redis() {
        return redis;
    }

    /** Another client on the same Vert.x, of whatever listens on {@code port} (another server, a proxy). */
    public Redis client(int port) {
        return Redis.createClient(vertx, new RedisOptions().setConnectionString("redis://127.0.0.1:" + port));
    }

    /** Closes the client, Vert.x and the server, in that order. */
    @Override
    public void close() {
        redis.close();
        vertx.closeAndAwait();
        server.close();
    }
}
