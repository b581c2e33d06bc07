package dev.quarry.aws;

/** Reads the {@code SecretString} of a secret; closing releases the underlying client. */
interface SecretReader extends AutoCloseable {

    /**
     * The secret's string value.
     *
     * @throws IllegalStateException naming the ARN (never the value) when the secret cannot be read
     */
    String read(String arn);

    @Override
    void close();
}
