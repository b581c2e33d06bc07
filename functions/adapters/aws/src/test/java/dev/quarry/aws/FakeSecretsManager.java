package dev.quarry.aws;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Secrets Manager's JSON 1.1 {@code GetSecretValue} on 127.0.0.1, with the requests it received ({@code GET
 * /_fake/requests} answers their number, for tests that only reach it over HTTP). Unknown secrets get
 * {@code ResourceNotFoundException}. Shared with the functions' tests through this module's test-jar.
 */
public final class FakeSecretsManager implements AutoCloseable {

    /** One request as received. */
    public record Request(String target, String contentType, String authorization, String secretId) {}

    private final HttpServer server;
    private final Map<String, String> secrets = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    public FakeSecretsManager() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public void put(String arn, String secretString) {
        secrets.put(arn, secretString);
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange exchange) throws IOException {
        if (exchange.getRequestMethod().equals("GET")
                && exchange.getRequestURI().getPath().equals("/_fake/requests")) {
            respond(exchange, 200, Integer.toString(requests.size()));
            return;
        }
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String secretId = JsonNode.parser()
                .parse(body)
                .field("SecretId")
                .map(JsonNode::asString)
                .orElse(null);
        requests.add(new Request(
                exchange.getRequestHeaders().getFirst("X-Amz-Target"),
                exchange.getRequestHeaders().getFirst("Content-Type"),
                exchange.getRequestHeaders().getFirst("Authorization"),
                secretId));
        String value = secretId == null ? null : secrets.get(secretId);
        if (value == null) {
            respond(
                    exchange,
                    400,
                    "{\"__type\":\"ResourceNotFoundException\",\"Message\":\"Secrets Manager can't find the specified secret.\"}");
            return;
        }
        respond(
                exchange,
                200,
                "{\"ARN\":" + quote(secretId) + ",\"Name\":\"quarry-test\",\"SecretString\":" + quote(value)
                        + ",\"VersionId\":\"v1\",\"VersionStages\":[\"AWSCURRENT\"],\"CreatedDate\":1.7E9}");
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
        exchange.getResponseHeaders().set("x-amzn-RequestId", "test-request");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
