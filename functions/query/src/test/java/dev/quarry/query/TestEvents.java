package dev.quarry.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import static io.restassured.RestAssured.given;

/**
 * API Gateway HTTP API (payload v2) events built from the AWS example in {@code events/http-api-v2-jwt.json} and
 * sent to the mock Lambda event server as raw events, so the JWT claims reach the function as in AWS.
 */
final class TestEvents {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNode TEMPLATE = read("events/http-api-v2-jwt.json");

    private TestEvents() {}

    /** A Lambda response: status, headers (lower-case names) and body. */
    record LambdaResponse(int status, JsonNode headers, String body) {

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        String header(String name) {
            JsonNode value = headers.get(name.toLowerCase());
            if (value == null) {
                var it = headers.fields();
                while (it.hasNext()) {
                    var e = it.next();
                    if (e.getKey().equalsIgnoreCase(name)) {
                        return e.getValue().asText();
                    }
                }
                return null;
            }
            return value.asText();
        }
    }

    /** {@code POST /v1/query} with a JSON body for {@code tenant} (null: a JWT without the tenant claim). */
    static LambdaResponse query(String tenant, String body) {
        return invoke(tenant, "POST", "/v1/query", "application/json", body);
    }

    static LambdaResponse invoke(String tenant, String method, String path, String contentType, String body) {
        ObjectNode event = TEMPLATE.deepCopy();
        event.put("rawPath", path);
        event.put("routeKey", "$default");
        ObjectNode http = (ObjectNode) event.get("requestContext").get("http");
        http.put("method", method);
        http.put("path", path);
        ObjectNode headers = (ObjectNode) event.get("headers");
        if (contentType == null) {
            headers.remove("content-type");
        } else {
            headers.put("content-type", contentType);
        }
        ObjectNode claims = (ObjectNode)
                event.get("requestContext").get("authorizer").get("jwt").get("claims");
        if (tenant == null) {
            claims.remove("tenant");
        } else {
            claims.put("tenant", tenant);
        }
        if (body == null) {
            event.remove("body");
        } else {
            // API Gateway passes the body's length along, as any HTTP client sends it.
            event.put("body", body);
            headers.put(
                    "content-length", String.valueOf(body.getBytes(java.nio.charset.StandardCharsets.UTF_8).length));
        }
        String raw = given().contentType("application/json")
                .body(event.toString())
                .post("/_lambda_")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        try {
            JsonNode response = JSON.readTree(raw);
            JsonNode responseHeaders = response.has("headers") ? response.get("headers") : JSON.createObjectNode();
            return new LambdaResponse(
                    response.get("statusCode").asInt(),
                    responseHeaders,
                    response.hasNonNull("body") ? response.get("body").asText() : "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode read(String resource) {
        try (InputStream in = TestEvents.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
