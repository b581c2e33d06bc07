package dev.quarry.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.EventType;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.NoncurrentVersionTransition;
import software.amazon.awscdk.services.s3.NotificationKeyFilter;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.amazon.awscdk.services.s3.StorageClass;
import software.amazon.awscdk.services.s3.notifications.SqsDestination;
import software.amazon.awscdk.services.sqs.IQueue;
import software.constructs.Construct;

import java.util.List;

/**
 * Where users put documents. Versioned because the ingest path records the S3 version id of what it
 * indexed (a late event for an old version must not overwrite a newer one); old versions move to
 * infrequent access after 30 days and expire after {@code noncurrentVersionDays}. Every create and
 * remove under the configured prefix is announced to the ingest queue.
 */
public final class DocumentBucket extends Construct {

    private final Bucket bucket;

    public DocumentBucket(Construct scope, String id, QuarrySettings settings) {
        super(scope, id);
        RemovalPolicy removal = settings.retainData() ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

        Bucket accessLogs = Bucket.Builder.create(this, "AccessLogs")
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .encryption(BucketEncryption.S3_MANAGED)
                .enforceSsl(true)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_PREFERRED)
                .lifecycleRules(List.of(LifecycleRule.builder()
                        .id("expire-access-logs")
                        .expiration(Duration.days(365))
                        .build()))
                .removalPolicy(removal)
                .build();
        NagSuppressions.addResourceSuppressions(
                accessLogs,
                List.of(NagPackSuppression.builder()
                        .id("AwsSolutions-S1")
                        .reason(
                                "This is the access-log bucket of the document bucket; logging it into itself would loop.")
                        .build()));

        this.bucket = Bucket.Builder.create(this, "Documents")
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .encryption(BucketEncryption.S3_MANAGED)
                .enforceSsl(true)
                .versioned(true)
                .serverAccessLogsBucket(accessLogs)
                .serverAccessLogsPrefix("documents/")
                .lifecycleRules(List.of(LifecycleRule.builder()
                        .id("old-versions")
                        .noncurrentVersionTransitions(
                                settings.noncurrentVersionDays() > 30
                                        ? List.of(NoncurrentVersionTransition.builder()
                                                .storageClass(StorageClass.INFREQUENT_ACCESS)
                                                .transitionAfter(Duration.days(30))
                                                .build())
                                        : List.of())
                        .noncurrentVersionExpiration(Duration.days(settings.noncurrentVersionDays()))
                        .abortIncompleteMultipartUploadAfter(Duration.days(7))
                        .build()))
                .removalPolicy(removal)
                .build();
    }

    /**
     * Sends ObjectCreated, ObjectRemoved and LifecycleExpiration events (under the configured prefix, if any) to the
     * queue: every change to which version a key serves, including expiry by a lifecycle rule an operator adds.
     */
    public void notify(IQueue queue, String prefix) {
        SqsDestination destination = new SqsDestination(queue);
        NotificationKeyFilter[] filters = prefix.isEmpty()
                ? new NotificationKeyFilter[0]
                : new NotificationKeyFilter[] {
                    NotificationKeyFilter.builder().prefix(prefix).build()
                };
        bucket.addEventNotification(EventType.OBJECT_CREATED, destination, filters);
        bucket.addEventNotification(EventType.OBJECT_REMOVED, destination, filters);
        bucket.addEventNotification(EventType.LIFECYCLE_EXPIRATION, destination, filters);
        // The notifications are configured by CDK's own singleton handler function (a fixed construct id).
        Stack stack = Stack.of(this);
        NagSuppressions.addResourceSuppressionsByPath(
                stack,
                "/" + stack.getNode().getPath()
                        + "/BucketNotificationsHandler050a0587b7544547bf325f094a3db834/Role/Resource",
                List.of(NagPackSuppression.builder()
                        .id("AwsSolutions-IAM4")
                        .reason("CDK's bucket-notification custom resource uses AWSLambdaBasicExecutionRole for its"
                                + " logs; it runs only during deployment.")
                        .appliesTo(
                                List.of(
                                        "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"))
                        .build()));
    }

    public Bucket bucket() {
        return bucket;
    }
}
