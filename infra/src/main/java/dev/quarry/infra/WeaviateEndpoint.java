package dev.quarry.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.constructs.Construct;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Weaviate runs outside this stack (Weaviate Cloud or a self-managed cluster). Its endpoints come from
 * context; its API key lives in Secrets Manager: either an existing secret ({@code quarry:weaviateApiKeySecretArn})
 * or one created here whose value the operator sets once ({@code aws secretsmanager put-secret-value}).
 * Functions get the endpoints and the secret's ARN as environment variables and read the key at start.
 */
public final class WeaviateEndpoint extends Construct {

    private final ISecret apiKey;
    private final Map<String, String> environment = new LinkedHashMap<>();

    public WeaviateEndpoint(Construct scope, String id, QuarrySettings settings) {
        super(scope, id);
        if (settings.weaviateApiKeySecretArn().isPresent()) {
            this.apiKey = Secret.fromSecretCompleteArn(
                    this, "ApiKey", settings.weaviateApiKeySecretArn().get());
        } else {
            Secret created = Secret.Builder.create(this, "ApiKey")
                    .description("Weaviate API key for Quarry: replace this generated placeholder with the real key")
                    .build();
            NagSuppressions.addResourceSuppressions(
                    created,
                    List.of(NagPackSuppression.builder()
                            .id("AwsSolutions-SMG4")
                            .reason("The key is issued by Weaviate, not by AWS: it is rotated in Weaviate's console"
                                    + " and then stored here, so a Secrets Manager rotation Lambda cannot rotate it.")
                            .build()));
            this.apiKey = created;
        }
        environment.put("QUARRY_WEAVIATE_SCHEME", settings.weaviateScheme());
        environment.put("QUARRY_WEAVIATE_HTTP_HOST", settings.weaviateHttpHost());
        environment.put("QUARRY_WEAVIATE_HTTP_PORT", Integer.toString(settings.weaviateHttpPort()));
        environment.put("QUARRY_WEAVIATE_GRPC_HOST", settings.weaviateGrpcHost());
        environment.put("QUARRY_WEAVIATE_GRPC_PORT", Integer.toString(settings.weaviateGrpcPort()));
        environment.put("QUARRY_WEAVIATE_API_KEY_SECRET_ARN", apiKey.getSecretArn());
    }

    /** Environment variables that point a function at Weaviate. */
    public Map<String, String> environment() {
        return Map.copyOf(environment);
    }

    /** Lets a function read the API key secret. */
    public void grantRead(IGrantable grantee) {
        apiKey.grantRead(grantee);
    }

    public ISecret apiKey() {
        return apiKey;
    }
}
