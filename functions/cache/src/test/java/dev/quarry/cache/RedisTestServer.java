package dev.quarry.cache;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A private {@code redis-server} child process on a free loopback port, so tests may kill and restart it
 * without disturbing anyone else's Redis. Needs the redis-server binary (Debian package redis-server).
 */
public final class RedisTestServer implements AutoCloseable {

    private final int port;
    private final Path dir;
    private Process process;

    private RedisTestServer(int port, Path dir) {
        this.port = port;
        this.dir = dir;
    }

    public static RedisTestServer start() {
        try {
            RedisTestServer server = new RedisTestServer(freePort(), Files.createTempDirectory("quarry-redis"));
            server.restart();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start redis-server (install the redis-server package)", e);
        }
    }

    public int port() {
        return port;
    }

    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    /** Starts (again) on the same port, with an empty dataset. */
    public void restart() {
        try {
            process = new ProcessBuilder(List.of(
                            "redis-server",
                            "--port",
                            Integer.toString(port),
                            "--bind",
                            "127.0.0.1",
                            "--save",
                            "",
                            "--appendonly",
                            "no",
                            "--dir",
                            dir.toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("redis.log").toFile())
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start redis-server (install the redis-server package)", e);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (ping(port)) {
                return;
            }
            if (!process.isAlive()) {
                break;
            }
            sleep(50);
        }
        throw new IllegalStateException(
                "redis-server did not answer PING on port " + port + ", see " + dir.resolve("redis.log"));
    }

    /** Kills the server (SIGKILL) and waits until it is gone. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            kill();
        }
    }

    static boolean ping(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            socket.setSoTimeout(500);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[16];
            int n = in.read(buffer);
            return n > 0 && new String(buffer, 0, n, StandardCharsets.US_ASCII).startsWith("+PONG");
        } catch (IOException e) {
            return false;
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
