package dev.quarry.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quarry.aws.s3.S3Version;
import dev.quarry.core.QuarryException;
import dev.quarry.ingest.S3ObjectEvent.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

class S3EventParserTest {

    private final S3EventParser parser = new S3EventParser(new ObjectMapper());

    @Test
    void should_read_a_created_object_at_its_version_id() {
        // given
        String body = TestEvents.read("s3-object-created.json");

        // when
        S3Notification notification = parser.parse(body);

        // then
        assertThat(notification.testEvent()).isFalse();
        assertThat(notification.events())
                .containsExactly(new S3ObjectEvent(
                        Kind.CREATED,
                        "ObjectCreated:Put",
                        "quarry-docs",
                        "acme/guides/kettle.txt",
                        "096fKKXTRTtl3on89fVO.nfljtsv6qko",
                        "0055AED6DCD90281E5",
                        120));
    }

    @Test
    void should_decode_plus_as_space_and_percent_encoded_utf8_when_the_key_is_url_encoded() {
        // given
        String body = TestEvents.read("s3-object-created-encoded-key.json");

        // when
        S3ObjectEvent event = parser.parse(body).events().get(0);

        // then
        assertThat(event.key()).isEqualTo("acme/Quarterly report été.txt");
    }

    @Test
    void should_mark_the_etag_as_the_version_when_the_bucket_is_not_versioned() {
        // given
        String body = TestEvents.read("s3-object-created-encoded-key.json");

        // when
        S3ObjectEvent event = parser.parse(body).events().get(0);

        // then
        assertThat(event.version()).isEqualTo("etag:fedcba9876543210fedcba9876543210");
        assertThat(S3Version.parse(event.version())).isEqualTo(new S3Version("fedcba9876543210fedcba9876543210", true));
    }

    @Test
    void should_read_every_record_in_order_when_one_message_holds_several() {
        // given
        String body = TestEvents.read("s3-two-records.json");

        // when
        S3Notification notification = parser.parse(body);

        // then
        assertThat(notification.events())
                .extracting(S3ObjectEvent::key, S3ObjectEvent::version)
                .containsExactly(
                        tuple("acme/a.txt", "etag:11111111111111111111111111111111"),
                        tuple("globex/b.txt", "3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY"));
    }

    @Test
    void should_read_a_removal_without_version_id_by_its_sequencer() {
        // given
        String body = TestEvents.read("s3-object-removed.json");

        // when
        S3ObjectEvent event = parser.parse(body).events().get(0);

        // then
        assertThat(event.kind()).isEqualTo(Kind.REMOVED);
        assertThat(event.key()).isEqualTo("acme/guides/kettle.txt");
        assertThat(event.version()).isEqualTo("removed:0055AED6DCD90281F0");
    }

    @Test
    void should_recognise_the_test_event_s3_sends_when_notifications_are_configured() {
        // given
        String body = TestEvents.read("s3-test-event.json");

        // when
        S3Notification notification = parser.parse(body);

        // then
        assertThat(notification.testEvent()).isTrue();
        assertThat(notification.events()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "ObjectCreated:Put",
                "ObjectCreated:Post",
                "ObjectCreated:Copy",
                "ObjectCreated:CompleteMultipartUpload"
            })
    void should_index_when_an_object_is_created(String eventName) {
        assertThat(S3EventParser.kindOf(eventName)).isEqualTo(Kind.CREATED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ObjectRemoved:Delete", "LifecycleExpiration:Delete", "s3:ObjectRemoved:Delete"})
    void should_reconcile_with_the_bucket_when_a_version_is_deleted_for_good(String eventName) {
        assertThat(S3EventParser.kindOf(eventName)).isEqualTo(Kind.REMOVED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ObjectRemoved:DeleteMarkerCreated", "LifecycleExpiration:DeleteMarkerCreated"})
    void should_remove_the_document_when_a_delete_marker_becomes_current(String eventName) {
        assertThat(S3EventParser.kindOf(eventName)).isEqualTo(Kind.DELETE_MARKER);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ObjectTagging:Put", "ObjectRestore:Completed", "ObjectAcl:Put"})
    void should_ignore_events_that_do_not_change_content(String eventName) {
        assertThat(S3EventParser.kindOf(eventName)).isEqualTo(Kind.OTHER);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "not json",
                "[1, 2]",
                "{\"Records\": []}",
                "{\"hello\": \"world\"}",
                "{\"Records\": [{\"eventSource\": \"aws:sqs\"}]}",
                "{\"Records\": [{\"eventSource\": \"aws:s3\", \"eventName\": \"ObjectCreated:Put\","
                        + " \"s3\": {\"bucket\": {\"name\": \"b\"}, \"object\": {\"size\": 1}}}]}",
                "{\"Records\": [{\"eventSource\": \"aws:s3\", \"eventName\": \"ObjectCreated:Put\","
                        + " \"s3\": {\"bucket\": {\"name\": \"b\"}, \"object\": {\"key\": \"a.txt\"}}}]}",
                "{\"Records\": [{\"eventSource\": \"aws:s3\", \"eventName\": \"ObjectCreated:Put\","
                        + " \"s3\": {\"bucket\": {\"name\": \"b\"}, \"object\": {\"key\": \"100%\", \"eTag\": \"e\"}}}]}"
            })
    void should_reject_as_permanent_invalid_request_when_the_body_is_not_an_s3_notification(String body) {
        assertThatThrownBy(() -> parser.parse(body))
                .isInstanceOfSatisfying(
                        QuarryException.Permanent.class,
                        e -> assertThat(e.reason()).isEqualTo(QuarryException.Reason.INVALID_REQUEST));
    }
}
