package dev.quarry.aws;

import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

class SecretsConfigSourceFactoryTest {

    private static final String WEAVIATE_ARN =
            "arn:aws:secretsmanager:eu-west-1:123456789012:secret:quarry-weaviate-api-key-AbCdEf";
    private static final String CACHE_ARN =
            "arn:aws:secretsmanager:eu-west-1:123456789012:secret:quarry-cache-auth-GhIjKl";
    private static final String WEAVIATE_KEY = "wv-key-8f3a1c55e0d2";
    private static final String CACHE_PASSWORD = "cache-pw-71b9e2d4aa06";

    private FakeSecretsManager aws;

    @BeforeEach
    void start() throws IOException {
        aws = new FakeSecretsManager();
    }

    @AfterEach
    void stop() {
        aws.close();
    }

    @Test
    void maps_the_weaviate_secret_to_the_api_key_with_one_signed_get_secret_value_call() {
        aws.put(WEAVIATE_ARN, WEAVIATE_KEY);

        SmallRyeConfig config = config(
                Map.of(SecretsConfigSourceFactory.WEAVIATE_ARN, WEAVIATE_ARN),
                Map.of(),
                new SecretsConfigSourceFactory());

        assertThat(config.getOptionalValue("quarry.weaviate.api-key", String.class))
                .contains(WEAVIATE_KEY);
        assertThat(config.getOptionalValue("quarkus.redis.password", String.class))
                .isEmpty();
        assertThat(aws.requests()).singleElement().satisfies(request -> {
            assertThat(request.target()).isEqualTo("secretsmanager.GetSecretValue");
            assertThat(request.secretId()).isEqualTo(WEAVIATE_ARN);
            assertThat(request.contentType()).startsWith("application/x-amz-json-1.1");
            assertThat(request.authorization()).startsWith("AWS4-HMAC-SHA256 Credential=AKIDTESTFAKE/");
            assertThat(request.authorization()).contains("/eu-west-1/secretsmanager/aws4_request");
        });
    }

    @Test
    void maps_the_cache_json_to_the_redis_password_and_the_rbac_user_into_the_hosts() {
        aws.put(WEAVIATE_ARN, WEAVIATE_KEY);
        aws.put(CACHE_ARN, "{\"username\":\"quarry\",\"password\":\"" + CACHE_PASSWORD + "\"}");
        Map<String, String> file = Map.of(
                SecretsConfigSourceFactory.WEAVIATE_ARN,
                WEAVIATE_ARN,
                SecretsConfigSourceFactory.CACHE_ARN,
                CACHE_ARN,
                "quarkus.redis.hosts",
                "redis://127.0.0.1:6379");
        // The deployment's environment (ordinal 300): the hosts and, for ElastiCache Serverless, the RBAC user.
        Map<String, String> env = Map.of(
                "quarkus.redis.hosts",
                "rediss://cache.example:6379",
                SecretsConfigSourceFactory.CACHE_USERNAME,
                "quarry");

        SmallRyeConfig config = config(file, env, new SecretsConfigSourceFactory());

        assertThat(config.getValue("quarkus.redis.password", String.class)).isEqualTo(CACHE_PASSWORD);
        assertThat(config.getValue("quarkus.redis.hosts", String.class))
                .isEqualTo("rediss://cache.example:6379?user=quarry");
        assertThat(config.getValue("quarry.weaviate.api-key", String.class)).isEqualTo(WEAVIATE_KEY);
        assertThat(aws.requests())
                .extracting(FakeSecretsManager.Request::secretId)
                .containsExactly(WEAVIATE_ARN, CACHE_ARN);
    }

    @Test
    void reads_the_arns_from_the_environment_variables_the_stack_sets() {
        aws.put(WEAVIATE_ARN, WEAVIATE_KEY);
        aws.put(CACHE_ARN, "{\"username\":\"quarry\",\"password\":\"" + CACHE_PASSWORD + "\"}");
        // Exactly the names infra/ (WeaviateEndpoint, SemanticCache) puts into the functions' environment.
        Map<String, String> variables = Map.of(
                "QUARRY_WEAVIATE_API_KEY_SECRET_ARN",
                WEAVIATE_ARN,
                "QUARRY_CACHE_AUTH_SECRET_ARN",
                CACHE_ARN,
                "QUARRY_CACHE_USERNAME",
                "quarry",
                "QUARKUS_REDIS_HOSTS",
                "rediss://cache.example:6379",
                "QUARRY_AWS_SECRETS_ENDPOINT",
                aws.endpoint().toString());

        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(
                        Map.of("quarkus.redis.hosts", "redis://127.0.0.1:6379"), "application.properties", 250))
                .withSources(new EnvConfigSource(variables, 300))
                .withSources(new SecretsConfigSourceFactory())
                .build();

        assertThat(config.getValue("quarry.weaviate.api-key", String.class)).isEqualTo(WEAVIATE_KEY);
        assertThat(config.getValue("quarkus.redis.password", String.class)).isEqualTo(CACHE_PASSWORD);
        assertThat(config.getValue("quarkus.redis.hosts", String.class))
                .isEqualTo("rediss://cache.example:6379?user=quarry");
        assertThat(aws.requests()).hasSize(2);
    }

    @Test
    void leaves_the_hosts_alone_without_an_rbac_user_and_lets_the_environment_win_over_the_secret() {
        aws.put(CACHE_ARN, "{\"username\":\"quarry\",\"password\":\"" + CACHE_PASSWORD + "\"}");
        aws.put(WEAVIATE_ARN, WEAVIATE_KEY);
        Map<String, String> file = Map.of(
                SecretsConfigSourceFactory.CACHE_ARN,
                CACHE_ARN,
                SecretsConfigSourceFactory.WEAVIATE_ARN,
                WEAVIATE_ARN,
                "quarry.weaviate.api-key",
                "from-application-properties");
        Map<String, String> env = Map.of(
                "quarkus.redis.hosts",
                "rediss://cache.example:6379",
                "quarkus.redis.password",
                "explicit-env-password");

        SmallRyeConfig config = config(file, env, new SecretsConfigSourceFactory());

        // Above application.properties (250), below environment variables (300).
        assertThat(config.getValue("quarry.weaviate.api-key", String.class)).isEqualTo(WEAVIATE_KEY);
        assertThat(config.getValue("quarkus.redis.password", String.class)).isEqualTo("explicit-env-password");
        assertThat(config.getValue("quarkus.redis.hosts", String.class)).isEqualTo("rediss://cache.example:6379");
    }

    @Test
    void does_nothing_without_an_arn_no_client_no_call_no_properties() {
        AtomicInteger clients = new AtomicInteger();
        SecretsConfigSourceFactory factory = new SecretsConfigSourceFactory(endpoint -> {
            clients.incrementAndGet();
            return SecretsManagerReader.create(endpoint);
        });

        SmallRyeConfig config = config(Map.of("quarkus.redis.hosts", "redis://127.0.0.1:6379"), Map.of(), factory);

        assertThat(clients).hasValue(0);
        assertThat(aws.requests()).isEmpty();
        assertThat(config.getOptionalValue("quarry.weaviate.api-key", String.class))
                .isEmpty();
        assertThat(config.getOptionalValue("quarkus.redis.password", String.class))
                .isEmpty();
        assertThat(config.getValue("quarkus.redis.hosts", String.class)).isEqualTo("redis://127.0.0.1:6379");
        assertThat(config.getConfigSources())
                .noneMatch(source -> source.getName().contains("quarry-aws"));
    }

    @Test
    void a_failed_fetch_fails_the_start_naming_the_arn_and_no_secret_value() {
        aws.put(WEAVIATE_ARN, WEAVIATE_KEY); // read first, then the cache secret is missing
        Map<String, String> file = Map.of(
                SecretsConfigSourceFactory.WEAVIATE_ARN, WEAVIATE_ARN, SecretsConfigSourceFactory.CACHE_ARN, CACHE_ARN);

        IllegalStateException error = startFailure(file);

        assertThat(error.getMessage())
                .startsWith("Cannot read secret " + CACHE_ARN + " from Secrets Manager")
                .contains("Secrets Manager can't find the specified secret")
                .contains("Status Code: 400")
                .doesNotContain(WEAVIATE_KEY);
        assertThat(aws.requests()).hasSize(2);
    }

    @Test
    void an_unreachable_secrets_manager_fails_the_start_naming_the_arn() {
        aws.close(); // nothing listens on the port any more
        IllegalStateException error = startFailure(Map.of(SecretsConfigSourceFactory.WEAVIATE_ARN, WEAVIATE_ARN));

        assertThat(error.getMessage()).startsWith("Cannot read secret " + WEAVIATE_ARN + " from Secrets Manager");
    }

    @Test
    void malformed_cache_json_fails_the_start_naming_the_arn_without_the_value() {
        aws.put(CACHE_ARN, "{\"username\":\"quarry\",\"password\":\"" + CACHE_PASSWORD); // truncated

        IllegalStateException error = startFailure(Map.of(SecretsConfigSourceFactory.CACHE_ARN, CACHE_ARN));

        assertThat(error.getMessage()).contains(CACHE_ARN).contains("not JSON").doesNotContain(CACHE_PASSWORD);
        // The parser's own exception quotes the input: it must not travel along as the cause.
        assertThat(error.getCause()).isNull();
    }

    @Test
    void cache_json_without_a_password_fails_the_start() {
        aws.put(CACHE_ARN, "{\"username\":\"quarry\",\"pass\":\"" + CACHE_PASSWORD + "\"}");

        IllegalStateException error = startFailure(Map.of(SecretsConfigSourceFactory.CACHE_ARN, CACHE_ARN));

        assertThat(error.getMessage())
                .contains(CACHE_ARN)
                .contains("no non-empty string \"password\"")
                .doesNotContain(CACHE_PASSWORD);
    }

    @Test
    void a_cache_user_other_than_the_secrets_fails_the_start() {
        aws.put(CACHE_ARN, "{\"username\":\"quarry\",\"password\":\"" + CACHE_PASSWORD + "\"}");
        Map<String, String> file = Map.of(
                SecretsConfigSourceFactory.CACHE_ARN,
                CACHE_ARN,
                SecretsConfigSourceFactory.CACHE_USERNAME,
                "someone-else",
                "quarkus.redis.hosts",
                "rediss://cache.example:6379");

        IllegalStateException error = startFailure(file);

        assertThat(error.getMessage())
                .contains(CACHE_ARN)
                .contains("\"quarry\"")
                .contains("\"someone-else\"")
                .doesNotContain(CACHE_PASSWORD);
    }

    @Test
    void adds_the_user_to_each_redis_uri_that_names_none() {
        assertThat(SecretsConfigSourceFactory.withUser("rediss://a:6379, rediss://b:6379/0?timeout=1", "quarry"))
                .isEqualTo("rediss://a:6379?user=quarry,rediss://b:6379/0?timeout=1&user=quarry");
        assertThat(SecretsConfigSourceFactory.withUser("rediss://other@a:6379,rediss://b:6379?user=x", "quarry"))
                .isEqualTo("rediss://other@a:6379,rediss://b:6379?user=x");
        assertThat(SecretsConfigSourceFactory.withUser("rediss://a:6379", "a b&c"))
                .isEqualTo("rediss://a:6379?user=a+b%26c");
    }

    @Test
    void is_registered_for_the_service_loader_and_found_by_discovery() {
        assertThat(ServiceLoader.load(ConfigSourceFactory.class))
                .anyMatch(factory -> factory instanceof SecretsConfigSourceFactory);

        aws.put(WEAVIATE_ARN, WEAVIATE_KEY);
        Map<String, String> file = new HashMap<>();
        file.put(SecretsConfigSourceFactory.WEAVIATE_ARN, WEAVIATE_ARN);
        file.put(SecretsConfigSourceFactory.ENDPOINT, aws.endpoint().toString());
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .addDiscoveredSources()
                .withSources(new PropertiesConfigSource(file, "application.properties", 250))
                .build();

        assertThat(config.getValue("quarry.weaviate.api-key", String.class)).isEqualTo(WEAVIATE_KEY);
        assertThat(aws.requests()).hasSize(1);
    }

    /** application.properties (250) and environment (300) stand-ins, the fake endpoint, and the factory. */
    private SmallRyeConfig config(
            Map<String, String> file, Map<String, String> env, SecretsConfigSourceFactory factory) {
        Map<String, String> withEndpoint = new HashMap<>(file);
        withEndpoint.put(SecretsConfigSourceFactory.ENDPOINT, aws.endpoint().toString());
        return new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(withEndpoint, "application.properties", 250))
                .withSources(new PropertiesConfigSource(env, "environment", 300))
                .withSources(factory)
                .build();
    }

    private IllegalStateException startFailure(Map<String, String> file) {
        Throwable thrown = catchThrowable(() -> config(file, Map.of(), new SecretsConfigSourceFactory()));
        assertThat(thrown).isNotNull();
        Throwable t = thrown;
        while (t != null
                && !(t instanceof IllegalStateException && t.getMessage().contains("ecret "))) {
            t = t.getCause();
        }
        assertThat(t)
                .as("an IllegalStateException about the secret in %s", thrown)
                .isNotNull();
        return (IllegalStateException) t;
    }
}
