package dev.quarry.layer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code --key=value} arguments; a key may repeat. */
final class Args {

    private Args() {}

    static Map<String, List<String>> parse(String[] args) {
        Map<String, List<String>> parsed = new LinkedHashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("expected --key=value, got '" + arg + "'");
            }
            int eq = arg.indexOf('=');
            parsed.computeIfAbsent(arg.substring(2, eq), k -> new ArrayList<>()).add(arg.substring(eq + 1));
        }
        return parsed;
    }

    static String one(Map<String, List<String>> args, String key, String fallback) {
        List<String> values = args.get(key);
        return values == null || values.isEmpty()
                ? fallback
                : values.get(values.size() - 1).trim();
    }
}
