package dev.quarry.weaviate;

import dev.quarry.core.QuarryException;
import dev.quarry.core.QuarryException.Reason;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.weaviate.client6.v1.api.Authentication;
import io.weaviate.client6.v1.api.WeaviateApiException;
import io.weaviate.client6.v1.api.WeaviateClient;
import io.weaviate.client6.v1.api.WeaviateConnectException;
import io.weaviate.client6.v1.api.WeaviateTransportException;
import io.weaviate.client6.v1.api.collections.CollectionConfig;
import io.weaviate.client6.v1.api.collections.CollectionHandle;
import io.weaviate.client6.v1.api.collections.query.ConsistencyLevel;
import io.weaviate.client6.v1.api.collections.tenants.Tenant;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * One Weaviate client (REST + gRPC) shared by the chunk index and the status store: retries with
 * exponential backoff, tenant creation on first write, and idempotent schema creation with a compatibility
 * check. Closing it closes the client.
 */
public final class WeaviateConnection implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(WeaviateConnection.class);
    private static final Pattern TENANT_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final WeaviateSettings settings;
    private final WeaviateClient client;
    private final Set<String> knownTenants = ConcurrentHashMap.newKeySet();
    private final Sleeper sleeper;

    /** How the connection waits between attempts (tests replace it to record backoff). */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(long millis) throws InterruptedException;
    }

    public WeaviateConnection(WeaviateSettings settings) {
        this(settings, Thread::sleep);
    }

    public WeaviateConnection(WeaviateSettings settings, Sleeper sleeper) {
        this.settings = settings;
        this.sleeper = sleeper;
        this.client = call(
                "connect to " + settings.scheme() + "://" + settings.httpHost() + ":" + settings.httpPort(),
                () -> WeaviateClient.connectToCustom(custom -> {
                    custom.scheme(settings.scheme())
                            .httpHost(settings.httpHost())
                            .httpPort(settings.httpPort())
                            .grpcHost(settings.grpcHost())
                            .grpcPort(settings.grpcPort());
                    custom.timeout(
                            seconds(settings.initTimeout()),
                            seconds(settings.queryTimeout()),
                            seconds(settings.insertTimeout()));
                    settings.apiKey().ifPresent(key -> custom.authentication(Authentication.apiKey(key)));
                    return custom;
                }));
        LOG.debugf("connected to Weaviate with %s", settings);
    }

    public WeaviateSettings settings() {
        return settings;
    }

    /** A handle on {@code collection} for {@code tenant}, reading and writing at the configured consistency. */
    CollectionHandle<Map<String, Object>> handle(String collection, String tenant) {
        // Both defaults in one builder: withTenant() on a handle would drop the consistency level.
        return client.collections.use(
                collection, defaults -> defaults.consistencyLevel(consistency()).tenant(tenantName(tenant)));
    }

    /**
     * Creates the collection when it is missing and otherwise checks that it is compatible; a concurrent
     * creator (another function instance starting) is tolerated.
     *
     * @throws IllegalStateException when an existing collection differs in a way Quarry relies on
     */
    void ensureCollection(CollectionConfig wanted, SchemaCheck check) {
        var existing = call(
                "read the schema of " + wanted.collectionName(),
                () -> client.collections.getConfig(wanted.collectionName()));
        if (existing.isEmpty()) {
            try {
                call("create collection " + wanted.collectionName(), () -> client.collections.create(wanted));
                LOG.infof("created Weaviate collection %s", wanted.collectionName());
                return;
            } catch (QuarryException e) {
                // Another instance may have created it in between; read it back and check it below.
                existing = call(
                        "read the schema of " + wanted.collectionName(),
                        () -> client.collections.getConfig(wanted.collectionName()));
                if (existing.isEmpty()) {
                    throw e;
                }
            }
        }
        check.verify(existing.get());
    }

    /** Adds {@code property} to an existing collection (a property introduced after the collection was made). */
    void addProperty(String collection, io.weaviate.client6.v1.api.collections.Property property) {
        call("add property " + property.propertyName() + " to " + collection, () -> {
            client.collections.use(collection).config.addProperty(property);
            return null;
        });
        LOG.infof("added property %s to Weaviate collection %s", property.propertyName(), collection);
    }

    /** Makes sure the Weaviate tenant of {@code tenant} exists in {@code collection} before a write. */
    void ensureTenant(String collection, String tenant) {
        String name = tenantName(tenant);
        if (knownTenants.contains(collection + "/" + name)) {
            return;
        }
        var tenants = client.collections.use(collection).tenants;
        if (!call("check tenant " + name, () -> tenants.exists(name))) {
            try {
                call("create tenant " + name, () -> {
                    tenants.create(Tenant.active(name));
                    return null;
                });
            } catch (QuarryException e) {
                // A concurrent writer may have created it; only fail when it is still missing.
                if (!call("check tenant " + name, () -> tenants.exists(name))) {
                    throw e;
                }
            }
        }
        knownTenants.add(collection + "/" + name);
    }

    /** Whether the Weaviate tenant of {@code tenant} exists in {@code collection} (reads of unknown tenants find nothing). */
    boolean tenantExists(String collection, String tenant) {
        String name = tenantName(tenant);
        if (knownTenants.contains(collection + "/" + name)) {
            return true;
        }
        boolean exists = call(
                "check tenant " + name,
                () -> client.collections.use(collection).tenants.exists(name));
        if (exists) {
            knownTenants.add(collection + "/" + name);
        }
        return exists;
    }

    /**
     * The Weaviate tenant of a Quarry tenant: the same name when it is a valid Weaviate tenant name
     * ({@code [A-Za-z0-9_-]{1,64}}), else {@code q-} and 40 hex digits of its SHA-256.
     */
    static String tenantName(String tenant) {
        if (TENANT_NAME.matcher(tenant).matches() && !tenant.startsWith("q-")) {
            return tenant;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(tenant.getBytes(StandardCharsets.UTF_8));
            return "q-" + HexFormat.of().formatHex(digest, 0, 20);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    /** A call that may be retried: an I/O failure or a Weaviate error. */
    @FunctionalInterface
    interface Call<T> {
        T run() throws IOException;
    }

    /**
     * Runs {@code call}, retrying 429, 5xx, unavailable and timeouts with exponential backoff up to the
     * configured attempts; a retriable failure that persists becomes {@link QuarryException.Transient}, any
     * other failure {@link QuarryException.Permanent}.
     */
    <T> T call(String what, Call<T> call) {
        RuntimeException last = null;
        for (int attempt = 1; attempt <= settings.maxAttempts(); attempt++) {
            try {
                return call.run();
            } catch (IOException | RuntimeException e) {
                if (e instanceof QuarryException quarry) {
                    throw quarry;
                }
                if (!retriable(e)) {
                    throw new QuarryException.Permanent(
                            Reason.UNAVAILABLE, "Weaviate refused to " + what + ": " + describe(e), e);
                }
                last = new QuarryException.Transient(
                        Reason.UNAVAILABLE,
                        "Weaviate could not " + what + " after " + attempt + " attempt(s): " + describe(e),
                        e);
                if (attempt < settings.maxAttempts()) {
                    LOG.debugf("retrying to %s after %s", what, describe(e));
                    backoff(attempt);
                }
            }
        }
        throw last;
    }

    /** Waits before retry number {@code attempt} (1-based): the initial backoff doubled per attempt. */
    void backoff(int attempt) {
        long millis = settings.initialBackoff().toMillis() << Math.min(attempt - 1, 16);
        try {
            sleeper.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QuarryException.Transient(Reason.UNAVAILABLE, "interrupted while waiting to retry Weaviate", e);
        }
    }

    static boolean retriable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof WeaviateApiException api) {
                if (api.isHTTP()) {
                    Integer status = api.httpStatusCode();
                    return status != null && (status == 429 || status == 408 || status >= 500);
                }
                return retriableGrpc(api.grpcStatusCode());
            }
            if (t instanceof StatusRuntimeException grpc) {
                return retriableGrpc(grpc.getStatus().getCode().name());
            }
            if (t instanceof WeaviateConnectException
                    || t instanceof WeaviateTransportException
                    || t instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    private static boolean retriableGrpc(String code) {
        if (code == null) {
            return false;
        }
        Status.Code parsed;
        try {
            parsed = code.chars().allMatch(Character::isDigit)
                    ? Status.fromCodeValue(Integer.parseInt(code)).getCode()
                    : Status.Code.valueOf(code.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return false;
        }
        return switch (parsed) {
            case UNAVAILABLE, RESOURCE_EXHAUSTED, DEADLINE_EXCEEDED, ABORTED, INTERNAL -> true;
            default -> false;
        };
    }

    private static String describe(Throwable e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage());
    }

    private ConsistencyLevel consistency() {
        return ConsistencyLevel.valueOf(settings.consistency().name());
    }

    private static int seconds(java.time.Duration duration) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, duration.toSeconds()));
    }

    /** Checks an existing collection against what Quarry needs. */
    @FunctionalInterface
    interface SchemaCheck {
        void verify(CollectionConfig existing);
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (Exception e) {
            LOG.debugf("closing the Weaviate client failed: %s", e.getMessage());
        }
    }
}
