package dev.quarry.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.ILayerVersion;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One Quarkus Lambda built by the Quarkus Maven plugin into {@code target/function.zip}: a native executable
 * named {@code bootstrap} on {@code provided.al2023} by default, or the JVM build on a managed Java runtime
 * with SnapStart. Callers (event sources, API integrations) use {@link #alias()}, the published version, so
 * SnapStart and provisioned concurrency apply to what they invoke.
 */
public final class QuarkusFunction extends Construct {

    /** The handler of every Quarkus Lambda in JVM mode (Funqy and HTTP alike). */
    public static final String JVM_HANDLER = "io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest";

    /** JVM flags of a JVM-mode function: C1 only for short-lived invocations, and the opens client6 needs. */
    public static final String JVM_OPTIONS = "-XX:+TieredCompilation -XX:TieredStopAtLevel=1"
            + " --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED";

    private final Function function;
    private final Alias alias;
    private final LogGroup logGroup;

    /** What differs between the two functions. */
    public record Spec(
            String zip,
            String description,
            int memoryMb,
            int timeoutSeconds,
            Map<String, String> environment,
            List<ILayerVersion> layers,
            Optional<Integer> reservedConcurrency,
            Optional<Integer> provisionedConcurrency) {}

    public QuarkusFunction(
            Construct scope,
            String id,
            QuarrySettings settings,
            Spec spec,
            IVpc vpc,
            SubnetSelection subnets,
            ISecurityGroup securityGroup,
            RetentionDays retention) {
        super(scope, id);
        boolean jvm = settings.runtime() == QuarrySettings.RuntimeMode.JVM;
        this.logGroup =
                LogGroup.Builder.create(this, "Logs").retention(retention).build();

        Map<String, String> environment = new HashMap<>(spec.environment());
        if (jvm) {
            // Lambda's advice for short-lived Java functions: C1 only, faster start, less memory.
            // The Weaviate client (client6) serialises with Gson, which reflects into java.lang/java.util.
            environment.put("JAVA_TOOL_OPTIONS", JVM_OPTIONS);
        } else {
            // Quarkus' advice for native executables on Lambda.
            environment.put("DISABLE_SIGNAL_HANDLERS", "true");
        }

        Function.Builder builder = Function.Builder.create(this, "Function")
                .description(spec.description())
                .code(Code.fromAsset(spec.zip()))
                .runtime(jvm ? javaRuntime(settings.jvmRuntime()) : Runtime.PROVIDED_AL2023)
                .handler(jvm ? JVM_HANDLER : "not.used.in.provided.runtime")
                .architecture(settings.architecture().equals("arm64") ? Architecture.ARM_64 : Architecture.X86_64)
                .memorySize(spec.memoryMb())
                .timeout(Duration.seconds(spec.timeoutSeconds()))
                .environment(environment)
                .layers(spec.layers())
                .vpc(vpc)
                .vpcSubnets(subnets)
                .securityGroups(List.of(securityGroup))
                .logGroup(logGroup);
        if (jvm) {
            builder.snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS);
        }
        spec.reservedConcurrency().ifPresent(builder::reservedConcurrentExecutions);
        this.function = builder.build();

        Alias.Builder aliasBuilder =
                Alias.Builder.create(this, "Live").aliasName("live").version(function.getCurrentVersion());
        spec.provisionedConcurrency().ifPresent(aliasBuilder::provisionedConcurrentExecutions);
        this.alias = aliasBuilder.build();

        NagSuppressions.addResourceSuppressions(
                function,
                List.of(NagPackSuppression.builder()
                        .id("AwsSolutions-IAM4")
                        .reason("AWSLambdaBasicExecutionRole and AWSLambdaVPCAccessExecutionRole are the"
                                + " AWS-maintained minimum for logging and VPC network interfaces.")
                        .appliesTo(
                                List.of(
                                        "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
                                        "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole"))
                        .build()),
                true);
        if (jvm && !settings.jvmRuntime().equals("java25")) {
            NagSuppressions.addResourceSuppressions(
                    function,
                    List.of(NagPackSuppression.builder()
                            .id("AwsSolutions-L1")
                            .reason("The functions are Java 17 bytecode built and tested on JDK 17; java21 (default)"
                                    + " is the LTS runtime chosen for SnapStart; java25 is selectable with"
                                    + " -c quarry:jvmRuntime=java25.")
                            .build()),
                    true);
        }
    }

    private static Runtime javaRuntime(String name) {
        return switch (name) {
            case "java17" -> Runtime.JAVA_17;
            case "java25" -> Runtime.JAVA_25;
            default -> Runtime.JAVA_21;
        };
    }

    public Function function() {
        return function;
    }

    public Alias alias() {
        return alias;
    }

    public LogGroup logGroup() {
        return logGroup;
    }
}
