package dev.quarry.query;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class RawPathsTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "/v1/documents/acme/Quarterly report été.txt | /v1/documents/acme/Quarterly%20report%20%C3%A9t%C3%A9.txt",
                "/v1/documents/acme/a+b 100% #1?.txt | /v1/documents/acme/a+b%20100%25%20%231%3F.txt",
                "/v1/documents/acme/日本語.txt | /v1/documents/acme/%E6%97%A5%E6%9C%AC%E8%AA%9E.txt",
                "/v1/documents/acme/100%.txt | /v1/documents/acme/100%25.txt",
                "/v1/documents/acme/%zz.txt | /v1/documents/acme/%25zz.txt",
            })
    void should_percent_encode_a_raw_path_that_arrives_decoded(String raw, String expected) {
        // when
        String path = RawPaths.toRequestPath(raw);

        // then: a valid URI path that decodes back to the raw path
        assertThat(path).isEqualTo(expected);
        assertThat(URI.create(path).getPath()).isEqualTo(raw);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "/v1/documents/acme/Quarterly%20report%20%C3%A9t%C3%A9.txt",
                "/v1/documents/acme/a+b%20100%25%20%231%3F.txt",
                "/v1/query",
                "/v1/documents/acme/plain-key_1.txt",
            })
    void should_keep_a_raw_path_that_arrives_encoded(String raw) {
        assertThat(RawPaths.toRequestPath(raw)).isEqualTo(raw);
        assertThat(URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8))
                .doesNotContain("%zz");
    }
}
