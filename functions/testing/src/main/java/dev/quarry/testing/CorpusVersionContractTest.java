package dev.quarry.testing;

import dev.quarry.core.QuarryException;
import dev.quarry.core.port.CorpusVersion;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The behaviour every {@link CorpusVersion} adapter must show (in memory for the embedded default, Redis in
 * production): versions start at 0, a bump returns a greater version that reads then return, no bump is lost
 * under concurrency, tenants are independent, and a tenant name outside the documented form is refused. Tenants
 * are unique per test, so subclasses may share one server.
 */
public abstract class CorpusVersionContractTest {

    private CorpusVersion versions;
    private String tenantA;
    private String tenantB;

    /** The adapter under test; one that is {@link AutoCloseable} is closed after the test. */
    protected abstract CorpusVersion createVersions();

    @BeforeEach
    void createVersionsForThisTest() {
        String namespace = Namespaces.fresh();
        tenantA = namespace + "a";
        tenantB = namespace + "b";
        versions = createVersions();
    }

    @AfterEach
    void closeVersions() throws Exception {
        if (versions instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    @Test
    void should_be_at_version_zero_when_the_tenant_never_changed() {
        // when / then
        assertThat(versions.current(tenantA)).isZero();
    }

    @Test
    void should_return_a_greater_version_when_bumped_and_read_it_back_after() {
        // given
        long before = versions.current(tenantA);

        // when
        long first = versions.bump(tenantA);
        long second = versions.bump(tenantA);

        // then
        assertThat(first).isGreaterThan(before);
        assertThat(second).isGreaterThan(first);
        assertThat(versions.current(tenantA)).isEqualTo(second);
        assertThat(versions.current(tenantA)).as("reading changes nothing").isEqualTo(second);
    }

    @Test
    void should_never_move_another_tenants_version_when_one_tenant_is_bumped() {
        // given
        versions.bump(tenantB);
        long other = versions.current(tenantB);

        // when
        versions.bump(tenantA);
        versions.bump(tenantA + "x");

        // then
        assertThat(versions.current(tenantB)).isEqualTo(other);
        assertThat(versions.current(tenantA.substring(0, tenantA.length() - 1)))
                .as("a tenant whose name is a prefix of the bumped one")
                .isZero();
    }

    @Test
    void should_lose_no_bump_when_bumps_run_concurrently() throws Exception {
        // given
        int threads = 4;
        int bumpsEach = 25;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Callable<List<Long>>> work = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            work.add(() -> {
                List<Long> seen = new ArrayList<>();
                for (int i = 0; i < bumpsEach; i++) {
                    seen.add(versions.bump(tenantA));
                }
                return seen;
            });
        }

        // when
        Set<Long> returned = new HashSet<>();
        try {
            for (Future<List<Long>> done : pool.invokeAll(work)) {
                returned.addAll(done.get(30, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }

        // then
        assertThat(returned).as("every bump returned its own version").hasSize(threads * bumpsEach);
        assertThat(versions.current(tenantA)).isEqualTo((long) threads * bumpsEach);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Acme", "acme ", "acme/b", "../acme", "acme\u0000", "-acme"})
    void should_refuse_a_tenant_name_outside_the_documented_form_when_read_or_bumped(String tenant) {
        // when / then
        assertInvalidTenant(() -> versions.current(tenant));
        assertInvalidTenant(() -> versions.bump(tenant));
        assertInvalidTenant(() -> versions.current(null));
    }

    private static void assertInvalidTenant(ThrowingCallable call) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(
                        QuarryException.Permanent.class,
                        e -> assertThat(e.reason()).isEqualTo(QuarryException.Reason.INVALID_TENANT));
    }
}
