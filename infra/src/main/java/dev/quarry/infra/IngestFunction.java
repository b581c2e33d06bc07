package dev.quarry.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.github.cdklabs.cdknag.RegexAppliesTo;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.lambda.eventsources.SqsEventSource;
import software.amazon.awscdk.services.lambda.eventsources.SqsEventSourceProps;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.s3.IBucket;
import software.constructs.Construct;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The ingest Lambda ({@code functions/ingest}): consumes the ingest queue with partial batch responses,
 * reads documents from the bucket, sends page-range parts back to its own queue, writes to Weaviate. Its
 * concurrency is capped by the event source's maximum concurrency so a burst of uploads cannot overload
 * Weaviate; the sizing arithmetic is in {@link QuarrySettings}.
 */
public final class IngestFunction extends Construct {

    private final QuarkusFunction function;

    public IngestFunction(
            Construct scope,
            String id,
            QuarrySettings settings,
            IBucket bucket,
            IngestQueue queue,
            Network network,
            WeaviateEndpoint weaviate,
            Optional<SemanticCache> cache,
            RetentionDays retention) {
        super(scope, id);
        Map<String, String> environment = new HashMap<>(weaviate.environment());
        // Every index change bumps the tenant's corpus generation in the answer cache, so the query function
        // never serves an answer computed before the change: ingest needs the cache as much as query does.
        cache.ifPresent(c -> environment.putAll(c.environment()));
        environment.put("QUARRY_INGEST_BUCKET", bucket.getBucketName());
        environment.put("QUARRY_INGEST_QUEUE_URL", queue.queue().getQueueUrl());
        environment.put("QUARRY_FAN_OUT_PAGES_PER_PART", Integer.toString(settings.pagesPerPart()));
        // The last delivery before the DLQ records the document's failure: the function must know which it is.
        environment.put("QUARRY_INGEST_MAX_RECEIVE_COUNT", Integer.toString(settings.maxReceiveCount()));
        if (settings.textract()) {
            environment.put("QUARRY_OCR_ENGINE", "textract");
        }
        this.function = new QuarkusFunction(
                this,
                "Ingest",
                settings,
                new QuarkusFunction.Spec(
                        settings.ingestZip(),
                        "Quarry ingest: S3 events and page-range parts from SQS into Weaviate",
                        settings.ingestMemoryMb(),
                        settings.ingestTimeoutSeconds(),
                        environment,
                        List.of(),
                        Optional.empty(),
                        Optional.empty()),
                network.vpc(),
                network.privateSubnets(),
                network.functionSecurityGroup(),
                retention);

        SqsEventSourceProps.Builder source = SqsEventSourceProps.builder()
                .batchSize(settings.ingestBatchSize())
                .reportBatchItemFailures(true)
                .maxConcurrency(settings.ingestMaxConcurrency());
        if (settings.ingestBatchingWindowSeconds() > 0) {
            source.maxBatchingWindow(Duration.seconds(settings.ingestBatchingWindowSeconds()));
        }
        function.alias().addEventSource(new SqsEventSource(queue.queue(), source.build()));

        bucket.grantRead(function.function());
        queue.queue().grantSendMessages(function.function());
        weaviate.grantRead(function.function());
        cache.ifPresent(c -> c.grantRead(function.function()));
        if (settings.textract()) {
            function.function()
                    .addToRolePolicy(PolicyStatement.Builder.create()
                            .actions(List.of("textract:DetectDocumentText", "textract:AnalyzeDocument"))
                            .resources(List.of("*"))
                            .build());
        }
        List<Object> wildcards = new ArrayList<>(List.of(
                "Action::s3:GetObject*",
                "Action::s3:GetBucket*",
                "Action::s3:List*",
                RegexAppliesTo.builder()
                        .regex("/^Resource::<Documents[A-Za-z0-9]+\\.Arn>\\/\\*$/g")
                        .build()));
        if (settings.textract()) {
            wildcards.add("Resource::*");
        }
        NagSuppressions.addResourceSuppressions(
                function.function(),
                List.of(NagPackSuppression.builder()
                        .id("AwsSolutions-IAM5")
                        .reason("grantRead on the document bucket: s3:GetObject*/GetBucket*/List* on its objects"
                                + " (any key may be a document); Textract's synchronous APIs have no resource ARNs.")
                        .appliesTo(wildcards)
                        .build()),
                true);
    }

    public QuarkusFunction function() {
        return function;
    }
}
