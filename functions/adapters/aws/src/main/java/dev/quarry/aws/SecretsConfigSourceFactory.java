package dev.quarry.aws;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import org.eclipse.microprofile.config.spi.ConfigSource;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Turns the Secrets Manager secrets a deployment passes by ARN into configuration, once, when the runtime
 * configuration is built (registered in {@code META-INF/services/io.smallrye.config.ConfigSourceFactory}; not
 * {@code @StaticInitSafe}, so Quarkus runs it at runtime start only, never at build time or static init):
 *
 * <ul>
 *   <li>{@code quarry.weaviate.api-key-secret-arn} ({@code QUARRY_WEAVIATE_API_KEY_SECRET_ARN}): the secret
 *       string is the Weaviate API key, {@code quarry.weaviate.api-key}.
 *   <li>{@code quarry.cache.auth-secret-arn} ({@code QUARRY_CACHE_AUTH_SECRET_ARN}): the secret string is
 *       {@code {"username": ..., "password": ...}}; the password becomes {@code quarkus.redis.password}. Where the
 *       cache uses RBAC users ({@code quarry.cache.username} / {@code QUARRY_CACHE_USERNAME} set, ElastiCache
 *       Serverless), the username goes into every {@code quarkus.redis.hosts} URI as {@code ?user=}: the Quarkus
 *       Redis client (3.34) has no username property and Vert.x reads the user from the URI.
 * </ul>
 *
 * <p>The secret values sit at ordinal {@value #ORDINAL}: above {@code application.properties} (250), below
 * environment variables (300) and system properties (400), so an explicit {@code QUARRY_WEAVIATE_API_KEY} or
 * {@code QUARKUS_REDIS_PASSWORD} still wins. The hosts with the user appended are derived from the effective
 * {@code quarkus.redis.hosts} (usually the deployment's {@code QUARKUS_REDIS_HOSTS}) and so must sit just above
 * environment variables ({@value #DERIVED_ORDINAL}).
 *
 * <p>Without an ARN nothing happens: no AWS client is created, no call is made (local runs and tests stay
 * offline). A secret that cannot be read or parsed fails the start with a message naming the ARN, never the
 * value. {@code quarry.aws.secrets-endpoint} overrides the Secrets Manager endpoint.
 */
public final class SecretsConfigSourceFactory implements ConfigSourceFactory {

    public static final String WEAVIATE_ARN = "quarry.weaviate.api-key-secret-arn";
    public static final String CACHE_ARN = "quarry.cache.auth-secret-arn";
    public static final String CACHE_USERNAME = "quarry.cache.username";
    public static final String ENDPOINT = "quarry.aws.secrets-endpoint";

    public static final String WEAVIATE_API_KEY = "quarry.weaviate.api-key";
    public static final String REDIS_PASSWORD = "quarkus.redis.password";
    public static final String REDIS_HOSTS = "quarkus.redis.hosts";

    /** Between application.properties (250) and environment variables (300). */
    public static final int ORDINAL = 275;

    /** Just above environment variables: a value derived from one of them. */
    public static final int DERIVED_ORDINAL = 301;

    private final Function<Optional<URI>, SecretReader> readers;

    /** Used by the ServiceLoader. */
    public SecretsConfigSourceFactory() {
        this(SecretsManagerReader::create);
    }

    SecretsConfigSourceFactory(Function<Optional<URI>, SecretReader> readers) {
        this.readers = readers;
    }

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        Optional<String> weaviateArn = value(context, WEAVIATE_ARN);
        Optional<String> cacheArn = value(context, CACHE_ARN);
        if (weaviateArn.isEmpty() && cacheArn.isEmpty()) {
            return List.of();
        }
        Optional<URI> endpoint = value(context, ENDPOINT).map(URI::create);
        Map<String, String> secrets = new LinkedHashMap<>();
        Map<String, String> derived = new LinkedHashMap<>();
        try (SecretReader reader = readers.apply(endpoint)) {
            weaviateArn.ifPresent(arn -> secrets.put(WEAVIATE_API_KEY, nonBlank(arn, reader.read(arn))));
            if (cacheArn.isPresent()) {
                String arn = cacheArn.get();
                CacheCredentials credentials = CacheCredentials.parse(arn, reader.read(arn));
                secrets.put(REDIS_PASSWORD, credentials.password());
                Optional<String> rbacUser = value(context, CACHE_USERNAME);
                if (rbacUser.isPresent()) {
                    String user = credentials.username(arn, rbacUser.get());
                    Optional<String> hosts = value(context, REDIS_HOSTS);
                    hosts.ifPresent(h -> derived.put(REDIS_HOSTS, withUser(h, user)));
                }
            }
        }
        List<ConfigSource> sources = new ArrayList<>();
        sources.add(new PropertiesConfigSource(secrets, "Secrets Manager (quarry-aws)", ORDINAL));
        if (!derived.isEmpty()) {
            sources.add(new PropertiesConfigSource(derived, "Secrets Manager, derived (quarry-aws)", DERIVED_ORDINAL));
        }
        return sources;
    }

    /** Adds {@code user=} to each comma-separated Redis URI that names no user yet. */
    static String withUser(String hosts, String user) {
        List<String> out = new ArrayList<>();
        for (String host : hosts.split(",")) {
            String h = host.trim();
            if (h.isEmpty()) {
                continue;
            }
            URI uri = URI.create(h);
            String query = uri.getRawQuery();
            boolean named = uri.getRawUserInfo() != null
                    || (query != null && List.of(query.split("&")).stream().anyMatch(p -> p.startsWith("user=")));
            if (named) {
                out.add(h);
            } else {
                out.add(h + (query == null ? "?" : "&") + "user=" + URLEncoder.encode(user, StandardCharsets.UTF_8));
            }
        }
        return String.join(",", out);
    }

    private static String nonBlank(String arn, String value) {
        if (value.isBlank()) {
            throw new IllegalStateException("Secret " + arn + " is empty: store the Weaviate API key in it");
        }
        return value;
    }

    private static Optional<String> value(ConfigSourceContext context, String name) {
        ConfigValue value = context.getValue(name);
        return value == null || value.getValue() == null || value.getValue().isBlank()
                ? Optional.empty()
                : Optional.of(value.getValue().trim());
    }

    /** The cache secret, {@code {"username": ..., "password": ...}}. */
    record CacheCredentials(Optional<String> user, String password) {

        static CacheCredentials parse(String arn, String secret) {
            JsonNode node;
            try {
                node = JsonNode.parser().parse(secret);
            } catch (RuntimeException e) {
                // The parser's message quotes the input: it is left out, and so is the exception itself.
                throw invalid(arn, "not JSON");
            }
            if (!node.isObject()) {
                throw invalid(arn, "not a JSON object");
            }
            Optional<JsonNode> password = node.field("password");
            if (password.isEmpty()
                    || !password.get().isString()
                    || password.get().asString().isEmpty()) {
                throw invalid(arn, "no non-empty string \"password\"");
            }
            Optional<JsonNode> username = node.field("username");
            if (username.isPresent()
                    && !username.get().isNull()
                    && !username.get().isString()) {
                throw invalid(arn, "\"username\" is not a string");
            }
            return new CacheCredentials(
                    username.filter(JsonNode::isString).map(JsonNode::asString).filter(u -> !u.isBlank()),
                    password.get().asString());
        }

        /** The RBAC user: the secret's, which must agree with the deployment's {@code quarry.cache.username}. */
        String username(String arn, String configured) {
            if (user.isPresent() && !user.get().equals(configured)) {
                throw new IllegalStateException("Secret " + arn + " is for cache user \"" + user.get()
                        + "\" but quarry.cache.username is \"" + configured + "\"");
            }
            return configured;
        }

        private static IllegalStateException invalid(String arn, String why) {
            return new IllegalStateException("Secret " + arn + " is not the cache credentials Quarry expects"
                    + " ({\"username\": ..., \"password\": ...}): " + why);
        }
    }
}
