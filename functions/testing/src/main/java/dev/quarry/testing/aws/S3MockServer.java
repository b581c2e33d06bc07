package dev.quarry.testing.aws;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpConfigurationOption;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadBucketRequest;
import software.amazon.awssdk.utils.AttributeMap;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * S3Mock's executable jar run as a child process with one bucket, serving HTTPS on 127.0.0.1 (its
 * self-signed certificate is trusted by the client built here). S3Mock always opens a second, plain HTTP
 * connector; it is given a random port and not used. The jar's path comes from the system property {@code
 * s3mock.jar}, which the consuming module's pom sets after copying the artifact.
 */
public final class S3MockServer implements AutoCloseable {

    public static final String BUCKET = "quarry-docs";

    private static final Duration STARTUP = Duration.ofSeconds(90);

    private final Process process;
    private final Path log;
    private final int port;

    private S3MockServer(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /** Starts S3Mock and returns once it answers requests for {@link #BUCKET}. */
    public static S3MockServer start() throws IOException, InterruptedException {
        String jar = System.getProperty("s3mock.jar");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("S3Mock's jar was not found at " + jar
                    + ": run the tests through Maven, whose maven-dependency-plugin copies"
                    + " com.adobe.testing:s3mock:exec to target/s3mock and passes -Ds3mock.jar");
        }
        int port = freePort();
        Path log = Files.createTempFile("s3mock", ".log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(List.of(
                        java,
                        "-Xmx256m",
                        "-XX:TieredStopAtLevel=1",
                        "-jar",
                        jar,
                        "--server.address=127.0.0.1",
                        "--server.port=" + port,
                        "--http.port=0",
                        "--com.adobe.testing.s3mock.store.initial-buckets=" + BUCKET))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        S3MockServer server = new S3MockServer(process, log, port);
        try {
            server.awaitReady();
        } catch (RuntimeException | InterruptedException e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** A client of this server: path-style, dummy credentials, trusting S3Mock's self-signed certificate. */
    public S3Client client() {
        return S3Client.builder()
                .endpointOverride(URI.create("https://127.0.0.1:" + port))
                .forcePathStyle(true)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.builder()
                        .buildWithDefaults(AttributeMap.builder()
                                .put(SdkHttpConfigurationOption.TRUST_ALL_CERTIFICATES, true)
                                .build()))
                .build();
    }

    private void awaitReady() throws InterruptedException {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        try (S3Client s3 = client()) {
            RuntimeException last = null;
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException(
                            "S3Mock exited with " + process.exitValue() + " during startup; see " + log);
                }
                try {
                    s3.headBucket(HeadBucketRequest.builder().bucket(BUCKET).build());
                    return;
                } catch (RuntimeException e) {
                    last = e;
                    Thread.sleep(250);
                }
            }
            throw new IllegalStateException("S3Mock did not answer within " + STARTUP + "; see " + log, last);
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
