package dev.quarry.local.serve;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a process's answers depend on besides the build: the settings it was started with ({@code QUARRY_*} and
 * {@code QUARKUS_*} environment variables, {@code -D} options on the java command line) and its working
 * directory (relative paths). A server answers {@code quarry ask} only for a caller with the same fingerprint, so
 * an ask with another answer provider, model, data or tenant setting runs with its own settings, never silently
 * with the server's.
 */
public final class ServeConfig {

    private ServeConfig() {}

    /**
     * The java command's options before {@code -jar}: read from the operating system (cheap: {@code quarry ask}
     * computes this before every forwarded question), else from the JVM's management interface.
     */
    private static List<String> jvmOptions() {
        Optional<String[]> arguments = ProcessHandle.current().info().arguments();
        if (arguments.isPresent()) {
            List<String> all = List.of(arguments.get());
            int jar = all.indexOf("-jar");
            if (jar >= 0) {
                return all.subList(0, jar);
            }
        }
        return ManagementFactory.getRuntimeMXBean().getInputArguments();
    }

    /** A digest of this process's settings (not of the secrets themselves: they are hashed). */
    public static String fingerprint() {
        Map<String, String> settings = new TreeMap<>();
        System.getenv().forEach((name, value) -> {
            if ((name.startsWith("QUARRY_") || name.startsWith("QUARKUS_"))
                    && !name.startsWith(ServeClient.SWITCH)
                    && !name.equals("QUARRY_JAVA")
                    && !name.equals("QUARRY_JAVA_OPTS")) {
                settings.put("env:" + name, value);
            }
        });
        int index = 0;
        for (String argument : jvmOptions()) {
            if (argument.startsWith("-D")) {
                settings.put("jvm:" + index++, argument);
            }
        }
        settings.put("dir", System.getProperty("user.dir", ""));
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            settings.forEach((name, value) -> {
                digest.update(name.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
                digest.update(value.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
            });
            return HexFormat.of().formatHex(digest.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
