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

    private final LocalConfig config;
    private volatile ServeFile current;

    @Inject
    public ServeRegistration(LocalConfig config) {
        this.config = Objects.requireNonNull(config, "config must not be null");
    }

    /** Notes this process as the server of the data directory, listening on {@code host:port}. */
    public ServeFile register(String host, int port) throws IOException {
        ServeFile note = ServeFile.forThisProcess(host, port);
        note.write(config.dataDir());
        current = note;
        return note;
    }

    /** Removes this server's note, if it wrote one and it is still there. */
    public void unregister() {
        ServeFile note = current;
        current = null;
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
