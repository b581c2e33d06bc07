package dev.quarry.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Event JSON kept under {@code src/test/resources/events/}, in the shapes AWS documents. */
final class TestEvents {

    private TestEvents() {}

    static String read(String name) {
        try (InputStream in = TestEvents.class.getResourceAsStream("/events/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test event " + name + " under src/test/resources/events/");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
