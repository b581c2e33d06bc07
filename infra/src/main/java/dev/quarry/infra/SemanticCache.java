package dev.quarry.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.elasticache.CfnReplicationGroup;
import software.amazon.awscdk.services.elasticache.CfnServerlessCache;
import software.amazon.awscdk.services.elasticache.CfnSubnetGroup;
import software.amazon.awscdk.services.elasticache.CfnUser;
import software.amazon.awscdk.services.elasticache.CfnUserGroup;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
import software.constructs.Construct;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The semantic answer cache: Valkey on ElastiCache in the private subnets, reachable only from the
 * functions' security group, TLS in transit ({@code rediss://}) and encryption at rest. Two shapes:
 * <ul>
 *   <li>{@code replication-group} (default): a primary and {@code cacheReplicas} replicas of
 *       {@code cacheNodeType}, Multi-AZ with automatic failover when there is a replica, and an AUTH token;
 *   <li>{@code serverless}: ElastiCache Serverless for Valkey, which only supports RBAC: a user
 *       {@code quarry} whose password is the same secret, in a user group with a disabled {@code default}.
 * </ul>
 * The password is generated into Secrets Manager as {@code {"username":"quarry","password":"…"}}; functions
 * get its ARN and {@code QUARKUS_REDIS_HOSTS} (without credentials) and read the password at start.
 */
public final class SemanticCache extends Construct {

    private final Secret authSecret;
    private final Map<String, String> environment = new LinkedHashMap<>();

    public SemanticCache(Construct scope, String id, QuarrySettings settings, Network network) {
        super(scope, id);
        // AUTH tokens allow only a few punctuation characters; letters and digits are enough at 64 chars.
        this.authSecret = Secret.Builder.create(this, "AuthToken")
                .description("Quarry semantic cache (Valkey) password / AUTH token")
                .generateSecretString(SecretStringGenerator.builder()
                        .secretStringTemplate("{\"username\":\"quarry\"}")
                        .generateStringKey("password")
                        .excludePunctuation(true)
                        .passwordLength(64)
                        .build())
                .build();
        NagSuppressions.addResourceSuppressions(
                authSecret,
                List.of(NagPackSuppression.builder()
                        .id("AwsSolutions-SMG4")
                        .reason("Rotating an ElastiCache AUTH token needs the ROTATE/SET strategy applied to the"
                                + " cache in step with the secret; it is done by redeploying with a new secret"
                                + " (README, Deploy), not by a generic rotation Lambda.")
                        .build()));

        SecurityGroup cacheGroup = SecurityGroup.Builder.create(this, "SecurityGroup")
                .vpc(network.vpc())
                .description("Quarry semantic cache: TLS from the Quarry functions only")
                .allowAllOutbound(false)
                .build();
        List<String> subnetIds =
                network.vpc().selectSubnets(network.privateSubnets()).getSubnetIds();
        String password = authSecret.secretValueFromJson("password").unsafeUnwrap();

        String host;
        String port;
        if (settings.cache() == QuarrySettings.CacheMode.SERVERLESS) {
            cacheGroup.addIngressRule(network.functionSecurityGroup(), Port.tcpRange(6379, 6380), "Valkey (TLS)");
            String prefix = "quarry-"
                    + Integer.toHexString(Stack.of(this).getStackName().hashCode() & 0xffff);
            // Valkey requires a user named "default" in a group; it is switched off.
            CfnUser defaultUser = CfnUser.Builder.create(this, "DefaultUser")
                    .engine("valkey")
                    .userId(prefix + "-default")
                    .userName("default")
                    .accessString("off -@all")
                    .passwords(List.of(password))
                    .build();
            CfnUser user = CfnUser.Builder.create(this, "User")
                    .engine("valkey")
                    .userId(prefix + "-quarry")
                    .userName("quarry")
                    .accessString("on ~* +@all -@dangerous")
                    .passwords(List.of(password))
                    .build();
            CfnUserGroup group = CfnUserGroup.Builder.create(this, "UserGroup")
                    .engine("valkey")
                    .userGroupId(prefix + "-users")
                    .userIds(List.of(defaultUser.getUserId(), user.getUserId()))
                    .build();
            group.addDependency(defaultUser);
            group.addDependency(user);
            CfnServerlessCache cache = CfnServerlessCache.Builder.create(this, "Serverless")
                    .engine("valkey")
                    .majorEngineVersion(settings.cacheEngineVersion().split("\\.")[0])
                    .serverlessCacheName(prefix + "-cache")
                    .description("Quarry semantic cache")
                    .subnetIds(subnetIds)
                    .securityGroupIds(List.of(cacheGroup.getSecurityGroupId()))
                    .userGroupId(group.getUserGroupId())
                    .build();
            cache.addDependency(group);
            host = cache.getAttrEndpointAddress();
            port = cache.getAttrEndpointPort();
            environment.put("QUARRY_CACHE_USERNAME", "quarry");
        } else {
            cacheGroup.addIngressRule(network.functionSecurityGroup(), Port.tcp(settings.cachePort()), "Valkey (TLS)");
            CfnSubnetGroup subnets = CfnSubnetGroup.Builder.create(this, "Subnets")
                    .description("Quarry semantic cache: private subnets")
                    .subnetIds(subnetIds)
                    .build();
            boolean replicated = settings.cacheReplicas() > 0;
            CfnReplicationGroup cache = CfnReplicationGroup.Builder.create(this, "ReplicationGroup")
                    .replicationGroupDescription("Quarry semantic cache")
                    .engine("valkey")
                    .engineVersion(settings.cacheEngineVersion())
                    .cacheNodeType(settings.cacheNodeType())
                    .numCacheClusters(1 + settings.cacheReplicas())
                    .automaticFailoverEnabled(replicated)
                    .multiAzEnabled(replicated)
                    .transitEncryptionEnabled(true)
                    .atRestEncryptionEnabled(true)
                    .authToken(password)
                    .port(settings.cachePort())
                    .cacheSubnetGroupName(subnets.getRef())
                    .securityGroupIds(List.of(cacheGroup.getSecurityGroupId()))
                    .build();
            if (!replicated) {
                NagSuppressions.addResourceSuppressions(
                        cache,
                        List.of(NagPackSuppression.builder()
                                .id("AwsSolutions-AEC4")
                                .reason("A single node was chosen by context (quarry:cacheReplicas=0): the cache only"
                                        + " saves recomputation, so losing it costs latency, not data.")
                                .build()));
            }
            host = cache.getAttrPrimaryEndPointAddress();
            port = cache.getAttrPrimaryEndPointPort();
        }
        environment.put("QUARRY_CACHE_ENABLED", "true");
        environment.put("QUARKUS_REDIS_HOSTS", Fn.join("", List.of("rediss://", host, ":", port)));
        environment.put("QUARRY_CACHE_AUTH_SECRET_ARN", authSecret.getSecretArn());
    }

    /** Creates the configured cache, or none. */
    public static Optional<SemanticCache> create(Construct scope, String id, QuarrySettings settings, Network network) {
        return settings.cache() == QuarrySettings.CacheMode.NONE
                ? Optional.empty()
                : Optional.of(new SemanticCache(scope, id, settings, network));
    }

    /** Environment variables that point a function at the cache. */
    public Map<String, String> environment() {
        return Map.copyOf(environment);
    }

    public void grantRead(IGrantable grantee) {
        authSecret.grantRead(grantee);
    }

    public Secret authSecret() {
        return authSecret;
    }
}
