package dev.quarry.testing;

import java.util.UUID;

/** Names no other test uses, so suites can share one server (Redis, S3, a queue) side by side. */
public final class Namespaces {

    private Namespaces() {}

    /** A fresh canonical tenant-name prefix: a letter and 12 hex digits. */
    public static String fresh() {
        return "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }
}
