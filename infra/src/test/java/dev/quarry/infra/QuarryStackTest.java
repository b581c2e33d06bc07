package dev.quarry.infra;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.cxapi.SynthesisMessage;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Synthesizes Quarry twice (defaults; and JVM + serverless cache + JWT + endpoints) and asserts each
 * deploy-time property on the CloudFormation templates, plus zero unsuppressed cdk-nag AwsSolutions errors.
 */
class QuarryStackTest {

    @TempDir
    static Path dir;

    static Synth defaults;
    static Synth variant;

    @BeforeAll
    static void synthesize() {
        defaults = Synth.of(dir, Map.of());
        variant = Synth.of(
                dir,
                Map.ofEntries(
                        Map.entry("quarry:runtime", "jvm"),
                        Map.entry("quarry:cache", "serverless"),
                        Map.entry("quarry:auth", "jwt"),
                        Map.entry("quarry:jwtIssuer", "https://issuer.example/"),
                        Map.entry("quarry:jwtAudience", "quarry-client"),
                        Map.entry("quarry:corsOrigins", "https://app.example"),
                        Map.entry("quarry:egress", "endpoints"),
                        Map.entry("quarry:documentPrefix", "docs/"),
                        Map.entry("quarry:maxReceiveCount", "3"),
                        Map.entry("quarry:ingestTimeoutSeconds", "300"),
                        Map.entry("quarry:ingestBatchSize", "4"),
                        Map.entry("quarry:ingestBatchingWindowSeconds", "5"),
                        Map.entry("quarry:queryReservedConcurrency", "20"),
                        Map.entry("quarry:textract", "false")));
    }

    @Test
    void should_pass_cdk_nag_aws_solutions_without_unsuppressed_errors() {
        assertThat(defaults.nagErrors).isEmpty();
        assertThat(variant.nagErrors).isEmpty();
    }

    @Test
    void should_have_cdk_nag_report_a_finding_when_a_resource_breaks_a_rule() {
        // Proves the check above can fail: an unencrypted queue without a DLQ in a bare stack.
        App app = new App(
                AppProps.builder().outdir(dir.resolve("cdk.out-nag").toString()).build());
        Stack stack = new Stack(app, "NagProbe");
        Queue.Builder.create(stack, "Plain")
                .encryption(QueueEncryption.UNENCRYPTED)
                .build();
        Aspects.of(app).add(new AwsSolutionsChecks());
        List<SynthesisMessage> errors =
                Annotations.fromStack(stack).findError("*", Match.stringLikeRegexp("AwsSolutions-SQS.*"));
        assertThat(errors).isNotEmpty();
    }

    @Test
    void should_block_public_access_and_encrypt_and_version_the_document_bucket() {
        defaults.template.hasResourceProperties(
                "AWS::S3::Bucket",
                Map.of(
                        "VersioningConfiguration", Map.of("Status", "Enabled"),
                        "PublicAccessBlockConfiguration",
                                Map.of(
                                        "BlockPublicAcls", true,
                                        "BlockPublicPolicy", true,
                                        "IgnorePublicAcls", true,
                                        "RestrictPublicBuckets", true),
                        "BucketEncryption",
                                Map.of(
                                        "ServerSideEncryptionConfiguration",
                                        List.of(Map.of(
                                                "ServerSideEncryptionByDefault", Map.of("SSEAlgorithm", "AES256")))),
                        "LifecycleConfiguration",
                                Map.of(
                                        "Rules",
                                        Match.arrayWith(List.of(Match.objectLike(Map.of(
                                                "Status",
                                                "Enabled",
                                                "NoncurrentVersionExpiration",
                                                Map.of("NoncurrentDays", 30))))))));
    }

    @Test
    void should_deny_plain_http_on_the_document_bucket() {
        defaults.template.hasResourceProperties(
                "AWS::S3::BucketPolicy",
                Match.objectLike(Map.of(
                        "PolicyDocument",
                        Map.of(
                                "Statement",
                                Match.arrayWith(List.of(Match.objectLike(Map.of(
                                        "Effect", "Deny",
                                        "Action", "s3:*",
                                        "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false"))))))))));
    }

    @Test
    void should_send_created_and_removed_events_to_the_ingest_queue_with_the_configured_prefix() {
        Map<String, Object> created = Map.of("Events", List.of("s3:ObjectCreated:*"));
        defaults.template.hasResourceProperties(
                "Custom::S3BucketNotifications",
                Map.of(
                        "NotificationConfiguration",
                        Map.of(
                                "QueueConfigurations",
                                List.of(
                                        Match.objectLike(created),
                                        Match.objectLike(Map.of("Events", List.of("s3:ObjectRemoved:*"))),
                                        Match.objectLike(Map.of("Events", List.of("s3:LifecycleExpiration:*")))))));
        variant.template.hasResourceProperties(
                "Custom::S3BucketNotifications",
                Map.of(
                        "NotificationConfiguration",
                        Map.of(
                                "QueueConfigurations",
                                Match.arrayWith(List.of(Match.objectLike(Map.of(
                                        "Events",
                                        List.of("s3:ObjectRemoved:*"),
                                        "Filter",
                                        Map.of(
                                                "Key",
                                                Map.of(
                                                        "FilterRules",
                                                        List.of(Map.of("Name", "prefix", "Value", "docs/")))))))))));
    }

    @Test
    void should_attach_the_dlq_with_its_receive_count_and_six_function_timeouts_of_visibility() {
        defaults.template.hasResourceProperties(
                "AWS::SQS::Queue",
                Map.of(
                        "VisibilityTimeout",
                        6 * 120,
                        "SqsManagedSseEnabled",
                        true,
                        "RedrivePolicy",
                        Map.of(
                                "maxReceiveCount",
                                5,
                                "deadLetterTargetArn",
                                Map.of(
                                        "Fn::GetAtt",
                                        List.of(Match.stringLikeRegexp("IngestQueueDeadLetters.*"), "Arn")))));
        // 6 × 300 s + 5 s batching window.
        variant.template.hasResourceProperties(
                "AWS::SQS::Queue",
                Map.of("VisibilityTimeout", 1805, "RedrivePolicy", Match.objectLike(Map.of("maxReceiveCount", 3))));
        defaults.template.hasResourceProperties(
                "AWS::Lambda::Function", Match.objectLike(Map.of("Timeout", 120, "MemorySize", 3538)));
    }

    @Test
    void should_consume_the_queue_with_batch_item_failures_batch_size_window_and_max_concurrency() {
        defaults.template.hasResourceProperties(
                "AWS::Lambda::EventSourceMapping",
                Map.of(
                        "FunctionResponseTypes", List.of("ReportBatchItemFailures"),
                        "BatchSize", 1,
                        "ScalingConfig", Map.of("MaximumConcurrency", 10),
                        "FunctionName", Map.of("Fn::Join", List.of("", Match.arrayWith(List.of(":live"))))));
        variant.template.hasResourceProperties(
                "AWS::Lambda::EventSourceMapping",
                Match.objectLike(Map.of("BatchSize", 4, "MaximumBatchingWindowInSeconds", 5)));
    }

    @Test
    void should_run_native_on_provided_al2023_by_default_and_jvm_with_snapstart_when_asked() {
        Map<String, Map<String, Object>> functions = defaults.template.findResources(
                "AWS::Lambda::Function",
                Map.of("Properties", Map.of("Description", Match.stringLikeRegexp("Quarry .*"))));
        assertThat(functions).hasSize(2);
        functions
                .values()
                .forEach(f -> assertThat(properties(f))
                        .containsEntry("Runtime", "provided.al2023")
                        .doesNotContainKey("SnapStart"));

        Map<String, Map<String, Object>> jvm = variant.template.findResources(
                "AWS::Lambda::Function",
                Map.of("Properties", Map.of("Description", Match.stringLikeRegexp("Quarry .*"))));
        assertThat(jvm).hasSize(2);
        jvm.values()
                .forEach(f -> assertThat(properties(f))
                        .containsEntry("Runtime", "java21")
                        .containsEntry("Handler", QuarkusFunction.JVM_HANDLER)
                        .containsEntry("SnapStart", Map.of("ApplyOn", "PublishedVersions"))
                        .extractingByKey("Environment")
                        .asString()
                        .contains("--add-opens=java.base/java.lang=ALL-UNNAMED"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void should_give_both_functions_the_cache_so_ingestion_invalidates_cached_answers() {
        for (Synth stack : List.of(defaults, variant)) {
            Map<String, Map<String, Object>> functions = stack.template.findResources(
                    "AWS::Lambda::Function",
                    Map.of("Properties", Map.of("Description", Match.stringLikeRegexp("Quarry .*"))));
            assertThat(functions).hasSize(2);
            functions.values().forEach(f -> {
                Map<String, Object> variables = (Map<String, Object>)
                        ((Map<String, Object>) properties(f).get("Environment")).get("Variables");
                assertThat(variables)
                        .containsEntry("QUARRY_CACHE_ENABLED", "true")
                        .containsKeys("QUARKUS_REDIS_HOSTS", "QUARRY_CACHE_AUTH_SECRET_ARN");
            });
        }
        // Two secrets to read at start: the Weaviate API key and the cache's auth token.
        assertThat(policyActions(defaults.template, "IngestFunctionServiceRoleDefaultPolicy"))
                .filteredOn("secretsmanager:GetSecretValue"::equals)
                .hasSize(2);
    }

    @Test
    void should_let_ingest_read_the_bucket_and_send_to_its_own_queue_only() {
        Template t = defaults.template;
        t.hasResourceProperties(
                "AWS::IAM::Policy",
                Map.of(
                        "PolicyName", Match.stringLikeRegexp("IngestFunctionServiceRoleDefaultPolicy.*"),
                        "PolicyDocument",
                                Map.of(
                                        "Statement",
                                        Match.arrayWith(List.of(
                                                Match.objectLike(Map.of(
                                                        "Action",
                                                        Match.arrayWith(List.of("s3:GetObject*")),
                                                        "Effect",
                                                        "Allow")),
                                                Match.objectLike(Map.of(
                                                        "Action",
                                                        Match.arrayWith(List.of("sqs:SendMessage")),
                                                        "Resource",
                                                        Map.of(
                                                                "Fn::GetAtt",
                                                                List.of(
                                                                        Match.stringLikeRegexp("IngestQueue[0-9A-F]+"),
                                                                        "Arn")))))))));
        // Textract is the default OCR of a deployed stack (no Tesseract in the Lambda runtime); switched off,
        // the function loses the permission.
        assertThat(policyActions(t, "IngestFunctionServiceRoleDefaultPolicy"))
                .doesNotContain("s3:PutObject", "s3:DeleteObject*")
                .contains("textract:DetectDocumentText");
        assertThat(policyActions(variant.template, "IngestFunctionServiceRoleDefaultPolicy"))
                .doesNotContain("textract:DetectDocumentText");
    }

    @Test
    void should_attach_the_model_layer_to_the_query_function_and_point_it_at_the_mount() {
        defaults.template.hasResourceProperties(
                "AWS::Lambda::Function",
                Match.objectLike(Map.of(
                        "Description", Match.stringLikeRegexp("Quarry query.*"),
                        "Layers", List.of(Map.of("Ref", Match.stringLikeRegexp("ModelLayer.*"))),
                        "Environment",
                                Map.of(
                                        "Variables",
                                        Match.objectLike(Map.of(
                                                "QUARRY_RERANK_MODEL_DIR",
                                                "/opt/models/cross-encoder",
                                                "QUARRY_WEAVIATE_HTTP_HOST",
                                                "cluster.weaviate.example",
                                                "QUARRY_WEAVIATE_API_KEY_SECRET_ARN",
                                                Match.anyValue(),
                                                "QUARRY_CACHE_ENABLED",
                                                "true",
                                                "QUARRY_CACHE_AUTH_SECRET_ARN",
                                                Match.anyValue(),
                                                "QUARKUS_REDIS_HOSTS",
                                                Match.anyValue()))))));
        defaults.template.hasResourceProperties(
                "AWS::Lambda::Function",
                Match.objectLike(Map.of(
                        "Description",
                        Match.stringLikeRegexp("Quarry ingest.*"),
                        "Environment",
                        Map.of(
                                "Variables",
                                Match.objectLike(Map.of(
                                        "QUARRY_INGEST_BUCKET", Match.anyValue(),
                                        "QUARRY_INGEST_QUEUE_URL", Match.anyValue(),
                                        "QUARRY_FAN_OUT_PAGES_PER_PART", "25"))))));
        variant.template.hasResourceProperties(
                "AWS::Lambda::Function",
                Match.objectLike(Map.of(
                        "Description", Match.stringLikeRegexp("Quarry query.*"), "ReservedConcurrentExecutions", 20)));
    }

    @Test
    void should_guard_every_route_with_iam_by_default_or_jwt_and_throttle_the_stage() {
        Map<String, Map<String, Object>> routes = defaults.template.findResources("AWS::ApiGatewayV2::Route", Map.of());
        assertThat(routes).isNotEmpty();
        routes.values().forEach(r -> assertThat(properties(r)).containsEntry("AuthorizationType", "AWS_IAM"));

        variant.template.hasResourceProperties(
                "AWS::ApiGatewayV2::Authorizer",
                Map.of(
                        "AuthorizerType", "JWT",
                        "JwtConfiguration",
                                Map.of("Issuer", "https://issuer.example/", "Audience", List.of("quarry-client")),
                        "IdentitySource", List.of("$request.header.Authorization")));
        Map<String, Map<String, Object>> jwtRoutes =
                variant.template.findResources("AWS::ApiGatewayV2::Route", Map.of());
        assertThat(jwtRoutes).isNotEmpty();
        jwtRoutes.values().forEach(r -> assertThat(properties(r)).containsEntry("AuthorizationType", "JWT"));
        assertThat(jwtRoutes.values().stream().map(r -> properties(r).get("RouteKey")))
                .doesNotContain("ANY /{proxy+}", "OPTIONS /{proxy+}");

        defaults.template.hasResourceProperties(
                "AWS::ApiGatewayV2::Stage",
                Map.of(
                        "StageName",
                        "$default",
                        "AutoDeploy",
                        true,
                        "DefaultRouteSettings",
                        Map.of("ThrottlingRateLimit", 50, "ThrottlingBurstLimit", 100),
                        "AccessLogSettings",
                        Map.of(
                                "DestinationArn", Match.anyValue(),
                                "Format", Match.stringLikeRegexp(".*\\$context.requestId.*"))));
    }

    @Test
    void should_configure_cors_only_when_origins_are_given() {
        defaults.template.hasResourceProperties("AWS::ApiGatewayV2::Api", Map.of("CorsConfiguration", Match.absent()));
        variant.template.hasResourceProperties(
                "AWS::ApiGatewayV2::Api",
                Map.of("CorsConfiguration", Match.objectLike(Map.of("AllowOrigins", List.of("https://app.example")))));
    }

    @Test
    void should_encrypt_the_replication_group_and_keep_it_in_private_subnets_behind_an_auth_token() {
        defaults.template.hasResourceProperties(
                "AWS::ElastiCache::ReplicationGroup",
                Map.of(
                        "Engine",
                        "valkey",
                        "TransitEncryptionEnabled",
                        true,
                        "AtRestEncryptionEnabled",
                        true,
                        "MultiAZEnabled",
                        true,
                        "NumCacheClusters",
                        2,
                        "AuthToken",
                        Match.objectLike(Map.of("Fn::Join", Match.anyValue())),
                        "CacheSubnetGroupName",
                        Map.of("Ref", Match.stringLikeRegexp("CacheSubnets.*"))));
        Map<String, Map<String, Object>> groups =
                defaults.template.findResources("AWS::ElastiCache::SubnetGroup", Map.of());
        assertThat(groups).hasSize(1);
        @SuppressWarnings("unchecked")
        List<Object> subnetIds =
                (List<Object>) properties(groups.values().iterator().next()).get("SubnetIds");
        assertThat(subnetIds)
                .hasSize(2)
                .allSatisfy(id -> assertThat(id.toString()).contains("privateSubnet"));
        // Only the functions' security group reaches the cache, on its TLS port.
        defaults.template.hasResourceProperties(
                "AWS::EC2::SecurityGroupIngress",
                Map.of(
                        "IpProtocol",
                        "tcp",
                        "FromPort",
                        6380,
                        "ToPort",
                        6380,
                        "SourceSecurityGroupId",
                        Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("NetworkFunctions.*"), "GroupId")),
                        "GroupId",
                        Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("CacheSecurityGroup.*"), "GroupId"))));
        defaults.template.hasResourceProperties(
                "AWS::SecretsManager::Secret",
                Map.of(
                        "GenerateSecretString",
                        Match.objectLike(Map.of("GenerateStringKey", "password", "ExcludePunctuation", true))));
    }

    @Test
    void should_use_a_serverless_valkey_cache_with_an_rbac_user_when_selected() {
        variant.template.hasResourceProperties(
                "AWS::ElastiCache::ServerlessCache",
                Map.of(
                        "Engine", "valkey",
                        "SubnetIds", Match.anyValue(),
                        "UserGroupId", Match.anyValue(),
                        "SecurityGroupIds", Match.anyValue()));
        variant.template.hasResourceProperties(
                "AWS::ElastiCache::User", Match.objectLike(Map.of("UserName", "quarry", "Engine", "valkey")));
        variant.template.resourceCountIs("AWS::ElastiCache::ReplicationGroup", 0);
    }

    @Test
    void should_reach_s3_through_a_gateway_endpoint_and_aws_apis_through_nat_or_interface_endpoints() {
        defaults.template.hasResourceProperties("AWS::EC2::VPCEndpoint", Map.of("VpcEndpointType", "Gateway"));
        defaults.template.resourceCountIs("AWS::EC2::NatGateway", 1);
        defaults.template.resourcePropertiesCountIs("AWS::EC2::VPCEndpoint", Map.of("VpcEndpointType", "Interface"), 0);

        variant.template.resourceCountIs("AWS::EC2::NatGateway", 0);
        // SQS and Secrets Manager (Textract is switched off in the variant).
        variant.template.resourcePropertiesCountIs(
                "AWS::EC2::VPCEndpoint", Map.of("VpcEndpointType", "Interface", "PrivateDnsEnabled", true), 2);
    }

    @Test
    void should_keep_logs_for_the_configured_retention() {
        Map<String, Map<String, Object>> groups = defaults.template.findResources("AWS::Logs::LogGroup", Map.of());
        // Two functions, API access logs, VPC flow logs.
        assertThat(groups).hasSizeGreaterThanOrEqualTo(4);
        groups.values().forEach(g -> assertThat(properties(g)).containsEntry("RetentionInDays", 30));
        defaults.template.resourceCountIs("Custom::LogRetention", 0);
    }

    @Test
    void should_alarm_on_dlq_depth_function_errors_throttles_and_api_5xx_and_latency() {
        Template t = defaults.template;
        t.hasResourceProperties(
                "AWS::CloudWatch::Alarm",
                Map.of(
                        "MetricName",
                        "ApproximateNumberOfMessagesVisible",
                        "Threshold",
                        1,
                        "Dimensions",
                        List.of(Map.of(
                                "Name",
                                "QueueName",
                                "Value",
                                Map.of(
                                        "Fn::GetAtt",
                                        List.of(Match.stringLikeRegexp("IngestQueueDeadLetters.*"), "QueueName")))),
                        "AlarmActions",
                        List.of(Map.of("Ref", Match.stringLikeRegexp("MonitoringAlarms.*")))));
        for (String metric : List.of("Errors", "Throttles")) {
            t.resourcePropertiesCountIs(
                    "AWS::CloudWatch::Alarm", Map.of("Namespace", "AWS/Lambda", "MetricName", metric), 2);
        }
        t.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("Namespace", "AWS/ApiGateway", "MetricName", "5xx"));
        t.hasResourceProperties(
                "AWS::CloudWatch::Alarm",
                Map.of(
                        "Namespace", "AWS/ApiGateway",
                        "MetricName", "Latency",
                        "ExtendedStatistic", "p95",
                        "Threshold", 3000));
        t.resourceCountIs("AWS::CloudWatch::Dashboard", 1);
        t.hasResourceProperties(
                "AWS::SNS::Topic",
                Map.of("KmsMasterKeyId", Map.of("Fn::Join", List.of("", Match.arrayWith(List.of(":alias/aws/sns"))))));
    }

    @Test
    void should_output_bucket_api_url_queue_and_dlq() {
        Map<String, Map<String, Object>> outputs = defaults.template.findOutputs("*", Map.of());
        assertThat(outputs.keySet()).contains("DocumentBucketName", "ApiUrl", "IngestQueueUrl", "DeadLetterQueueUrl");
    }

    @Test
    void should_give_the_ingest_function_the_document_prefix_so_the_tenant_is_the_segment_after_it() {
        variant.template.hasResourceProperties(
                "AWS::Lambda::Function",
                Map.of(
                        "Description",
                        Match.stringLikeRegexp("Quarry ingest.*"),
                        "Environment",
                        Map.of("Variables", Match.objectLike(Map.of("QUARRY_INGEST_DOCUMENT_PREFIX", "docs/")))));
        defaults.template.hasResourceProperties(
                "AWS::Lambda::Function",
                Map.of(
                        "Description",
                        Match.stringLikeRegexp("Quarry ingest.*"),
                        "Environment",
                        Map.of(
                                "Variables",
                                Match.objectLike(Map.of("QUARRY_INGEST_DOCUMENT_PREFIX", Match.absent())))));
    }

    @Test
    void should_give_the_query_function_the_iam_mapping_by_default_and_the_claim_name_under_jwt() {
        defaults.template.hasResourceProperties(
                "AWS::Lambda::Function",
                Map.of(
                        "Description",
                        Match.stringLikeRegexp("Quarry query.*"),
                        "Environment",
                        Map.of(
                                "Variables",
                                Match.objectLike(Map.of(
                                        "QUARRY_AUTH_IAM_TENANTS",
                                        "{\"arn:aws:iam::111122223333:role/acme-reader\":\"acme\"}",
                                        "QUARRY_AUTH_TENANT_CLAIM",
                                        Match.absent())))));
        Synth cognito = Synth.of(
                dir,
                Map.of(
                        "quarry:auth", "jwt",
                        "quarry:jwtIssuer", "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_EXAMPLE",
                        "quarry:jwtAudience", "client",
                        "quarry:tenantClaim", "custom:tenant"));
        cognito.template.hasResourceProperties(
                "AWS::Lambda::Function",
                Map.of(
                        "Description",
                        Match.stringLikeRegexp("Quarry query.*"),
                        "Environment",
                        Map.of(
                                "Variables",
                                Match.objectLike(Map.of(
                                        "QUARRY_AUTH_TENANT_CLAIM",
                                        "custom:tenant",
                                        "QUARRY_AUTH_IAM_TENANTS",
                                        Match.absent())))));
        Synth single = Synth.of(dir, Map.of("quarry:iamTenants", "", "quarry:iamTenant", "acme"));
        single.template.hasResourceProperties(
                "AWS::Lambda::Function",
                Map.of(
                        "Description",
                        Match.stringLikeRegexp("Quarry query.*"),
                        "Environment",
                        Map.of("Variables", Match.objectLike(Map.of("QUARRY_AUTH_IAM_TENANT", "acme")))));
    }

    @Test
    void should_accept_the_iam_mapping_as_an_object_from_cdk_json() {
        Map<String, Object> context =
                Map.of("quarry:weaviateHttpHost", "w", "quarry:iamTenants", Map.of("111122223333", "acme"));
        assertThat(QuarrySettings.fromContext(context::get).iamTenants()).contains("{\"111122223333\":\"acme\"}");
    }

    @Test
    void should_refuse_an_iam_deployment_that_maps_no_caller_or_a_malformed_mapping_or_prefix() {
        assertThatThrownBy(
                        () -> QuarrySettings.fromContext(Map.<String, Object>of("quarry:weaviateHttpHost", "w")::get))
                .hasMessageContaining("quarry:iamTenants")
                .hasMessageContaining("quarry:iamTenant=TENANT");
        Map<String, Object> bad = Map.of(
                "quarry:weaviateHttpHost", "w",
                "quarry:iamTenants", "{\"acme-reader\": \"Acme\"}",
                "quarry:iamTenant", "Acme",
                "quarry:documentPrefix", "docs");
        assertThatThrownBy(() -> QuarrySettings.fromContext(bad::get))
                .hasMessageContaining("'acme-reader' is neither an IAM/STS ARN nor a 12-digit account id")
                .hasMessageContaining("the tenant of 'acme-reader' must be a tenant name")
                .hasMessageContaining("quarry:iamTenant must be a tenant name")
                .hasMessageContaining("quarry:documentPrefix must end with '/'");
        assertThatThrownBy(() -> QuarrySettings.fromContext(
                        Map.<String, Object>of("quarry:weaviateHttpHost", "w", "quarry:iamTenants", "role=acme")::get))
                .hasMessageContaining("quarry:iamTenants must be a JSON object");
    }

    @Test
    void should_refuse_missing_or_contradictory_context_with_the_flag_to_pass() {
        assertThatThrownBy(() -> QuarrySettings.fromContext(key -> null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("quarry:weaviateHttpHost");
        Map<String, Object> bad = Map.of(
                "quarry:weaviateHttpHost", "w",
                "quarry:auth", "jwt",
                "quarry:runtime", "jvm",
                "quarry:queryProvisionedConcurrency", "2",
                "quarry:cache", "memcached",
                "quarry:maxReceiveCount", "zero");
        assertThatThrownBy(() -> QuarrySettings.fromContext(bad::get))
                .hasMessageContaining("quarry:jwtIssuer")
                .hasMessageContaining("SnapStart")
                .hasMessageContaining("quarry:cache must be one of replication-group, serverless, none")
                .hasMessageContaining("quarry:maxReceiveCount must be a whole number");
    }

    @Test
    void should_ocr_in_process_by_default_only_where_the_bundled_tesseract_runs() {
        // JVM on x86_64: the package's Tesseract; the native default and arm64 keep Textract.
        assertThat(settings(Map.of("quarry:runtime", "jvm")).textract()).isFalse();
        assertThat(settings(Map.of()).textract()).isTrue();
        assertThat(settings(Map.of("quarry:runtime", "jvm", "quarry:architecture", "arm64"))
                        .textract())
                .isTrue();
        assertThat(settings(Map.of("quarry:runtime", "jvm", "quarry:textract", "true"))
                        .textract())
                .isTrue();
    }

    private static QuarrySettings settings(Map<String, Object> context) {
        Map<String, Object> all = new java.util.HashMap<>(context);
        all.put("quarry:weaviateHttpHost", "w");
        all.putIfAbsent("quarry:iamTenant", "acme");
        return QuarrySettings.fromContext(all::get);
    }

    @Test
    void should_round_log_retention_up_to_a_period_cloudwatch_accepts() {
        assertThat(QuarryStack.retention(30).toString()).isEqualTo("ONE_MONTH");
        assertThat(QuarryStack.retention(31).toString()).isEqualTo("TWO_MONTHS");
        assertThat(QuarryStack.retention(1).toString()).isEqualTo("ONE_DAY");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> properties(Map<String, Object> resource) {
        return (Map<String, Object>) resource.get("Properties");
    }

    @SuppressWarnings("unchecked")
    private static List<String> policyActions(Template template, String policyPrefix) {
        Map<String, Map<String, Object>> policies = template.findResources(
                "AWS::IAM::Policy",
                Map.of("Properties", Map.of("PolicyName", Match.stringLikeRegexp(policyPrefix + ".*"))));
        assertThat(policies).hasSize(1);
        Map<String, Object> document = (Map<String, Object>)
                properties(policies.values().iterator().next()).get("PolicyDocument");
        return ((List<Map<String, Object>>) document.get("Statement"))
                .stream()
                        .flatMap(s -> s.get("Action") instanceof List<?> l
                                ? l.stream().map(Object::toString)
                                : Stream.of(s.get("Action").toString()))
                        .toList();
    }
}
