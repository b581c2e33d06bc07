package dev.quarry.cache.verify;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EntryObservationsTest {

    @Test
    void should_leave_the_verifier_alone_when_an_entry_was_never_checked() {
        assertThat(EntryObservations.parse(null).adjust(0.93)).isEqualTo(0.93);
        assertThat(EntryObservations.parse("garbage,1:x").adjust(0.93)).isEqualTo(0.93);
    }

    @Test
    void should_lower_an_entry_after_a_wrong_check_and_raise_it_only_on_consistent_agreement() {
        EntryObservations wrong = EntryObservations.NONE.plus(0.95, false);
        EntryObservations oneRight = EntryObservations.NONE.plus(0.95, true);
        EntryObservations manyRight = EntryObservations.NONE;
        for (int i = 0; i < 20; i++) {
            manyRight = manyRight.plus(0.80, true);
        }

        assertThat(wrong.adjust(0.95)).isLessThan(0.90);
        assertThat(oneRight.adjust(0.95))
                .as("one agreement proves little")
                .isCloseTo(0.95, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(manyRight.adjust(0.85)).as("twenty agreements loosen it").isGreaterThan(0.86);
    }

    @Test
    void should_keep_the_last_checks_in_a_field_that_reads_back_the_same() {
        EntryObservations seen = EntryObservations.NONE;
        for (int i = 0; i < EntryObservations.KEEP + 5; i++) {
            seen = seen.plus(0.9, i % 2 == 0);
        }

        EntryObservations read = EntryObservations.parse(seen.format());

        assertThat(read.checks()).hasSize(EntryObservations.KEEP);
        assertThat(read.format()).isEqualTo(seen.format());
        assertThat(read.offset()).isEqualTo(seen.offset());
    }
}
