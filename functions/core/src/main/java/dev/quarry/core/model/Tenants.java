package dev.quarry.core.model;

import dev.quarry.core.QuarryException;

import java.util.regex.Pattern;

/**
 * The one rule for tenant names, used by every entry point (JWT claim, IAM principal mapping, S3 key segment,
 * local configuration) and checked again where a tenant enters the core ({@link DocumentRef}).
 *
 * <p>A tenant is 1 to {@value #MAX_LENGTH} characters of lower-case ASCII letters, digits, {@code _} and {@code
 * -}, starting with a letter or a digit: the form Weaviate accepts for tenant names, and one with a single
 * spelling per tenant (no case, Unicode normalisation or whitespace variants). Anything else is refused, never
 * repaired: {@code "acme "}, {@code "Acme"} and {@code "acme\u2003"} are not {@code acme}, so trimming or
 * lower-casing could hand one caller another tenant's data.
 */
public final class Tenants {

    /** The longest tenant name accepted. */
    public static final int MAX_LENGTH = 64;

    /** The accepted form, for messages and documentation. */
    public static final String FORM = "[a-z0-9][a-z0-9_-]{0,63}";

    private static final Pattern CANONICAL = Pattern.compile(FORM);

    private Tenants() {}

    /** Whether {@code tenant} is a canonical tenant name. */
    public static boolean isCanonical(String tenant) {
        return tenant != null && CANONICAL.matcher(tenant).matches();
    }

    /**
     * Returns {@code tenant} unchanged when it is canonical.
     *
     * @param source where the name came from, for the message (e.g. "JWT claim 'tenant'", "key segment 0")
     * @throws QuarryException.Permanent with {@code INVALID_TENANT} otherwise; the message shows the value
     *     with control and non-ASCII characters escaped
     */
    public static String canonical(String tenant, String source) {
        if (isCanonical(tenant)) {
            return tenant;
        }
        throw new QuarryException.Permanent(
                QuarryException.Reason.INVALID_TENANT,
                source + " " + (tenant == null ? "is missing" : "'" + escaped(tenant) + "' is not a tenant name")
                        + ": a tenant is 1-" + MAX_LENGTH
                        + " characters of a-z, 0-9, '_' and '-', starting with a letter or digit");
    }

    /** The value with every character outside printable ASCII shown as {@code \\uXXXX}, cut at 100 characters. */
    public static String escaped(String value) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < value.length() && i < 100; i++) {
            char c = value.charAt(i);
            if (c >= 0x20 && c < 0x7f && c != '\\') {
                out.append(c);
            } else {
                out.append(String.format("\\u%04x", (int) c));
            }
        }
        if (value.length() > 100) {
            out.append("… (").append(value.length()).append(" characters)");
        }
        return out.toString();
    }
}
