package dev.quarry.cache;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LshTest {

    private static final int DIM = 384;

    @Test
    void should_hash_alike_in_every_process_that_shares_the_seed() {
        float[] v = RedisAnswerCacheTest.randomUnit(1);

        assertThat(new Lsh(DIM, 12, 10, 3, 42).signatures(v))
                .containsExactly(new Lsh(DIM, 12, 10, 3, 42).signatures(v));
        assertThat(new Lsh(DIM, 12, 10, 3, 43).signatures(v)).isNotEqualTo(new Lsh(DIM, 12, 10, 3, 42).signatures(v));
    }

    @Test
    void should_put_near_vectors_in_a_shared_probed_bucket_far_more_often_than_unrelated_ones() {
        Lsh lsh = new Lsh(DIM, 12, 10, 3, 7);
        int nearFound = 0;
        int farFound = 0;
        int trials = 200;
        for (int i = 0; i < trials; i++) {
            float[] stored = RedisAnswerCacheTest.randomUnit(1000 + i);
            float[] near = RedisAnswerCacheTest.near(stored, 0.90, 5000 + i);
            float[] far = RedisAnswerCacheTest.randomUnit(9000 + i);
            nearFound += found(lsh, stored, near) ? 1 : 0;
            farFound += found(lsh, stored, far) ? 1 : 0;
        }

        // Per bit, vectors at cosine 0.90 agree with probability 1 - acos(0.9)/pi = 0.857; with 12 tables of
        // 10 bits and 3 probes per table nearly all are found. An unrelated vector lands in one of the 4
        // probed buckets of 1024 per table: 1 - (1 - 4/1024)^12 = 4.6% of them become candidates.
        assertThat(nearFound).isGreaterThan(trials * 9 / 10);
        assertThat(farFound).isLessThan(trials / 10);
    }

    @Test
    void should_probe_the_own_bucket_first_then_one_bit_flips() {
        Lsh lsh = new Lsh(DIM, 4, 10, 3, 7);
        float[] v = RedisAnswerCacheTest.randomUnit(3);
        int[] own = lsh.signatures(v);
        List<int[]> probes = lsh.probeSignatures(v);

        assertThat(probes).hasSize(4);
        for (int t = 0; t < 4; t++) {
            assertThat(probes.get(t)).hasSize(4);
            assertThat(probes.get(t)[0]).isEqualTo(own[t]);
            for (int p = 1; p < 4; p++) {
                assertThat(Integer.bitCount(probes.get(t)[p] ^ own[t])).isEqualTo(1);
            }
        }
    }

    @Test
    void should_say_which_dimension_it_expects() {
        Lsh lsh = new Lsh(DIM, 2, 4, 1, 7);

        assertThatThrownBy(() -> lsh.signatures(new float[10]))
                .hasMessageContaining("10")
                .hasMessageContaining("384");
    }

    private static boolean found(Lsh lsh, float[] stored, float[] query) {
        int[] buckets = lsh.signatures(stored);
        List<int[]> probes = lsh.probeSignatures(query);
        for (int t = 0; t < buckets.length; t++) {
            for (int signature : probes.get(t)) {
                if (signature == buckets[t]) {
                    return true;
                }
            }
        }
        return false;
    }
}
