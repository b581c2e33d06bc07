package dev.quarry.models.embed;

import ai.onnxruntime.OrtEnvironment;
import dev.quarry.core.QuarryException;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The process-wide ONNX Runtime environment, created safely.
 *
 * <p>Measured on the build machines (Linux x86-64, onnxruntime 1.29.0): creating the environment needs
 * more than 1.2 MB of native stack. On a thread with the JVM's default 1 MB stack (the {@code main} thread
 * of {@code java}, surefire, Lambda) the process dies with SIGSEGV and no error report; with 1.5 MB it
 * works. The environment is therefore created once on a dedicated thread with a large stack, before any
 * other code touches onnxruntime. Later calls of {@link OrtEnvironment#getEnvironment()} return the same
 * instance from any thread. Every model in the process (embedder, reranker) should call {@link #get()}
 * before creating a session.
 */
public final class OnnxRuntimeEnvironment {

    private static final long INIT_STACK_BYTES = 16L * 1024 * 1024;

    private static volatile OrtEnvironment environment;

    private OnnxRuntimeEnvironment() {}

    /**
     * The shared environment, created on first use on a thread with a 16 MB stack. Also keeps DJL (whose
     * HuggingFace tokenizers every model here uses) from phoning home: unless configured otherwise, it
     * would call a telemetry address and the EC2 metadata service when a tokenizer is created, which
     * costs cold-start time on Lambda and cannot succeed where there is no network.
     */
    public static OrtEnvironment get() {
        setIfAbsent("OPT_OUT_TRACKING", "true");
        setIfAbsent("ai.djl.offline", "true");
        OrtEnvironment env = environment;
        if (env != null) {
            return env;
        }
        synchronized (OnnxRuntimeEnvironment.class) {
            if (environment == null) {
                environment = createOnLargeStack();
            }
            return environment;
        }
    }

    private static void setIfAbsent(String property, String value) {
        if (System.getProperty(property) == null && System.getenv(property) == null) {
            System.setProperty(property, value);
        }
    }

    private static OrtEnvironment createOnLargeStack() {
        AtomicReference<OrtEnvironment> created = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread init = new Thread(
                null,
                () -> {
                    try {
                        created.set(OrtEnvironment.getEnvironment());
                    } catch (Throwable t) { // UnsatisfiedLinkError included: reported to the caller below
                        failure.set(t);
                    }
                },
                "quarry-onnxruntime-init",
                INIT_STACK_BYTES);
        init.start();
        try {
            init.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QuarryException.Transient(
                    QuarryException.Reason.MODEL_FAILED, "interrupted while starting ONNX Runtime", e);
        }
        if (failure.get() != null) {
            throw new QuarryException.Permanent(
                    QuarryException.Reason.MODEL_FAILED,
                    "ONNX Runtime could not start: check that com.microsoft.onnxruntime:onnxruntime is on the"
                            + " classpath and ships a native library for " + System.getProperty("os.name") + "/"
                            + System.getProperty("os.arch"),
                    failure.get());
        }
        return created.get();
    }
}
