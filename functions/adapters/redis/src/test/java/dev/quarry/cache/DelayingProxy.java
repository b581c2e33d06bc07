package dev.quarry.cache;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A TCP proxy to a Redis port that holds every answer back by a settable delay: a slow Redis for tests.
 */
final class DelayingProxy implements AutoCloseable {

    private final ServerSocket server;
    private final int target;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "delaying-proxy");
        t.setDaemon(true);
        return t;
    });
    private volatile long delayMillis;

    DelayingProxy(int target) throws IOException {
        this.target = target;
        this.server = new ServerSocket();
        server.bind(new InetSocketAddress("127.0.0.1", 0));
        threads.submit(this::accept);
    }

    int port() {
        return server.getLocalPort();
    }

    void delay(long millis) {
        delayMillis = millis;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket("127.0.0.1", target);
                threads.submit(() -> pump(client.getInputStream(), upstream.getOutputStream(), false));
                threads.submit(() -> pump(upstream.getInputStream(), client.getOutputStream(), true));
            } catch (IOException e) {
                return;
            }
        }
    }

    private Void pump(InputStream in, OutputStream out, boolean delayed) throws IOException {
        byte[] buffer = new byte[8192];
        try (in;
                out) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (delayed && delayMillis > 0) {
                    try {
                        Thread.sleep(delayMillis);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return null;
                    }
                }
                out.write(buffer, 0, n);
                out.flush();
            }
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        server.close();
        threads.shutdownNow();
    }
}
