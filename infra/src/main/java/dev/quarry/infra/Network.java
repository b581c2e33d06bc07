package dev.quarry.infra;

import software.amazon.awscdk.services.ec2.FlowLogDestination;
import software.amazon.awscdk.services.ec2.FlowLogOptions;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointOptions;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointOptions;
import software.amazon.awscdk.services.ec2.IpAddresses;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

import java.util.List;

/**
 * The VPC the functions and the cache live in. Functions sit in private subnets; they reach S3 through a
 * gateway endpoint (free) and everything else either through a NAT gateway ({@code quarry:egress=nat}) or
 * through interface endpoints ({@code quarry:egress=endpoints}).
 *
 * <p>Cost trade-off (us-east-1 list prices): one NAT gateway is ~0.045 USD/h (~33 USD/month) plus 0.045
 * USD/GB processed, and it reaches Weaviate Cloud and any LLM API. An interface endpoint is ~0.01 USD/h per
 * AZ (~7.3 USD/month; SQS + Secrets Manager in 2 AZs ≈ 29 USD/month, + Textract if used) plus 0.01 USD/GB,
 * but reaches only AWS services: choose it when Weaviate and the answer model are reachable privately
 * (same VPC, peering, PrivateLink, Bedrock endpoint).
 */
public final class Network extends Construct {

    private final Vpc vpc;
    private final SecurityGroup functionSecurityGroup;
    private final SubnetSelection privateSubnets;

    public Network(Construct scope, String id, QuarrySettings settings, RetentionDays retention) {
        super(scope, id);
        boolean nat = settings.egress() == QuarrySettings.Egress.NAT;
        SubnetType privateType = nat ? SubnetType.PRIVATE_WITH_EGRESS : SubnetType.PRIVATE_ISOLATED;
        List<SubnetConfiguration> subnets = nat
                ? List.of(
                        SubnetConfiguration.builder()
                                .name("public")
                                .subnetType(SubnetType.PUBLIC)
                                .cidrMask(24)
                                .build(),
                        SubnetConfiguration.builder()
                                .name("private")
                                .subnetType(privateType)
                                .cidrMask(22)
                                .build())
                : List.of(SubnetConfiguration.builder()
                        .name("private")
                        .subnetType(privateType)
                        .cidrMask(22)
                        .build());
        this.vpc = Vpc.Builder.create(this, "Vpc")
                .ipAddresses(IpAddresses.cidr("10.40.0.0/16"))
                .maxAzs(settings.maxAzs())
                .natGateways(nat ? settings.natGateways() : 0)
                .subnetConfiguration(subnets)
                .build();
        this.privateSubnets = SubnetSelection.builder().subnetType(privateType).build();

        // Flow logs: who talked to what, for incident response (AwsSolutions-VPC7).
        LogGroup flowLogs =
                LogGroup.Builder.create(this, "FlowLogs").retention(retention).build();
        vpc.addFlowLog(
                "FlowLog",
                FlowLogOptions.builder()
                        .destination(FlowLogDestination.toCloudWatchLogs(flowLogs))
                        .build());

        // S3 through the gateway endpoint in both modes: free, and document bytes never cross the NAT.
        vpc.addGatewayEndpoint(
                "S3",
                GatewayVpcEndpointOptions.builder()
                        .service(GatewayVpcEndpointAwsService.S3)
                        .subnets(List.of(privateSubnets))
                        .build());

        this.functionSecurityGroup = SecurityGroup.Builder.create(this, "Functions")
                .vpc(vpc)
                .description("Quarry functions: outbound to Weaviate, the cache and AWS APIs")
                .allowAllOutbound(true)
                .build();

        if (!nat) {
            // Without a NAT the functions reach these AWS APIs only through interface endpoints.
            addInterfaceEndpoint("Sqs", InterfaceVpcEndpointAwsService.SQS);
            addInterfaceEndpoint("SecretsManager", InterfaceVpcEndpointAwsService.SECRETS_MANAGER);
            if (settings.textract()) {
                addInterfaceEndpoint("Textract", InterfaceVpcEndpointAwsService.TEXTRACT);
            }
        }
    }

    private void addInterfaceEndpoint(String id, InterfaceVpcEndpointAwsService service) {
        vpc.addInterfaceEndpoint(
                id,
                InterfaceVpcEndpointOptions.builder()
                        .service(service)
                        .subnets(privateSubnets)
                        .privateDnsEnabled(true)
                        .securityGroups(List.of(endpointSecurityGroup(id)))
                        .build());
    }

    private SecurityGroup endpointSecurityGroup(String id) {
        SecurityGroup group = SecurityGroup.Builder.create(this, id + "EndpointSg")
                .vpc(vpc)
                .description("HTTPS from the Quarry functions to the " + id + " endpoint")
                .allowAllOutbound(false)
                .build();
        group.addIngressRule(functionSecurityGroup, Port.tcp(443), "Quarry functions to " + id);
        return group;
    }

    public Vpc vpc() {
        return vpc;
    }

    public SecurityGroup functionSecurityGroup() {
        return functionSecurityGroup;
    }

    public SubnetSelection privateSubnets() {
        return privateSubnets;
    }
}
