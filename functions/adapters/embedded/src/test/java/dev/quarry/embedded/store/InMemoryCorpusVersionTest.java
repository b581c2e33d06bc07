package dev.quarry.embedded.store;

import dev.quarry.core.port.CorpusVersion;
import dev.quarry.testing.CorpusVersionContractTest;

/** The corpus-version contract in process memory. Every assertion lives in {@link CorpusVersionContractTest}. */
class InMemoryCorpusVersionTest extends CorpusVersionContractTest {

    @Override
    protected CorpusVersion createVersions() {
        return new InMemoryCorpusVersion();
    }
}
