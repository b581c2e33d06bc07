package dev.quarry.infra;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;

/** {@code cdk synth|deploy} entry point (see {@code cdk.json}): settings from context, one stack, cdk-nag. */
public final class QuarryApp {

    private QuarryApp() {}

    public static void main(String[] args) {
        App app = new App();
        QuarrySettings settings =
                QuarrySettings.fromContext(key -> app.getNode().tryGetContext(key));
        Object stackName = app.getNode().tryGetContext("quarry:stackName");
        new QuarryStack(
                app,
                stackName == null ? "Quarry" : stackName.toString(),
                StackProps.builder()
                        .description("Quarry: retrieval-augmented generation on Lambda, S3, SQS, Weaviate")
                        .env(Environment.builder()
                                .account(System.getenv("CDK_DEFAULT_ACCOUNT"))
                                .region(System.getenv("CDK_DEFAULT_REGION"))
                                .build())
                        .build(),
                settings);
        // The same rule pack the tests apply: an unsuppressed finding fails `cdk synth` and `cdk deploy`.
        Aspects.of(app).add(new AwsSolutionsChecks());
        app.synth();
    }
}
