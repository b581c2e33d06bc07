package dev.quarry.aws.s3;

import dev.quarry.core.QuarryException;
import dev.quarry.core.QuarryException.Reason;
import dev.quarry.core.model.DocumentRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class S3DocumentSourceTest {

    /**
     * Answers GetObject with a function of the request and HeadObject with the latest version id
     * ({@code v1} unless set); every other S3 operation is unsupported.
     */
    static final class FakeS3 implements S3Client {
        GetObjectRequest lastRequest;
        String latestVersion = "v1";
        /** When set, answers HeadObject instead of {@link #latestVersion}. */
        Function<HeadObjectRequest, HeadObjectResponse> head;

        private final Function<GetObjectRequest, ResponseInputStream<GetObjectResponse>> answer;

        FakeS3(Function<GetObjectRequest, ResponseInputStream<GetObjectResponse>> answer) {
            this.answer = answer;
        }

        @Override
        public HeadObjectResponse headObject(HeadObjectRequest request) {
            if (head != null) {
                return head.apply(request);
            }
            return HeadObjectResponse.builder().versionId(latestVersion).build();
        }

        @Override
        public ResponseInputStream<GetObjectResponse> getObject(GetObjectRequest request) {
            lastRequest = request;
            return answer.apply(request);
        }

        @Override
        public String serviceName() {
            return "s3";
        }

        @Override
        public void close() {}
    }

    static ResponseInputStream<GetObjectResponse> object(byte[] content, Long declaredLength) {
        return new ResponseInputStream<>(
                GetObjectResponse.builder().contentLength(declaredLength).build(),
                AbortableInputStream.create(new ByteArrayInputStream(content)));
    }

    static S3Exception s3Error(int status, String code) {
        return (S3Exception) S3Exception.builder()
                .statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).build())
                .message(code)
                .build();
    }

    private static final byte[] HELLO = "hello".getBytes(StandardCharsets.UTF_8);

    @Test
    void should_read_by_version_id_when_the_version_is_one() {
        // given
        FakeS3 s3 = new FakeS3(request -> object(HELLO, 5L));
        s3.latestVersion = "3HL4kqtJlcpXroDTDmJ";
        S3DocumentSource source = new S3DocumentSource(s3, "quarry-docs");

        // when
        byte[] content = source.read(new DocumentRef("acme", "acme/a b.txt", "3HL4kqtJlcpXroDTDmJ"), 100);

        // then
        assertThat(content).isEqualTo(HELLO);
        assertThat(s3.lastRequest.bucket()).isEqualTo("quarry-docs");
        assertThat(s3.lastRequest.key()).isEqualTo("acme/a b.txt");
        assertThat(s3.lastRequest.versionId()).isEqualTo("3HL4kqtJlcpXroDTDmJ");
        assertThat(s3.lastRequest.ifMatch()).isNull();
    }

    @Test
    void should_report_the_current_version_id_or_etag_from_a_head_without_version() {
        // given
        FakeS3 s3 = new FakeS3(request -> object(HELLO, 5L));
        S3DocumentSource source = new S3DocumentSource(s3, "quarry-docs");

        // when / then: versioned, unversioned, an object that predates versioning
        s3.head = request -> {
            assertThat(request.versionId()).isNull();
            return HeadObjectResponse.builder()
                    .versionId("3HL4kq")
                    .eTag("\"abc\"")
                    .build();
        };
        assertThat(source.currentVersion("acme", "acme/a.txt")).contains("3HL4kq");
        s3.head = request -> HeadObjectResponse.builder().eTag("\"abc\"").build();
        assertThat(source.currentVersion("acme", "acme/a.txt")).contains("etag:abc");
        s3.head = request ->
                HeadObjectResponse.builder().versionId("null").eTag("\"abc\"").build();
        assertThat(source.currentVersion("acme", "acme/a.txt")).contains("etag:abc");
    }

    @Test
    void should_report_no_current_version_for_a_missing_key_or_a_delete_marker() {
        // given
        FakeS3 s3 = new FakeS3(request -> object(HELLO, 5L));
        S3DocumentSource source = new S3DocumentSource(s3, "quarry-docs");

        // when / then
        s3.head = request -> {
            throw s3Error(404, "NoSuchKey");
        };
        assertThat(source.currentVersion("acme", "acme/a.txt")).isEmpty();
        s3.head = request -> HeadObjectResponse.builder().deleteMarker(true).build();
        assertThat(source.currentVersion("acme", "acme/a.txt")).isEmpty();
    }

    @Test
    void should_retry_when_s3_cannot_tell_the_current_version() {
        // given
        FakeS3 s3 = new FakeS3(request -> object(HELLO, 5L));
        S3DocumentSource source = new S3DocumentSource(s3, "quarry-docs");
        s3.head = request -> {
            throw s3Error(503, "SlowDown");
        };

        // when / then
        assertThatThrownBy(() -> source.currentVersion("acme", "acme/a.txt"))
                .isInstanceOfSatisfying(
                        QuarryException.Transient.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.UNAVAILABLE));
    }

    @Test
    void should_read_with_if_match_when_the_version_is_an_etag() {
        // given
        FakeS3 s3 = new FakeS3(request -> object(HELLO, 5L));
        S3DocumentSource source = new S3DocumentSource(s3, "quarry-docs");

        // when
        source.read(new DocumentRef("acme", "acme/a.txt", "etag:0123abcd"), 100);

        // then
        assertThat(s3.lastRequest.ifMatch()).isEqualTo("\"0123abcd\"");
        assertThat(s3.lastRequest.versionId()).isNull();
    }

    @Test
    void should_fail_too_large_before_reading_when_the_declared_length_exceeds_the_limit() {
        // given
        S3DocumentSource source = new S3DocumentSource(new FakeS3(request -> object(HELLO, 5_000_000L)), "b");

        // when / then
        assertThatThrownBy(() -> source.read(new DocumentRef("acme", "acme/a.txt", "v1"), 1000))
                .isInstanceOfSatisfying(
                        QuarryException.Permanent.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.TOO_LARGE));
    }

    @Test
    void should_fail_too_large_when_the_body_is_longer_than_declared() {
        // given
        S3DocumentSource source = new S3DocumentSource(new FakeS3(request -> object(HELLO, null)), "b");

        // when / then
        assertThatThrownBy(() -> source.read(new DocumentRef("acme", "acme/a.txt", "v1"), 4))
                .isInstanceOfSatisfying(
                        QuarryException.Permanent.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.TOO_LARGE));
    }

    @Test
    void should_fail_not_found_when_the_key_is_missing() {
        // given
        S3DocumentSource source = new S3DocumentSource(
                new FakeS3(request -> {
                    throw NoSuchKeyException.builder().statusCode(404).build();
                }),
                "b");

        // when / then
        assertThatThrownBy(() -> source.read(new DocumentRef("acme", "acme/a.txt", "v1"), 100))
                .isInstanceOfSatisfying(
                        QuarryException.Permanent.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND));
    }

    @ParameterizedTest
    @CsvSource({
        "404, NoSuchVersion, PERMANENT, NOT_FOUND",
        "400, InvalidArgument, PERMANENT, NOT_FOUND",
        "412, PreconditionFailed, PERMANENT, NOT_FOUND",
        "403, AccessDenied, TRANSIENT, UNAVAILABLE",
        "429, TooManyRequests, TRANSIENT, UNAVAILABLE",
        "500, InternalError, TRANSIENT, UNAVAILABLE",
        "503, SlowDown, TRANSIENT, UNAVAILABLE"
    })
    void should_map_s3_errors_to_permanent_or_transient_failures(
            int status, String code, String branch, Reason reason) {
        // given
        S3DocumentSource source = new S3DocumentSource(
                new FakeS3(request -> {
                    throw s3Error(status, code);
                }),
                "b");

        // when / then
        Class<? extends QuarryException> expected =
                branch.equals("PERMANENT") ? QuarryException.Permanent.class : QuarryException.Transient.class;
        assertThatThrownBy(() -> source.read(new DocumentRef("acme", "acme/a.txt", "v1"), 100))
                .isInstanceOfSatisfying(expected, e -> assertThat(e.reason()).isEqualTo(reason));
    }

    @Test
    void should_fail_not_found_without_reading_when_a_newer_version_exists() {
        // given: the event of v1 arrives after v2 was uploaded
        FakeS3 s3 = new FakeS3(request -> object(HELLO, 5L));
        s3.latestVersion = "v2";
        S3DocumentSource source = new S3DocumentSource(s3, "quarry-docs");

        // when / then
        assertThatThrownBy(() -> source.read(new DocumentRef("acme", "acme/a.txt", "v1"), 100))
                .isInstanceOfSatisfying(
                        QuarryException.Permanent.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND))
                .hasMessageContaining("superseded by version v2");
        assertThat(s3.lastRequest).isNull();
    }

    @Test
    void should_fail_transient_when_s3_cannot_be_reached() {
        // given
        S3DocumentSource source = new S3DocumentSource(
                new FakeS3(request -> {
                    throw SdkClientException.create("connection refused");
                }),
                "b");

        // when / then
        assertThatThrownBy(() -> source.read(new DocumentRef("acme", "acme/a.txt", "v1"), 100))
                .isInstanceOfSatisfying(
                        QuarryException.Transient.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.UNAVAILABLE));
    }

    @Test
    void should_refuse_a_blank_bucket() {
        assertThatThrownBy(() -> new S3DocumentSource(new FakeS3(r -> null), " "))
                .hasMessageContaining("quarry.ingest.bucket");
    }
}
