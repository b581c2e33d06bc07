package dev.quarry.query;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Deque;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * A local stand-in for an OpenAI-compatible chat completions endpoint on 127.0.0.1 (JDK HttpServer). It records
 * every request body and answers from a script: each entry is either {@code 429}, {@code 503} or the content of
 * the next assistant message; an empty script answers {@value #DEFAULT_REPLY}.
 *
 * <p>The test drives it over HTTP (it lives in the test-resource class loader, not the application's):
 * {@code POST /_fake/script} appends one scripted reply, {@code GET /_fake/last} returns the last recorded
 * request body, {@code GET /_fake/count} the number of chat requests, {@code POST /_fake/reset} clears both.
 */
final class FakeOpenAiServer implements AutoCloseable {

    static final String DEFAULT_REPLY = "The context does not contain the answer.";

    private final HttpServer server;
    private final Deque<String> script = new ConcurrentLinkedDeque<>();
    private final Deque<String> requests = new ConcurrentLinkedDeque<>();

    FakeOpenAiServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/chat/completions", this::chat);
        server.createContext("/_fake/script", e -> {
            script.add(read(e));
            send(e, 204, "text/plain", "");
        });
        server.createContext("/_fake/last", e -> send(e, 200, "application/json", String.valueOf(requests.peekLast())));
        server.createContext("/_fake/count", e -> send(e, 200, "text/plain", String.valueOf(requests.size())));
        server.createContext("/_fake/reset", e -> {
            script.clear();
            requests.clear();
            send(e, 204, "text/plain", "");
        });
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void chat(HttpExchange exchange) throws IOException {
        requests.add(read(exchange));
        String next = script.poll();
        if ("429".equals(next)) {
            exchange.getResponseHeaders().add("Retry-After", "1");
            send(
                    exchange,
                    429,
                    "application/json",
                    "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\"}}");
            return;
        }
        if ("503".equals(next)) {
            send(
                    exchange,
                    503,
                    "application/json",
                    "{\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\"}}");
            return;
        }
        String content = next == null ? DEFAULT_REPLY : next;
        send(exchange, 200, "application/json", """
                {"id":"chatcmpl-1","object":"chat.completion","created":1767225600,"model":"fake-model",
                 "choices":[{"index":0,"message":{"role":"assistant","content":%s},"finish_reason":"stop"}],
                 "usage":{"prompt_tokens":10,"completion_tokens":5,"total_tokens":15}}""".formatted(jsonString(content)));
    }

    private static String read(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String jsonString(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                default -> b.append(c);
            }
        }
        return b.append('"').toString();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
