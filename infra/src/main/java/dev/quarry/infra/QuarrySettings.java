package dev.quarry.infra;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Every deploy-time choice of the Quarry stack, with its default, in one place. Values come from CDK context
 * ({@code cdk deploy -c quarry:KEY=VALUE} or {@code cdk.json}); the README's deploy table lists the same keys.
 *
 * <h2>Ingest sizing (from the measured throughput in the README)</h2>
 * A document is split into parts of {@code pagesPerPart} = 25 pages; one SQS message carries one part.
 * Worst case is a part of 25 scanned pages: OCR costs ~1.6 s per page per core and embedding ~0.1 s per
 * page (text PDFs ingest at ~10 pages/s end to end). Lambda gives one vCPU per 1,769 MB, so the default
 * 3,538 MB buys two vCPUs: OCR of one part takes 25 × 1.6 s / 2 = 20 s when pages are OCRed in parallel,
 * 25 × 1.6 s = 40 s if they are not, plus 25 × 0.1 s = 2.5 s embedding and Weaviate writes. Taking the
 * sequential 42.5 s, doubling it for a slow Weaviate or a noisy neighbour (85 s) and adding ~10 s for a JVM
 * cold start gives ~95 s; the timeout is rounded up to 120 s, which also covers the README's 40–75 s for a
 * dense 25-page scanned part on a single vCPU. With batch size 1 (default) one invocation
 * handles one part; raising the batch size multiplies the worst case, so raise the timeout with it. The
 * queue's visibility timeout is 6 × 120 s + batching window = 720 s, as AWS recommends for SQS sources.
 * The unzipped JVM ingest zip is ~223 MB (close to the 250 MB limit), which is why native is the default.
 */
public record QuarrySettings(
        String ingestZip,
        String queryZip,
        String modelLayerZip,
        RuntimeMode runtime,
        String jvmRuntime,
        String architecture,
        String documentPrefix,
        int noncurrentVersionDays,
        boolean retainData,
        int maxReceiveCount,
        int ingestMemoryMb,
        int ingestTimeoutSeconds,
        int ingestBatchSize,
        int ingestBatchingWindowSeconds,
        int ingestMaxConcurrency,
        int pagesPerPart,
        boolean textract,
        int queryMemoryMb,
        int queryTimeoutSeconds,
        Optional<Integer> queryReservedConcurrency,
        Optional<Integer> queryProvisionedConcurrency,
        AuthMode auth,
        Optional<String> jwtIssuer,
        List<String> jwtAudience,
        String tenantClaim,
        Optional<String> iamTenants,
        Optional<String> iamTenant,
        int throttleRate,
        int throttleBurst,
        List<String> corsOrigins,
        CacheMode cache,
        String cacheNodeType,
        int cacheReplicas,
        String cacheEngineVersion,
        int cachePort,
        Egress egress,
        int natGateways,
        int maxAzs,
        String weaviateScheme,
        String weaviateHttpHost,
        int weaviateHttpPort,
        String weaviateGrpcHost,
        int weaviateGrpcPort,
        Optional<String> weaviateApiKeySecretArn,
        int logRetentionDays,
        Optional<String> alarmEmail,
        int apiLatencyP95Ms) {

    /** Context keys are {@code quarry:NAME}. */
    public static final String PREFIX = "quarry:";

    /** How the function zips were built. */
    public enum RuntimeMode {
        /** GraalVM native executable on {@code provided.al2023} (Quarkus {@code -Pnative}); the default. */
        NATIVE,
        /** JVM jar on a managed Java runtime with SnapStart. */
        JVM
    }

    /** How callers authenticate to the HTTP API. */
    public enum AuthMode {
        /** SigV4-signed requests (IAM principals); needs no identity provider. */
        IAM,
        /** JWTs from an OIDC issuer (Cognito, Auth0, …), checked by API Gateway. */
        JWT
    }

    /** The semantic answer cache. */
    public enum CacheMode {
        /** A node-based Valkey replication group (primary + replicas, Multi-AZ), AUTH token. */
        REPLICATION_GROUP,
        /** ElastiCache Serverless for Valkey (pay per use), RBAC user with a password. */
        SERVERLESS,
        /** No cache: the query function runs without one. */
        NONE
    }

    /** How functions in private subnets reach AWS APIs and Weaviate. */
    public enum Egress {
        /** A NAT gateway: reaches everything (Weaviate Cloud, LLM APIs); ~32 USD/month each + data. */
        NAT,
        /** Isolated subnets with VPC endpoints only: Weaviate and the LLM must be reachable privately. */
        ENDPOINTS
    }

    /** Defaults for everything; the Weaviate host has none and must be given. */
    public static QuarrySettings fromContext(Function<String, Object> context) {
        Reader r = new Reader(context);
        // The ingest package holds Tesseract's Linux x86_64 library (docs/lambda-ocr.md), tested in JVM mode: there
        // it OCRs in-process by default; native images and arm64 keep Textract unless told otherwise.
        boolean bundledOcr = "jvm".equals(String.valueOf(context.apply("quarry:runtime")))
                && !"arm64".equals(String.valueOf(context.apply("quarry:architecture")));
        QuarrySettings settings = new QuarrySettings(
                r.string("ingestZip", "../functions/ingest/target/function.zip"),
                r.string("queryZip", "../functions/query/target/function.zip"),
                r.string("modelLayerZip", "../model-layer/target/cross-encoder-layer.zip"),
                r.choice("runtime", RuntimeMode.class, RuntimeMode.NATIVE),
                r.oneOf("jvmRuntime", "java21", "java21", "java17", "java25"),
                r.oneOf("architecture", "x86_64", "x86_64", "arm64"),
                r.string("documentPrefix", ""),
                r.integer("noncurrentVersionDays", 30, 1),
                r.bool("retainData", true),
                r.integer("maxReceiveCount", 5, 1),
                r.integer("ingestMemoryMb", 3538, 128),
                r.integer("ingestTimeoutSeconds", 120, 1),
                r.integer("ingestBatchSize", 1, 1),
                r.integer("ingestBatchingWindowSeconds", 0, 0),
                r.integer("ingestMaxConcurrency", 10, 2),
                r.integer("pagesPerPart", 25, 1),
                r.bool("textract", !bundledOcr),
                r.integer("queryMemoryMb", 2048, 128),
                r.integer("queryTimeoutSeconds", 29, 1),
                r.optionalInteger("queryReservedConcurrency"),
                r.optionalInteger("queryProvisionedConcurrency"),
                r.choice("auth", AuthMode.class, AuthMode.IAM),
                r.optionalString("jwtIssuer"),
                r.list("jwtAudience"),
                r.string("tenantClaim", "tenant"),
                r.principalTenants("iamTenants"),
                r.tenant("iamTenant"),
                r.integer("throttleRate", 50, 1),
                r.integer("throttleBurst", 100, 1),
                r.list("corsOrigins"),
                r.choice("cache", CacheMode.class, CacheMode.REPLICATION_GROUP),
                r.string("cacheNodeType", "cache.t4g.small"),
                r.integer("cacheReplicas", 1, 0),
                r.string("cacheEngineVersion", "8.0"),
                r.integer("cachePort", 6380, 1024),
                r.choice("egress", Egress.class, Egress.NAT),
                r.integer("natGateways", 1, 1),
                r.integer("maxAzs", 2, 2),
                r.oneOf("weaviateScheme", "https", "https", "http"),
                r.string("weaviateHttpHost", ""),
                r.integer("weaviateHttpPort", 443, 1),
                r.string("weaviateGrpcHost", ""),
                r.integer("weaviateGrpcPort", 443, 1),
                r.optionalString("weaviateApiKeySecretArn"),
                r.integer("logRetentionDays", 30, 1),
                r.optionalString("alarmEmail"),
                r.integer("apiLatencyP95Ms", 3000, 1));
        r.problems.addAll(settings.problems());
        if (!r.problems.isEmpty()) {
            throw new IllegalArgumentException("Invalid Quarry context:\n  - " + String.join("\n  - ", r.problems));
        }
        return settings.weaviateGrpcHost().isEmpty() ? settings.withGrpcHost(settings.weaviateHttpHost()) : settings;
    }

    /** Cross-field rules; each message says which {@code -c} to pass. */
    private List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (weaviateHttpHost.isBlank()) {
            problems.add("quarry:weaviateHttpHost is required (the Weaviate cluster's REST host, e.g."
                    + " -c quarry:weaviateHttpHost=my-cluster.weaviate.cloud)");
        }
        if (auth == AuthMode.IAM && iamTenants.isEmpty() && iamTenant.isEmpty()) {
            problems.add("quarry:auth=iam (the default) needs the tenant of each caller: -c quarry:iamTenants="
                    + "'{\"arn:aws:iam::ACCOUNT:role/ROLE\": \"TENANT\"}' (role ARNs, IAM user ARNs or account ids) or,"
                    + " for a single tenant, -c quarry:iamTenant=TENANT");
        }
        if (iamTenants.isPresent() && iamTenant.isPresent()) {
            problems.add("quarry:iamTenants and quarry:iamTenant exclude each other: map principals or name one"
                    + " tenant for every caller");
        }
        if (!documentPrefix.isEmpty() && (!documentPrefix.endsWith("/") || documentPrefix.startsWith("/"))) {
            problems.add("quarry:documentPrefix must end with '/' and not start with it (e.g. docs/), not '"
                    + documentPrefix + "'");
        }
        if (auth == AuthMode.JWT && (jwtIssuer.isEmpty() || jwtAudience.isEmpty())) {
            problems.add(
                    "quarry:auth=jwt needs -c quarry:jwtIssuer=https://issuer/ and -c quarry:jwtAudience=client-id");
        }
        if (runtime == RuntimeMode.JVM && queryProvisionedConcurrency.isPresent()) {
            problems.add("quarry:queryProvisionedConcurrency cannot be combined with SnapStart (quarry:runtime=jvm);"
                    + " use one or the other");
        }
        if (queryTimeoutSeconds > 30) {
            problems.add("quarry:queryTimeoutSeconds must be at most 30: API Gateway HTTP APIs wait 30 s at most");
        }
        if (ingestTimeoutSeconds * 6 + ingestBatchingWindowSeconds > 43_200) {
            problems.add("quarry:ingestTimeoutSeconds × 6 exceeds SQS's 12-hour visibility timeout");
        }
        if (throttleBurst < throttleRate) {
            problems.add("quarry:throttleBurst must be at least quarry:throttleRate");
        }
        return problems;
    }

    private QuarrySettings withGrpcHost(String host) {
        return new QuarrySettings(
                ingestZip,
                queryZip,
                modelLayerZip,
                runtime,
                jvmRuntime,
                architecture,
                documentPrefix,
                noncurrentVersionDays,
                retainData,
                maxReceiveCount,
                ingestMemoryMb,
                ingestTimeoutSeconds,
                ingestBatchSize,
                ingestBatchingWindowSeconds,
                ingestMaxConcurrency,
                pagesPerPart,
                textract,
                queryMemoryMb,
                queryTimeoutSeconds,
                queryReservedConcurrency,
                queryProvisionedConcurrency,
                auth,
                jwtIssuer,
                jwtAudience,
                tenantClaim,
                iamTenants,
                iamTenant,
                throttleRate,
                throttleBurst,
                corsOrigins,
                cache,
                cacheNodeType,
                cacheReplicas,
                cacheEngineVersion,
                cachePort,
                egress,
                natGateways,
                maxAzs,
                weaviateScheme,
                weaviateHttpHost,
                weaviateHttpPort,
                host,
                weaviateGrpcPort,
                weaviateApiKeySecretArn,
                logRetentionDays,
                alarmEmail,
                apiLatencyP95Ms);
    }

    /** The SQS visibility timeout AWS recommends for a Lambda source: six function timeouts plus the window. */
    public int visibilityTimeoutSeconds() {
        return 6 * ingestTimeoutSeconds + ingestBatchingWindowSeconds;
    }

    /** Quarry's tenant names ({@code dev.quarry.core.model.Tenants}). */
    private static final Pattern TENANT = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

    private static final Pattern PRINCIPAL = Pattern.compile("[0-9]{12}|arn:aws[a-z-]*:(iam|sts)::[0-9]{12}:.+");

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Reads and checks context values, collecting every problem before failing once. */
    private static final class Reader {
        private final Function<String, Object> context;
        private final List<String> problems = new ArrayList<>();

        Reader(Function<String, Object> context) {
            this.context = context;
        }

        private Optional<String> raw(String key) {
            Object value = context.apply(PREFIX + key);
            return value == null || value.toString().isBlank()
                    ? Optional.empty()
                    : Optional.of(value.toString().trim());
        }

        String string(String key, String fallback) {
            return raw(key).orElse(fallback);
        }

        Optional<String> optionalString(String key) {
            return raw(key);
        }

        String oneOf(String key, String fallback, String... allowed) {
            String value = string(key, fallback).toLowerCase(Locale.ROOT);
            if (!Arrays.asList(allowed).contains(value)) {
                problems.add(PREFIX + key + " must be one of " + String.join(", ", allowed) + ", not '" + value + "'");
                return fallback;
            }
            return value;
        }

        <E extends Enum<E>> E choice(String key, Class<E> type, E fallback) {
            Optional<String> value = raw(key);
            if (value.isEmpty()) {
                return fallback;
            }
            String name = value.get().toUpperCase(Locale.ROOT).replace('-', '_');
            for (E constant : type.getEnumConstants()) {
                if (constant.name().equals(name)) {
                    return constant;
                }
            }
            List<String> names = new ArrayList<>();
            for (E constant : type.getEnumConstants()) {
                names.add(constant.name().toLowerCase(Locale.ROOT).replace('_', '-'));
            }
            problems.add(PREFIX + key + " must be one of " + String.join(", ", names) + ", not '" + value.get() + "'");
            return fallback;
        }

        int integer(String key, int fallback, int min) {
            return optionalInteger(key)
                    .map(v -> {
                        if (v < min) {
                            problems.add(PREFIX + key + " must be at least " + min + ", not " + v);
                            return fallback;
                        }
                        return v;
                    })
                    .orElse(fallback);
        }

        Optional<Integer> optionalInteger(String key) {
            Optional<String> value = raw(key);
            if (value.isEmpty()) {
                return Optional.empty();
            }
            try {
                return Optional.of(Integer.parseInt(value.get()));
            } catch (NumberFormatException e) {
                problems.add(PREFIX + key + " must be a whole number, not '" + value.get() + "'");
                return Optional.empty();
            }
        }

        boolean bool(String key, boolean fallback) {
            Optional<String> value = raw(key);
            if (value.isEmpty()) {
                return fallback;
            }
            return switch (value.get().toLowerCase(Locale.ROOT)) {
                case "true", "yes", "1" -> true;
                case "false", "no", "0" -> false;
                default -> {
                    problems.add(PREFIX + key + " must be true or false, not '" + value.get() + "'");
                    yield fallback;
                }
            };
        }

        /** A tenant name as Quarry accepts it (lower-case letters, digits, '_' and '-'). */
        Optional<String> tenant(String key) {
            Optional<String> value = raw(key);
            if (value.isPresent() && !TENANT.matcher(value.get()).matches()) {
                problems.add(
                        PREFIX + key + " must be a tenant name (" + TENANT.pattern() + "), not '" + value.get() + "'");
                return Optional.empty();
            }
            return value;
        }

        /**
         * A JSON object from IAM principal (role, user or assumed-role ARN, or a 12-digit account id) to tenant, given
         * as a JSON string ({@code -c}) or as an object ({@code cdk.json}); returned as compact JSON.
         */
        Optional<String> principalTenants(String key) {
            Object value = context.apply(PREFIX + key);
            if (value == null || value.toString().isBlank()) {
                return Optional.empty();
            }
            JsonNode mapping;
            try {
                mapping =
                        value instanceof Map<?, ?> object ? JSON.valueToTree(object) : JSON.readTree(value.toString());
            } catch (JsonProcessingException | IllegalArgumentException e) {
                mapping = null;
            }
            if (mapping == null || !mapping.isObject() || mapping.isEmpty()) {
                problems.add(PREFIX + key + " must be a JSON object from principal to tenant, e.g."
                        + " '{\"arn:aws:iam::111122223333:role/acme-reader\": \"acme\"}'");
                return Optional.empty();
            }
            mapping.fields().forEachRemaining(entry -> {
                if (!PRINCIPAL.matcher(entry.getKey()).matches()) {
                    problems.add(PREFIX + key + ": '" + entry.getKey() + "' is neither an IAM/STS ARN nor a 12-digit"
                            + " account id");
                }
                if (!entry.getValue().isTextual()
                        || !TENANT.matcher(entry.getValue().asText()).matches()) {
                    problems.add(PREFIX + key + ": the tenant of '" + entry.getKey() + "' must be a tenant name ("
                            + TENANT.pattern() + "), not " + entry.getValue());
                }
            });
            return Optional.of(mapping.toString());
        }

        List<String> list(String key) {
            return raw(key).map(v -> Arrays.stream(v.split(","))
                            .map(String::trim)
                            .filter(s -> !s.isEmpty())
                            .toList())
                    .orElse(List.of());
        }
    }
}
