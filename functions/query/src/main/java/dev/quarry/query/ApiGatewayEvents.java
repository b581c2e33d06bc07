package dev.quarry.query;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.util.StdConverter;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * How the query Lambda reads API Gateway HTTP API (payload v2) events, which quarkus-amazon-lambda-http turns into
 * a request with the JSON mapper of the application (a copy of the one customised here):
 *
 * <ul>
 *   <li>{@code rawPath} becomes a valid request path ({@link RawPaths}): HTTP APIs deliver it decoded, and a space
 *       or a non-ASCII character in it would otherwise fail the request line before any Quarry code runs (500,
 *       not problem+json);
 *   <li>JWT claims of any JSON type are read as text, as HTTP APIs flatten them ({@code 1767225600}, {@code "[a
 *       b]"}), so a token with a numeric or list claim cannot fail the whole event.
 * </ul>
 */
@Singleton
public class ApiGatewayEvents implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.addMixIn(APIGatewayV2HTTPEvent.class, EventMixin.class);
        mapper.addMixIn(APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT.class, JwtMixin.class);
    }

    abstract static class EventMixin {
        @JsonDeserialize(converter = RequestPath.class)
        abstract void setRawPath(String rawPath);
    }

    abstract static class JwtMixin {
        @JsonDeserialize(using = ClaimsAsText.class)
        abstract void setClaims(Map<String, String> claims);
    }

    static final class RequestPath extends StdConverter<String, String> {
        @Override
        public String convert(String rawPath) {
            return RawPaths.toRequestPath(rawPath);
        }
    }

    /** A JSON object of claims, each value as text: arrays as API Gateway writes them, {@code [a b]}. */
    static final class ClaimsAsText extends JsonDeserializer<Map<String, String>> {
        @Override
        public Map<String, String> deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            JsonNode node = context.readTree(parser);
            if (node == null || !node.isObject()) {
                return null;
            }
            Map<String, String> claims = new LinkedHashMap<>();
            node.fields().forEachRemaining(e -> claims.put(e.getKey(), text(e.getValue())));
            return claims;
        }

        private static String text(JsonNode value) {
            if (value.isNull()) {
                return null;
            }
            if (value.isArray()) {
                StringJoiner joined = new StringJoiner(" ", "[", "]");
                value.forEach(v -> joined.add(v.isValueNode() ? v.asText() : v.toString()));
                return joined.toString();
            }
            return value.isValueNode() ? value.asText() : value.toString();
        }
    }
}
