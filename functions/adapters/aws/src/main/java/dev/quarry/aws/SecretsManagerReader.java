package dev.quarry.aws;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClientBuilder;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * Secrets Manager through the AWS SDK v2 on the URL-connection HTTP client. Region and credentials come from the
 * SDK's default chains (on Lambda: {@code AWS_REGION} and the function role's {@code AWS_ACCESS_KEY_ID} /
 * {@code AWS_SECRET_ACCESS_KEY} / {@code AWS_SESSION_TOKEN}).
 */
final class SecretsManagerReader implements SecretReader {

    /** A start must not hang until the Lambda init timeout when Secrets Manager is unreachable from the VPC. */
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);

    private static final Duration API_CALL_TIMEOUT = Duration.ofSeconds(10);

    private final SecretsManagerClient client;

    private SecretsManagerReader(SecretsManagerClient client) {
        this.client = client;
    }

    /** A reader on the default endpoint, or on {@code endpoint} (tests, VPC endpoints with a custom name). */
    static SecretsManagerReader create(Optional<URI> endpoint) {
        SecretsManagerClientBuilder builder = SecretsManagerClient.builder()
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(CONNECT_TIMEOUT)
                        .socketTimeout(API_CALL_TIMEOUT)
                        .build())
                .overrideConfiguration(o -> o.apiCallTimeout(API_CALL_TIMEOUT));
        endpoint.ifPresent(builder::endpointOverride);
        try {
            return new SecretsManagerReader(builder.build());
        } catch (SdkException e) {
            // No region found, typically: the message says which settings the SDK looked at.
            throw new IllegalStateException("Cannot create the Secrets Manager client: " + e.getMessage(), e);
        }
    }

    @Override
    public String read(String arn) {
        GetSecretValueResponse response;
        try {
            response = client.getSecretValue(r -> r.secretId(arn));
        } catch (SdkException e) {
            // SDK errors carry the service's message and status, never a secret value (there was none).
            throw new IllegalStateException(
                    "Cannot read secret " + arn + " from Secrets Manager: " + e.getMessage(), e);
        }
        if (response.secretString() == null) {
            throw new IllegalStateException(
                    "Secret " + arn + " has no SecretString (a binary secret?): Quarry expects a string secret");
        }
        return response.secretString();
    }

    @Override
    public void close() {
        client.close();
    }
}
