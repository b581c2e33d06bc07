package dev.quarry.infra;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.kms.Alias;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.constructs.Construct;

import java.util.List;

/**
 * Alarms on what needs a person (a message in the DLQ, function errors and throttles, API 5xx and p95
 * latency over the target), all sent to one SNS topic (e-mail subscription from {@code quarry:alarmEmail}),
 * and one dashboard with the same metrics.
 */
public final class Monitoring extends Construct {

    private static final Duration PERIOD = Duration.minutes(5);

    private final Topic topic;
    private final SnsAction action;

    public Monitoring(
            Construct scope,
            String id,
            QuarrySettings settings,
            IngestQueue queue,
            Function ingest,
            Function query,
            QueryApi api) {
        super(scope, id);
        this.topic = Topic.Builder.create(this, "Alarms")
                .displayName("Quarry alarms")
                .masterKey(Alias.fromAliasName(this, "SnsKey", "alias/aws/sns"))
                .enforceSsl(true)
                .build();
        settings.alarmEmail().ifPresent(email -> topic.addSubscription(new EmailSubscription(email)));
        this.action = new SnsAction(topic);

        MetricOptions sum =
                MetricOptions.builder().period(PERIOD).statistic("Sum").build();
        IMetric dlqDepth = queue.deadLetters()
                .metricApproximateNumberOfMessagesVisible(MetricOptions.builder()
                        .period(PERIOD)
                        .statistic("Maximum")
                        .build());
        IMetric oldestMessage = queue.queue()
                .metricApproximateAgeOfOldestMessage(MetricOptions.builder()
                        .period(PERIOD)
                        .statistic("Maximum")
                        .build());
        IMetric ingestErrors = ingest.metricErrors(sum);
        IMetric ingestThrottles = ingest.metricThrottles(sum);
        IMetric queryErrors = query.metricErrors(sum);
        IMetric queryThrottles = query.metricThrottles(sum);
        IMetric api5xx = api.api().metricServerError(sum);
        IMetric apiP95 = api.api()
                .metricLatency(
                        MetricOptions.builder().period(PERIOD).statistic("p95").build());

        alarm(
                "DeadLetters",
                "A document failed ingest " + settings.maxReceiveCount() + " times (see the DLQ)",
                dlqDepth,
                1,
                1);
        alarm("IngestBacklog", "The oldest ingest message waits more than an hour", oldestMessage, 3600, 3);
        alarm("IngestErrors", "The ingest function failed invocations", ingestErrors, 1, 1);
        alarm("IngestThrottles", "The ingest function was throttled", ingestThrottles, 1, 1);
        alarm("QueryErrors", "The query function failed invocations", queryErrors, 1, 1);
        alarm("QueryThrottles", "The query function was throttled", queryThrottles, 1, 1);
        alarm("Api5xx", "The query API answered 5xx", api5xx, 1, 1);
        alarm(
                "ApiLatencyP95",
                "Query API p95 latency above " + settings.apiLatencyP95Ms() + " ms for 15 minutes",
                apiP95,
                settings.apiLatencyP95Ms(),
                3);

        Dashboard.Builder.create(this, "Dashboard")
                .dashboardName("quarry-" + Stack.of(this).getStackName())
                .widgets(List.of(
                        List.of(
                                graph("Ingest queue", dlqDepth, oldestMessage),
                                graph("Ingest function", ingestErrors, ingestThrottles, ingest.metricDuration())),
                        List.of(
                                graph("Query function", queryErrors, queryThrottles, query.metricDuration()),
                                graph("Query API", api5xx, apiP95, api.api().metricCount(sum)))))
                .build();
    }

    private void alarm(String id, String description, IMetric metric, double threshold, int periods) {
        Alarm alarm = Alarm.Builder.create(this, id)
                .alarmDescription(description)
                .metric(metric)
                .threshold(threshold)
                .evaluationPeriods(periods)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
        alarm.addAlarmAction(action);
    }

    private static GraphWidget graph(String title, IMetric... metrics) {
        return GraphWidget.Builder.create()
                .title(title)
                .left(List.of(metrics))
                .width(12)
                .build();
    }

    public Topic topic() {
        return topic;
    }
}
