package dev.quarry.local.serve;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * The wire contract between {@link ServeClient} and the server's {@code LocalAskResource}: the path, the headers,
 * and the answer's framing: the length of standard output in ASCII digits and a newline, standard output,
 * then standard error to the end; the exit status in a header.
 */
public final class LocalAskPaths {

    /** Where {@code quarry serve} runs a forwarded {@code quarry ask}. */
    public static final String ASK = "/v1/local/ask";

    /** The {@link ServeFile#token()} of the server, proving the caller can read its data directory. */
    public static final String TOKEN_HEADER = "X-Quarry-Serve-Token";

    /** The caller's {@link ServeFile#build()}; a server of another build declines (409). */
    public static final String BUILD_HEADER = "X-Quarry-Build";

    /** The command's exit status. */
    public static final String EXIT_HEADER = "X-Quarry-Exit";

    private LocalAskPaths() {}

    /** The bytes of {@code out} and {@code err} in the answer's framing (for the server side). */
    public static byte[] frame(byte[] out, byte[] err) {
        ByteArrayOutputStream framed = new ByteArrayOutputStream(out.length + err.length + 16);
        framed.writeBytes((out.length + "\n").getBytes(StandardCharsets.US_ASCII));
        framed.writeBytes(out);
        framed.writeBytes(err);
        return framed.toByteArray();
    }

    /** Standard output and standard error of a framed answer, or empty when it is not one. */
    static Optional<byte[][]> split(byte[] answer) {
        int newline = -1;
        for (int i = 0; i < Math.min(answer.length, 12); i++) {
            if (answer[i] == '\n') {
                newline = i;
                break;
            }
        }
        if (newline < 1) {
            return Optional.empty();
        }
        int length;
        try {
            length = Integer.parseInt(new String(answer, 0, newline, StandardCharsets.US_ASCII));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        int start = newline + 1;
        if (length < 0 || length > answer.length - start) {
            return Optional.empty();
        }
        return Optional.of(new byte[][] {
            Arrays.copyOfRange(answer, start, start + length), Arrays.copyOfRange(answer, start + length, answer.length)
        });
    }
}
