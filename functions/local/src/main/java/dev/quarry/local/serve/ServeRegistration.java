package dev.quarry.local.serve;

import dev.quarry.local.LocalConfig;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code quarry serve}'s {@link ServeFile} in the data directory: written once the server listens, removed when it
 * stops (a killed server's note is recognised as stale by its readers). Holds the token that forwarded {@code
 * quarry ask} requests must carry.
 */
@ApplicationScoped
public class ServeRegistration {

    private static final Logger LOG = Logger.getLogger(ServeRegistration.class);

    /** The note {@code serve --daemon} claimed in {@code main}, before Quarkus started; completed by register. */
    private static volatile ServeFile claimed;

    private final LocalConfig config;
    private volatile ServeFile current;
    private volatile long lastUsedNanos = System.nanoTime();

    @Inject
    public ServeRegistration(LocalConfig config) {
        this.config = Objects.requireNonNull(config, "config must not be null");
    }

    /** Records the note a background server claimed before it started ({@link ServeFile#claim}). */
    public static void claimed(ServeFile note) {
        claimed = note;
    }

    /**
     * Notes this process as the server of the data directory, listening on {@code host:port}: completes the note
     * claimed at start (a background server), or writes a new one (a server started by hand).
     */
    public ServeFile register(String host, int port) throws IOException {
        ServeFile early = claimed;
        ServeFile note = early != null ? early.listening(port) : ServeFile.forThisProcess(host, port, false);
        note.write(config.dataDir());
        current = note;
        claimed = null;
        return note;
    }

    /** Whether this is a background server (started by {@code quarry ask}, answering only its token). */
    public boolean daemon() {
        ServeFile note = current;
        return note != null ? note.daemon() : claimed != null;
    }

    /** Records that a question was answered now (the idle limit of a background server starts again). */
    public void touch() {
        lastUsedNanos = System.nanoTime();
    }

    /** How long no question has been answered. */
    public java.time.Duration idle() {
        return java.time.Duration.ofNanos(System.nanoTime() - lastUsedNanos);
    }

    /** Removes this server's note, if it wrote one and it is still there. */
    public void unregister() {
        ServeFile note = current != null ? current : claimed;
        current = null;
        claimed = null;
        if (note != null) {
            note.remove(config.dataDir());
        }
    }

    /** Whether {@code token} is the token of this server's note (false when it has none). */
    public boolean accepts(String token) {
        ServeFile note = current;
        return note != null
                && token != null
                && MessageDigest.isEqual(
                        note.token().getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8));
    }

    /** The note this server wrote, if any. */
    public Optional<ServeFile> current() {
        return Optional.ofNullable(current);
    }

    void stop(@Observes ShutdownEvent event) {
        try {
            unregister();
        } catch (RuntimeException e) {
            LOG.debugf(e, "could not remove %s", ServeFile.NAME);
        }
    }
}
