package dev.quarry.tools.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * A closed-loop load test of {@code POST /v1/query}: {@code clients} simulated users, each sending its next
 * request as soon as the previous one answered, for a bounded time. The JDK's asynchronous {@link HttpClient}
 * drives them all from a few threads (a thread per user would measure the client, not the server; wrk would
 * need a Lua script for the mix and adds a tool to install). A user refused with 429 waits the {@code
 * Retry-After} the server asked for, as a polite client does.
 *
 * <p>The mix: cache hits (one of a few popular questions, asked verbatim), paraphrases (a popular question
 * reworded: case, punctuation, filler words) and misses (a question nobody asked before).
 */
public final class LoadBench {

    /**
     * @param base the server, e.g. {@code http://127.0.0.1:8080}
     * @param clients simulated users
     * @param duration how long users send requests
     * @param hitShare share of requests that repeat a popular question verbatim
     * @param paraphraseShare share that reword one
     * @param serverPid the server process, for its RSS, if known
     * @param timeout per request; a timeout counts as an error
     * @param seed question mix seed
     */
    public record Settings(
            URI base,
            int clients,
            Duration duration,
            double hitShare,
            double paraphraseShare,
            OptionalLong serverPid,
            Duration timeout,
            long seed) {
        public Settings {
            Objects.requireNonNull(base, "base must not be null");
            if (clients < 1 || duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException("clients must be >= 1 and duration positive");
            }
            if (hitShare < 0 || paraphraseShare < 0 || hitShare + paraphraseShare > 1) {
                throw new IllegalArgumentException("hitShare + paraphraseShare must be within 0..1");
            }
        }
    }

    static final List<String> POPULAR = List.of(
            "how deep is the harbour",
            "what does the report say about energy prices",
            "which river runs through the city",
            "when was the railway station built",
            "what is the warehouse inventory policy",
            "how is the patient treatment study designed",
            "what temperature does the recipe need",
            "which species live on the island coast");

    private static final String[] FILLERS = {"please tell me", "I wonder", "quick question:", "do you know"};

    private final Settings settings;
    private final HttpClient http;
    private final ExecutorService httpThreads;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final List<double[]> latencies = new ArrayList<>();
    private final Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> cacheByKind = new ConcurrentHashMap<>();
    private final AtomicLong peakRssKb = new AtomicLong(-1);
    private final AtomicInteger uniqueQuestions = new AtomicInteger();
    private final java.util.concurrent.atomic.AtomicReference<String> sample429 =
            new java.util.concurrent.atomic.AtomicReference<>();
    private final List<String> errorSamples = java.util.Collections.synchronizedList(new ArrayList<>());

    public LoadBench(Settings settings) {
        this.settings = Objects.requireNonNull(settings, "settings must not be null");
        this.httpThreads = Executors.newFixedThreadPool(4);
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .executor(httpThreads)
                .build();
    }

    public BenchReport run() throws InterruptedException {
        long deadline = System.nanoTime() + settings.duration().toNanos();
        if (settings.serverPid().isPresent()) {
            timer.scheduleAtFixedRate(this::sampleRss, 0, 200, TimeUnit.MILLISECONDS);
        }
        CountDownLatch done = new CountDownLatch(settings.clients());
        long start = System.nanoTime();
        for (int c = 0; c < settings.clients(); c++) {
            Client client = new Client(c, new Random(settings.seed() * 7_919 + c), deadline, done);
            client.next();
        }
        boolean finished = done.await(
                settings.duration().plus(settings.timeout()).plusSeconds(30).toMillis(), TimeUnit.MILLISECONDS);
        double wallSeconds = (System.nanoTime() - start) / 1e9;
        timer.shutdownNow();
        httpThreads.shutdownNow();
        if (settings.serverPid().isPresent()) {
            sampleRss();
        }
        return report(wallSeconds, finished);
    }

    /** PUTs synthetic documents (indexed before the call returns). */
    public static void seedDocuments(URI base, int documents) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        SyntheticCorpus corpus = new SyntheticCorpus(42);
        for (int d = 0; d < documents; d++) {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(base.resolve("/v1/documents/load/doc-" + d + ".txt"))
                            .PUT(HttpRequest.BodyPublishers.ofString(corpus.text(d)))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(
                        "loading document " + d + " failed: " + response.statusCode() + " " + response.body());
            }
        }
    }

    private BenchReport report(double wallSeconds, boolean finished) {
        double[] all;
        synchronized (latencies) {
            all = latencies.stream().flatMapToDouble(java.util.Arrays::stream).toArray();
        }
        long ok = count("200");
        long refused = count("429");
        long errors = outcomes.entrySet().stream()
                .filter(e -> !e.getKey().equals("200") && !e.getKey().equals("429"))
                .mapToLong(e -> e.getValue().sum())
                .sum();
        if (!finished) {
            errors += 1;
            errorSamples.add("some clients did not finish within the duration plus timeout");
        }
        BenchReport report = new BenchReport(
                        "load",
                        List.of(
                                "clients",
                                "seconds",
                                "requests",
                                "ok/s",
                                "429",
                                "errors",
                                "p50 ms",
                                "p95 ms",
                                "p99 ms",
                                "max ms",
                                "server peak RSS MB"))
                .setting("server", settings.base())
                .setting(
                        "mix",
                        String.format(
                                "%.0f%% popular verbatim, %.0f%% paraphrased, %.0f%% new",
                                settings.hitShare() * 100,
                                settings.paraphraseShare() * 100,
                                (1 - settings.hitShare() - settings.paraphraseShare()) * 100))
                .setting("client", "JDK HttpClient async, HTTP/1.1, closed loop, honours Retry-After");
        Percentiles p = all.length == 0 ? new Percentiles(0, 0, 0, 0, 0, 0) : Percentiles.ofMillis(all);
        long peakRss = peakRssKb.get() < 0 ? -1 : peakRssKb.get() / 1024;
        report.row(
                settings.clients(),
                Percentiles.round(wallSeconds),
                all.length,
                ok / wallSeconds,
                refused,
                errors,
                p.p50(),
                p.p95(),
                p.p99(),
                p.max(),
                peakRss);
        report.result("requests", all.length);
        report.result("ok", ok);
        report.result("refused_429", refused);
        report.result("errors", errors);
        report.result("ok_per_second", Percentiles.round(ok / wallSeconds));
        report.result("latency", p.toMap());
        report.result("server_peak_rss_mb", peakRss);
        Map<String, Long> outcomeCounts = new LinkedHashMap<>();
        outcomes.forEach((k, v) -> outcomeCounts.put(k, v.sum()));
        report.result("outcomes", outcomeCounts);
        Map<String, Long> cache = new LinkedHashMap<>();
        cacheByKind.forEach((k, v) -> cache.put(k, v.sum()));
        report.result("cache_by_kind", cache);
        if (sample429.get() != null) {
            report.result("sample_429", sample429.get());
        }
        report.result("error_samples", errorSamples.stream().limit(5).toList());
        report.note("latency counts every answered request, 429s included (they are answered at once)");
        cache.forEach((k, v) -> report.note("cache " + k + ": " + v));
        errorSamples.stream().limit(5).forEach(e -> report.note("error: " + e));
        return report;
    }

    private long count(String outcome) {
        LongAdder adder = outcomes.get(outcome);
        return adder == null ? 0 : adder.sum();
    }

    private void sampleRss() {
        long pid = settings.serverPid().getAsLong();
        long rss = Math.max(Machine.rssMb(pid), Machine.peakRssMb(pid));
        if (rss >= 0) {
            peakRssKb.accumulateAndGet(rss * 1024, Math::max);
        }
    }

    /** One simulated user. */
    private final class Client {
        private final Random random;
        private final long deadline;
        private final CountDownLatch done;
        private double[] samples = new double[256];
        private int size;

        Client(int id, Random random, long deadline, CountDownLatch done) {
            this.random = random;
            this.deadline = deadline;
            this.done = done;
        }

        void next() {
            if (System.nanoTime() >= deadline) {
                synchronized (latencies) {
                    latencies.add(java.util.Arrays.copyOf(samples, size));
                }
                done.countDown();
                return;
            }
            double pick = random.nextDouble();
            String kind = pick < settings.hitShare()
                    ? "verbatim"
                    : pick < settings.hitShare() + settings.paraphraseShare() ? "paraphrase" : "new";
            String question = question(kind);
            HttpRequest request = HttpRequest.newBuilder(settings.base().resolve("/v1/query"))
                    .timeout(settings.timeout())
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"query\": \"" + question + "\", \"answer\": false}"))
                    .build();
            long start = System.nanoTime();
            http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, failure) -> {
                double millis = (System.nanoTime() - start) / 1e6;
                record(millis);
                long delayMs = 0;
                if (failure != null) {
                    outcome(failure.getClass().getSimpleName());
                    errorSamples.add(failure.toString());
                    delayMs = 100; // do not spin on a refused connection
                } else {
                    outcome(Integer.toString(response.statusCode()));
                    if (response.statusCode() == 429) {
                        sample429.compareAndSet(
                                null,
                                response.headers().firstValue("Content-Type").orElse("") + " Retry-After="
                                        + response.headers()
                                                .firstValue("Retry-After")
                                                .orElse("(none)"));
                        delayMs = 1_000L
                                * response.headers()
                                        .firstValueAsLong("Retry-After")
                                        .orElse(1);
                    } else if (response.statusCode() == 200) {
                        String body = response.body();
                        String cache = body.contains("\"cache\":\"hit\"") ? "hit" : "miss";
                        cacheByKind
                                .computeIfAbsent(kind + " " + cache, k -> new LongAdder())
                                .increment();
                    } else {
                        errorSamples.add(response.statusCode() + " " + response.body());
                    }
                }
                long remainingMs = (deadline - System.nanoTime()) / 1_000_000;
                if (delayMs > 0 && remainingMs > 0) {
                    timer.schedule(this::next, Math.min(delayMs, remainingMs), TimeUnit.MILLISECONDS);
                } else {
                    next();
                }
            });
        }

        private String question(String kind) {
            String popular = POPULAR.get(random.nextInt(POPULAR.size()));
            return switch (kind) {
                case "verbatim" -> popular;
                case "paraphrase" ->
                    switch (random.nextInt(3)) {
                        case 0 -> popular.toUpperCase() + "?";
                        case 1 -> FILLERS[random.nextInt(FILLERS.length)] + " " + popular;
                        default -> popular.replace("the ", "a ") + "!";
                    };
                default -> popular + " number " + uniqueQuestions.incrementAndGet();
            };
        }

        private void record(double millis) {
            if (size == samples.length) {
                samples = java.util.Arrays.copyOf(samples, size * 2);
            }
            samples[size++] = millis;
        }

        private void outcome(String name) {
            outcomes.computeIfAbsent(name, k -> new LongAdder()).increment();
        }
    }
}
