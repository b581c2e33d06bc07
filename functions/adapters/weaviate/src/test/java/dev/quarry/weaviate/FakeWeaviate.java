package dev.quarry.weaviate;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.weaviate.client6.v1.internal.grpc.protocol.WeaviateGrpc;
import io.weaviate.client6.v1.internal.grpc.protocol.WeaviateProtoAggregate.AggregateReply;
import io.weaviate.client6.v1.internal.grpc.protocol.WeaviateProtoAggregate.AggregateRequest;
import io.weaviate.client6.v1.internal.grpc.protocol.WeaviateProtoBatch.BatchObjectsReply;
import io.weaviate.client6.v1.internal.grpc.protocol.WeaviateProtoBatch.BatchObjectsRequest;
import io.weaviate.client6.v1.internal.grpc.protocol.WeaviateProtoBatchDelete.BatchDeleteReply;
import io.weaviate.client6.v1.internal.grpc.protocol.WeaviateProtoBatchDelete.BatchDeleteRequest;
import io.weaviate.client6.v1.internal.grpc.protocol.WeaviateProtoSearchGet.SearchReply;
import io.weaviate.client6.v1.internal.grpc.protocol.WeaviateProtoSearchGet.SearchRequest;
import io.weaviate.client6.v1.internal.grpc.protocol.WeaviateProtoTenants.TenantsGetReply;
import io.weaviate.client6.v1.internal.grpc.protocol.WeaviateProtoTenants.TenantsGetRequest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An in-process fake of Weaviate's wire protocol as client6 uses it: REST (JDK HttpServer) for schema and
 * tenants, gRPC (the service generated from Weaviate's .proto files, shipped in the client jar) for batches,
 * searches, aggregations and batch deletes. It records every request with its headers and answers either a
 * scripted reply (consumed in order) or a default: it keeps schemas and tenant names, so the adapter's setup
 * works, but it never searches: search replies are always scripted.
 */
final class FakeWeaviate implements AutoCloseable {

    private static final Pattern SCHEMA = Pattern.compile("/v1/schema/([^/]+)");
    private static final Pattern TENANTS = Pattern.compile("/v1/schema/([^/]+)/tenants(?:/([^/?]+))?");

    /** One REST request as received. */
    record RestCall(String method, String path, Map<String, List<String>> headers, String body) {}

    /** One REST reply to script. */
    record RestReply(int status, String body) {}

    final List<RestCall> restCalls = Collections.synchronizedList(new ArrayList<>());
    final List<Object> grpcRequests = Collections.synchronizedList(new ArrayList<>());
    final List<Metadata> grpcHeaders = Collections.synchronizedList(new ArrayList<>());
    final Map<String, String> schemas = Collections.synchronizedMap(new HashMap<>());
    final Map<String, Set<String>> tenants = Collections.synchronizedMap(new HashMap<>());

    private final Map<String, Deque<RestReply>> restScript = new HashMap<>();
    private final Map<Class<?>, Deque<Object>> grpcScript = new HashMap<>();
    private final HttpServer http;
    private final Server grpc;

    FakeWeaviate() {
        try {
            http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            http.createContext("/", this::handleRest);
            http.start();
            grpc = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                    .addService(ServerInterceptors.intercept(new Service(), new HeaderRecorder()))
                    .build()
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    WeaviateSettings settings() {
        return WeaviateSettings.local(http.getAddress().getPort(), grpc.getPort())
                .withBatching(100, 3, java.time.Duration.ofMillis(1));
    }

    /** Makes {@code tenant} exist in {@code collection}, as if it had been created before the test. */
    void addTenant(String collection, String tenant) {
        tenants.computeIfAbsent(collection, c -> new HashSet<>()).add(tenant);
    }

    /** The next REST request whose "METHOD path" starts with {@code prefix} gets {@code reply}. */
    synchronized void scriptRest(String prefix, int status, String body) {
        restScript.computeIfAbsent(prefix, p -> new ArrayDeque<>()).add(new RestReply(status, body));
    }

    /** The next gRPC call returning {@code replyType} answers {@code reply} (a message or a StatusRuntimeException). */
    synchronized void scriptGrpc(Class<?> replyType, Object reply) {
        grpcScript.computeIfAbsent(replyType, t -> new ArrayDeque<>()).add(reply);
    }

    @SuppressWarnings("unchecked")
    <T> List<T> requests(Class<T> type) {
        synchronized (grpcRequests) {
            return grpcRequests.stream()
                    .filter(type::isInstance)
                    .map(r -> (T) r)
                    .toList();
        }
    }

    private synchronized RestReply scripted(String call) {
        for (Map.Entry<String, Deque<RestReply>> entry : restScript.entrySet()) {
            if (call.startsWith(entry.getKey()) && !entry.getValue().isEmpty()) {
                return entry.getValue().poll();
            }
        }
        return null;
    }

    private synchronized Object scriptedGrpc(Class<?> type) {
        Deque<Object> queue = grpcScript.get(type);
        return queue == null ? null : queue.poll();
    }

    private void handleRest(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath().replaceAll("(?<=.)/+$", "");
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        restCalls.add(new RestCall(method, path, Map.copyOf(exchange.getRequestHeaders()), body));
        RestReply reply = scripted(method + " " + path);
        if (reply == null) {
            reply = defaultRest(method, path, body);
        }
        byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        if (method.equals("HEAD") || bytes.length == 0) {
            exchange.sendResponseHeaders(reply.status(), -1);
        } else {
            exchange.sendResponseHeaders(reply.status(), bytes.length);
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }

    private RestReply defaultRest(String method, String path, String body) {
        if (path.startsWith("/v1/.well-known/")) {
            return new RestReply(200, "");
        }
        if (path.equals("/v1/meta")) {
            return new RestReply(200, "{\"hostname\":\"http://[::]:8080\",\"version\":\"1.36.2\",\"modules\":{}}");
        }
        Matcher tenantPath = TENANTS.matcher(path);
        if (tenantPath.matches()) {
            Set<String> known = tenants.computeIfAbsent(tenantPath.group(1), c -> new HashSet<>());
            String tenant = tenantPath.group(2);
            if (method.equals("POST")) {
                for (Matcher name =
                                Pattern.compile("\"name\"\\s*:\\s*\"([^\"]+)\"").matcher(body);
                        name.find(); ) {
                    known.add(name.group(1));
                }
                return new RestReply(200, body);
            }
            if (tenant != null) {
                return known.contains(tenant)
                        ? new RestReply(200, "{\"name\":\"" + tenant + "\",\"activityStatus\":\"ACTIVE\"}")
                        : new RestReply(404, "");
            }
            StringBuilder list = new StringBuilder("[");
            for (String name : known) {
                list.append(list.length() > 1 ? "," : "")
                        .append("{\"name\":\"")
                        .append(name)
                        .append("\",\"activityStatus\":\"ACTIVE\"}");
            }
            return new RestReply(200, list.append(']').toString());
        }
        Matcher schemaPath = SCHEMA.matcher(path);
        if (schemaPath.matches() && method.equals("GET")) {
            String schema = schemas.get(schemaPath.group(1));
            return schema == null ? new RestReply(404, "") : new RestReply(200, schema);
        }
        if (path.equals("/v1/schema") && method.equals("POST")) {
            Matcher name = Pattern.compile("\"class\"\\s*:\\s*\"([^\"]+)\"").matcher(body);
            if (!name.find()) {
                return new RestReply(422, "{\"error\":[{\"message\":\"class name missing\"}]}");
            }
            schemas.put(name.group(1), body);
            return new RestReply(200, body);
        }
        return new RestReply(
                404, "{\"error\":[{\"message\":\"the fake does not serve " + method + " " + path + "\"}]}");
    }

    /** Records the metadata (headers) of every gRPC call. */
    private final class HeaderRecorder implements ServerInterceptor {
        @Override
        public <Q, A> ServerCall.Listener<Q> interceptCall(
                ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
            grpcHeaders.add(headers);
            return next.startCall(call, headers);
        }
    }

    private final class Service extends WeaviateGrpc.WeaviateImplBase {
        @Override
        public void search(SearchRequest request, StreamObserver<SearchReply> reply) {
            answer(request, SearchReply.class, SearchReply.getDefaultInstance(), reply);
        }

        @Override
        public void batchObjects(BatchObjectsRequest request, StreamObserver<BatchObjectsReply> reply) {
            answer(request, BatchObjectsReply.class, BatchObjectsReply.getDefaultInstance(), reply);
        }

        @Override
        public void batchDelete(BatchDeleteRequest request, StreamObserver<BatchDeleteReply> reply) {
            answer(request, BatchDeleteReply.class, BatchDeleteReply.getDefaultInstance(), reply);
        }

        @Override
        public void aggregate(AggregateRequest request, StreamObserver<AggregateReply> reply) {
            answer(request, AggregateReply.class, AggregateReply.getDefaultInstance(), reply);
        }

        @Override
        public void tenantsGet(TenantsGetRequest request, StreamObserver<TenantsGetReply> reply) {
            TenantsGetReply.Builder answer = TenantsGetReply.newBuilder();
            Set<String> known = tenants.getOrDefault(request.getCollection(), Set.of());
            for (String name : request.getNames().getValuesList()) {
                if (known.contains(name)) {
                    answer.addTenants(
                            io.weaviate.client6.v1.internal.grpc.protocol.WeaviateProtoTenants.Tenant.newBuilder()
                                    .setName(name)
                                    .setActivityStatus(
                                            io.weaviate.client6.v1.internal.grpc.protocol.WeaviateProtoTenants
                                                    .TenantActivityStatus.TENANT_ACTIVITY_STATUS_ACTIVE));
                }
            }
            answer(request, TenantsGetReply.class, answer.build(), reply);
        }

        @SuppressWarnings("unchecked")
        private <A> void answer(Object request, Class<A> type, A fallback, StreamObserver<A> observer) {
            grpcRequests.add(request);
            Object scripted = scriptedGrpc(type);
            if (scripted instanceof StatusRuntimeException error) {
                observer.onError(error);
                return;
            }
            observer.onNext(scripted == null ? fallback : (A) scripted);
            observer.onCompleted();
        }
    }

    @Override
    public void close() {
        grpc.shutdownNow();
        http.stop(0);
    }
}
