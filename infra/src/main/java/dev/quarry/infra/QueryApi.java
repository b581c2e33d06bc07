package dev.quarry.infra;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.aws_apigatewayv2_authorizers.HttpIamAuthorizer;
import software.amazon.awscdk.aws_apigatewayv2_authorizers.HttpJwtAuthorizer;
import software.amazon.awscdk.aws_apigatewayv2_integrations.HttpLambdaIntegration;
import software.amazon.awscdk.services.apigateway.AccessLogFormat;
import software.amazon.awscdk.services.apigatewayv2.AddRoutesOptions;
import software.amazon.awscdk.services.apigatewayv2.CorsHttpMethod;
import software.amazon.awscdk.services.apigatewayv2.CorsPreflightOptions;
import software.amazon.awscdk.services.apigatewayv2.HttpApi;
import software.amazon.awscdk.services.apigatewayv2.HttpMethod;
import software.amazon.awscdk.services.apigatewayv2.HttpStage;
import software.amazon.awscdk.services.apigatewayv2.IAccessLogDestination;
import software.amazon.awscdk.services.apigatewayv2.IAccessLogSettings;
import software.amazon.awscdk.services.apigatewayv2.IHttpRouteAuthorizer;
import software.amazon.awscdk.services.apigatewayv2.LogGroupLogDestination;
import software.amazon.awscdk.services.apigatewayv2.ThrottleSettings;
import software.amazon.awscdk.services.lambda.ILayerVersion;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The query Lambda ({@code functions/query}, quarkus-amazon-lambda-http) behind an API Gateway HTTP API.
 * Every route needs a caller identity (JWT from the configured issuer, or IAM SigV4), the stage throttles
 * every route (rate and burst), access logs go to CloudWatch as JSON, and CORS is on only for the listed
 * origins. Routes list methods explicitly instead of {@code ANY} so CORS preflights ({@code OPTIONS}) are
 * answered by API Gateway without an authorizer.
 */
public final class QueryApi extends Construct {

    /** Where the model layer mounts the cross-encoder (the layer zip holds {@code models/cross-encoder/}). */
    public static final String MODEL_DIR = "/opt/models/cross-encoder";

    private static final String ACCESS_LOG_FORMAT = "{\"requestId\":\"$context.requestId\","
            + "\"ip\":\"$context.identity.sourceIp\",\"requestTime\":\"$context.requestTime\","
            + "\"method\":\"$context.httpMethod\",\"routeKey\":\"$context.routeKey\",\"status\":\"$context.status\","
            + "\"protocol\":\"$context.protocol\",\"responseLength\":\"$context.responseLength\","
            + "\"latency\":\"$context.responseLatency\",\"integrationLatency\":\"$context.integrationLatency\","
            + "\"integrationError\":\"$context.integrationErrorMessage\",\"authError\":\"$context.authorizer.error\"}";

    private final QuarkusFunction function;
    private final HttpApi api;
    private final HttpStage stage;

    public QueryApi(
            Construct scope,
            String id,
            QuarrySettings settings,
            ILayerVersion modelLayer,
            Network network,
            WeaviateEndpoint weaviate,
            Optional<SemanticCache> cache,
            RetentionDays retention) {
        super(scope, id);
        Map<String, String> environment = new HashMap<>(weaviate.environment());
        environment.put("QUARRY_RERANK_MODEL_DIR", MODEL_DIR);
        // Who a request acts for (the function's TenantAuthConfig): the JWT claim, or the SigV4 caller's mapping.
        if (settings.auth() == QuarrySettings.AuthMode.JWT) {
            environment.put("QUARRY_AUTH_TENANT_CLAIM", settings.tenantClaim());
        } else {
            settings.iamTenants().ifPresent(json -> environment.put("QUARRY_AUTH_IAM_TENANTS", json));
            settings.iamTenant().ifPresent(tenant -> environment.put("QUARRY_AUTH_IAM_TENANT", tenant));
        }
        cache.ifPresent(c -> environment.putAll(c.environment()));
        this.function = new QuarkusFunction(
                this,
                "Query",
                settings,
                new QuarkusFunction.Spec(
                        settings.queryZip(),
                        "Quarry query: hybrid search, rerank, answer",
                        settings.queryMemoryMb(),
                        settings.queryTimeoutSeconds(),
                        environment,
                        List.of(modelLayer),
                        settings.queryReservedConcurrency(),
                        settings.queryProvisionedConcurrency()),
                network.vpc(),
                network.privateSubnets(),
                network.functionSecurityGroup(),
                retention);
        weaviate.grantRead(function.function());
        cache.ifPresent(c -> c.grantRead(function.function()));

        HttpApi.Builder apiBuilder = HttpApi.Builder.create(this, "Api")
                .apiName("quarry")
                .description("Quarry query API")
                .createDefaultStage(false);
        if (!settings.corsOrigins().isEmpty()) {
            apiBuilder.corsPreflight(CorsPreflightOptions.builder()
                    .allowOrigins(settings.corsOrigins())
                    .allowMethods(
                            List.of(CorsHttpMethod.GET, CorsHttpMethod.POST, CorsHttpMethod.PUT, CorsHttpMethod.DELETE))
                    .allowHeaders(List.of("authorization", "content-type", "x-amz-date", "x-amz-security-token"))
                    .maxAge(Duration.hours(1))
                    .build());
        }
        this.api = apiBuilder.build();

        LogGroup accessLogs =
                LogGroup.Builder.create(this, "AccessLogs").retention(retention).build();
        this.stage = HttpStage.Builder.create(this, "Stage")
                .httpApi(api)
                .stageName("$default")
                .autoDeploy(true)
                .throttle(ThrottleSettings.builder()
                        .rateLimit(settings.throttleRate())
                        .burstLimit(settings.throttleBurst())
                        .build())
                .accessLogSettings(new JsonAccessLogs(new LogGroupLogDestination(accessLogs)))
                .build();

        api.addRoutes(AddRoutesOptions.builder()
                .path("/{proxy+}")
                .methods(List.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT, HttpMethod.DELETE))
                .integration(new HttpLambdaIntegration("Lambda", function.alias()))
                .authorizer(authorizer(settings))
                .build());
    }

    private IHttpRouteAuthorizer authorizer(QuarrySettings settings) {
        if (settings.auth() == QuarrySettings.AuthMode.JWT) {
            return HttpJwtAuthorizer.Builder.create("Jwt", settings.jwtIssuer().orElseThrow())
                    .jwtAudience(settings.jwtAudience())
                    .identitySource(List.of("$request.header.Authorization"))
                    .build();
        }
        return new HttpIamAuthorizer();
    }

    /** JSON access-log lines with the HTTP API's own context variables. */
    private static final class JsonAccessLogs implements IAccessLogSettings {
        private final IAccessLogDestination target;

        JsonAccessLogs(IAccessLogDestination target) {
            this.target = target;
        }

        @Override
        public IAccessLogDestination getDestination() {
            return target;
        }

        @Override
        public AccessLogFormat getFormat() {
            return AccessLogFormat.custom(ACCESS_LOG_FORMAT);
        }
    }

    public QuarkusFunction function() {
        return function;
    }

    public HttpApi api() {
        return api;
    }

    public HttpStage stage() {
        return stage;
    }

    /** The invoke URL of the stage. */
    public String url() {
        return stage.getUrl();
    }
}
