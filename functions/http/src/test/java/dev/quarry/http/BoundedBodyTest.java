package dev.quarry.http;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BoundedBodyTest {

    @Test
    void should_pass_a_body_of_exactly_the_limit() throws IOException {
        // given
        BoundedBody body = new BoundedBody(new ByteArrayInputStream(new byte[100]), 100, "the body");

        // when
        byte[] read = body.readAllBytes();

        // then
        assertThat(read).hasSize(100);
        assertThat(body.exceeded()).isFalse();
    }

    @Test
    void should_fail_one_byte_past_the_limit_without_reading_the_rest() {
        // given: an endless body, as a chunked upload may be
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                return 'a';
            }
        };
        BoundedBody body = new BoundedBody(endless, 1000, "the upload (quarry.local.max-upload-bytes)");

        // when / then
        assertThatThrownBy(body::readAllBytes).isInstanceOf(IOException.class);
        assertThat(body.exceeded()).isTrue();
        assertThat(body.tooLarge())
                .hasMessageContaining("more than 1000 bytes")
                .hasMessageContaining("quarry.local.max-upload-bytes");
    }
}
