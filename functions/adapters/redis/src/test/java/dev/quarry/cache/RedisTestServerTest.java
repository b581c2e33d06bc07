package dev.quarry.cache;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class RedisTestServerTest {

    @Test
    void should_run_the_bundled_redis_server_when_no_redis_server_is_on_the_path(@TempDir Path emptyPath) {
        // given: a PATH with no program on it
        String path = emptyPath.toString();

        // when
        try (RedisTestServer server = RedisTestServer.start(path)) {

            // then: it answers, and what runs is the binary from the embedded-redis jar, found on no PATH
            assertThat(RedisTestServer.ping(server.port())).isTrue();
            assertThat(Path.of(server.executable()).startsWith(emptyPath)).isFalse();
            assertThat(Path.of(server.executable()).getFileName().toString()).startsWith("redis-server-");
            assertThat(server.process().info().command())
                    .hasValueSatisfying(command -> assertThat(command).isEqualTo(server.executable()));
        }
    }

    @Test
    void should_keep_loopback_only_and_no_persistence_when_running_the_bundled_server(@TempDir Path emptyPath)
            throws IOException {
        try (RedisTestServer server = RedisTestServer.start(emptyPath.toString())) {
            // when / then: the server's own configuration
            assertThat(config(server.port(), "bind")).contains("127.0.0.1");
            assertThat(config(server.port(), "appendonly")).contains("no");
            assertThat(config(server.port(), "save")).doesNotContain("3600");
        }
    }

    /** The raw RESP reply to CONFIG GET {@code name}. */
    private static String config(int port, String name) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(2000);
            socket.getOutputStream().write(("CONFIG GET " + name + "\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] buffer = new byte[512];
            int n = socket.getInputStream().read(buffer);
            return new String(buffer, 0, Math.max(0, n), StandardCharsets.US_ASCII);
        }
    }
}
