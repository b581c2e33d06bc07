package dev.quarry.infra;

import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.LayerVersion;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

import java.util.List;
import java.util.Optional;

/**
 * Quarry in one stack: the document bucket announces uploads to the ingest queue, the ingest function
 * writes chunks to Weaviate, the query function answers behind an HTTP API with the cross-encoder from the
 * model layer and the semantic cache, all watched by alarms. Every choice comes from {@link QuarrySettings}.
 */
public final class QuarryStack extends Stack {

    private final DocumentBucket documents;
    private final IngestQueue ingestQueue;
    private final IngestFunction ingest;
    private final QueryApi query;
    private final Optional<SemanticCache> cache;
    private final Monitoring monitoring;

    public QuarryStack(Construct scope, String id, StackProps props, QuarrySettings settings) {
        super(scope, id, props);
        RetentionDays retention = retention(settings.logRetentionDays());

        Network network = new Network(this, "Network", settings, retention);
        this.documents = new DocumentBucket(this, "Documents", settings);
        this.ingestQueue = new IngestQueue(this, "IngestQueue", settings);
        documents.notify(ingestQueue.queue(), settings.documentPrefix());
        WeaviateEndpoint weaviate = new WeaviateEndpoint(this, "Weaviate", settings);
        this.cache = SemanticCache.create(this, "Cache", settings, network);

        LayerVersion modelLayer = LayerVersion.Builder.create(this, "ModelLayer")
                .description("Quarry cross-encoder (ONNX model + tokenizer) at /opt/models/cross-encoder")
                .code(Code.fromAsset(settings.modelLayerZip()))
                .compatibleArchitectures(List.of(Architecture.X86_64, Architecture.ARM_64))
                .build();

        this.ingest = new IngestFunction(
                this, "Ingest", settings, documents.bucket(), ingestQueue, network, weaviate, cache, retention);
        this.query = new QueryApi(this, "Query", settings, modelLayer, network, weaviate, cache, retention);
        this.monitoring = new Monitoring(
                this,
                "Monitoring",
                settings,
                ingestQueue,
                ingest.function().function(),
                query.function().function(),
                query);

        output("DocumentBucketName", documents.bucket().getBucketName(), "Upload documents here");
        output("ApiUrl", query.url(), "Query API base URL");
        output("IngestQueueUrl", ingestQueue.queue().getQueueUrl(), "Ingest work queue");
        output("DeadLetterQueueUrl", ingestQueue.deadLetters().getQueueUrl(), "Messages that failed ingest");
        output("WeaviateApiKeySecretArn", weaviate.apiKey().getSecretArn(), "Put the Weaviate API key here");
        output("AlarmTopicArn", monitoring.topic().getTopicArn(), "Subscribe to alarms");
    }

    private void output(String id, String value, String description) {
        CfnOutput.Builder.create(this, id).value(value).description(description).build();
    }

    /** CloudWatch accepts only certain retention periods; the nearest one at or above the request is used. */
    static RetentionDays retention(int days) {
        int[] allowed = {
            1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653
        };
        RetentionDays[] values = {
            RetentionDays.ONE_DAY,
            RetentionDays.THREE_DAYS,
            RetentionDays.FIVE_DAYS,
            RetentionDays.ONE_WEEK,
            RetentionDays.TWO_WEEKS,
            RetentionDays.ONE_MONTH,
            RetentionDays.TWO_MONTHS,
            RetentionDays.THREE_MONTHS,
            RetentionDays.FOUR_MONTHS,
            RetentionDays.FIVE_MONTHS,
            RetentionDays.SIX_MONTHS,
            RetentionDays.ONE_YEAR,
            RetentionDays.THIRTEEN_MONTHS,
            RetentionDays.EIGHTEEN_MONTHS,
            RetentionDays.TWO_YEARS,
            RetentionDays.THREE_YEARS,
            RetentionDays.FIVE_YEARS,
            RetentionDays.SIX_YEARS,
            RetentionDays.SEVEN_YEARS,
            RetentionDays.EIGHT_YEARS,
            RetentionDays.NINE_YEARS,
            RetentionDays.TEN_YEARS
        };
        for (int i = 0; i < allowed.length; i++) {
            if (days <= allowed[i]) {
                return values[i];
            }
        }
        return RetentionDays.TEN_YEARS;
    }

    public DocumentBucket documents() {
        return documents;
    }

    public IngestQueue ingestQueue() {
        return ingestQueue;
    }

    public IngestFunction ingest() {
        return ingest;
    }

    public QueryApi query() {
        return query;
    }

    public Optional<SemanticCache> cache() {
        return cache;
    }
}
