package dev.quarry.aws.s3;

import dev.quarry.core.model.DocumentRef;
import dev.quarry.core.port.DocumentSource;
import dev.quarry.testing.DocumentSourceContractTest;
import dev.quarry.testing.aws.S3MockServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.CreateBucketRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.PutBucketVersioningRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.VersioningConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The document-source contract on a real S3-compatible server (S3Mock's executable jar on 127.0.0.1), for both
 * kinds of bucket the deployment may have: unversioned (document versions are ETags, read with {@code If-Match})
 * and versioned (version ids, checked against the latest with {@code HEAD}). Keys are {@code TENANT/NAME}, as
 * the deployment's tenant resolver reads them. Every assertion lives in {@link DocumentSourceContractTest}; the
 * mapping of each S3 error code is {@link S3DocumentSourceTest}'s.
 */
class S3DocumentSourceContractTest {

    private static S3MockServer server;
    private static S3Client s3;

    @BeforeAll
    static void startS3() throws Exception {
        server = S3MockServer.start();
        s3 = server.client();
        s3.createBucket(CreateBucketRequest.builder().bucket(Versioned.BUCKET).build());
        s3.putBucketVersioning(PutBucketVersioningRequest.builder()
                .bucket(Versioned.BUCKET)
                .versioningConfiguration(VersioningConfiguration.builder()
                        .status(BucketVersioningStatus.ENABLED)
                        .build())
                .build());
    }

    @AfterAll
    static void stopS3() throws Exception {
        if (s3 != null) {
            s3.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /** The contract on one bucket; documents are uploaded and deleted with plain S3 calls, as users do. */
    abstract static class OnBucket extends DocumentSourceContractTest {

        abstract String bucket();

        @Override
        protected DocumentSource createSource() {
            return new S3DocumentSource(s3, bucket());
        }

        @Override
        protected String keyOf(String tenant, String name) {
            return tenant + "/" + name;
        }

        @Override
        protected DocumentRef upload(String tenant, String name, byte[] content) {
            String key = keyOf(tenant, name);
            PutObjectResponse put = s3.putObject(
                    PutObjectRequest.builder().bucket(bucket()).key(key).build(), RequestBody.fromBytes(content));
            return new DocumentRef(
                    tenant, key, S3Version.of(put.versionId(), put.eTag()).toDocumentVersion());
        }

        @Override
        protected void remove(DocumentRef document) {
            s3.deleteObject(DeleteObjectRequest.builder()
                    .bucket(bucket())
                    .key(document.key())
                    .build());
        }
    }

    @Nested
    class Unversioned extends OnBucket {
        @Override
        String bucket() {
            return S3MockServer.BUCKET;
        }
    }

    @Nested
    class Versioned extends OnBucket {
        static final String BUCKET = "quarry-docs-versioned";

        @Override
        String bucket() {
            return BUCKET;
        }

        @Override
        protected DocumentRef upload(String tenant, String name, byte[] content) {
            DocumentRef stored = super.upload(tenant, name, content);
            assertThat(S3Version.parse(stored.version()).etag())
                    .as("a versioned bucket names versions by id")
                    .isFalse();
            return stored;
        }
    }
}
