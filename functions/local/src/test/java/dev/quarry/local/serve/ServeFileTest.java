package dev.quarry.local.serve;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

/** The note a running server leaves for {@code quarry ask}, and when a reader must not trust it. */
class ServeFileTest {

    @TempDir
    Path dir;

    @Test
    void should_read_back_what_was_written_readable_by_the_owner_only() throws Exception {
        // given
        ServeFile note = ServeFile.forThisProcess("127.0.0.1", 8123, false);

        // when
        note.write(dir);

        // then
        assertThat(ServeFile.read(dir)).contains(note);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(ServeFile.NAME))))
                .isEqualTo("rw-------");
        assertThat(note.usable()).isTrue();
        assertThat(note.token()).hasSize(48);
    }

    @Test
    void should_not_be_usable_when_its_process_has_ended() throws Exception {
        // given: a process that has ended
        Process ended = new ProcessBuilder("true").start();
        ended.waitFor();
        ServeFile note = new ServeFile(
                "127.0.0.1",
                8123,
                ended.pid(),
                ended.info().startInstant().map(i -> i.toEpochMilli()).orElse(0L),
                "t",
                ServeFile.currentBuild(),
                ServeConfig.fingerprint(),
                false);

        // then
        assertThat(note.alive()).isFalse();
        assertThat(note.usable()).isFalse();
    }

    @Test
    void should_not_be_usable_when_the_pid_was_reused_by_another_process() {
        // given: this process's pid with another start time
        ServeFile mine = ServeFile.forThisProcess("127.0.0.1", 8123, false);
        ServeFile reused = new ServeFile(
                mine.host(),
                mine.port(),
                mine.pid(),
                mine.startedMillis() - 60_000,
                mine.token(),
                mine.build(),
                mine.config(),
                false);

        // then
        assertThat(reused.usable()).isFalse();
    }

    @Test
    void should_not_be_usable_when_written_by_another_build() {
        // given
        ServeFile mine = ServeFile.forThisProcess("127.0.0.1", 8123, false);
        ServeFile older = new ServeFile(
                mine.host(),
                mine.port(),
                mine.pid(),
                mine.startedMillis(),
                mine.token(),
                "/old/quarkus-run.jar:1:2",
                mine.config(),
                false);

        // then
        assertThat(older.alive()).isTrue();
        assertThat(older.usable()).isFalse();
    }

    @Test
    void should_read_nothing_when_the_note_is_missing_or_garbled() throws Exception {
        assertThat(ServeFile.read(dir)).isEmpty();

        // given
        Files.writeString(dir.resolve(ServeFile.NAME), "port=eighty\npid=1\n");

        // then
        assertThat(ServeFile.read(dir)).isEmpty();
    }

    @Test
    void should_leave_a_newer_servers_note_when_an_older_server_stops() throws Exception {
        // given
        ServeFile older = ServeFile.forThisProcess("127.0.0.1", 8123, false);
        older.write(dir);
        ServeFile newer = ServeFile.forThisProcess("127.0.0.1", 8124, false);
        newer.write(dir);

        // when
        older.remove(dir);

        // then
        assertThat(ServeFile.read(dir)).contains(newer);

        // when
        newer.remove(dir);

        // then
        assertThat(ServeFile.read(dir)).isEmpty();
    }

    @Test
    void should_ask_in_process_when_the_note_is_stale() throws Exception {
        // given: a note of an ended process
        Process ended = new ProcessBuilder("true").start();
        ended.waitFor();
        new ServeFile(
                        "127.0.0.1",
                        8123,
                        ended.pid(),
                        1L,
                        "t",
                        ServeFile.currentBuild(),
                        ServeConfig.fingerprint(),
                        false)
                .write(dir);
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        // when
        var exit = ServeClient.ask(dir, new String[] {"ask", "x"}, new PrintStream(printed), new PrintStream(printed));

        // then
        assertThat(exit).isEmpty();
        assertThat(printed.size()).isZero();
    }

    @Test
    void should_connect_to_loopback_when_the_server_listens_on_every_interface() {
        assertThat(new ServeFile("0.0.0.0", 8123, 1, 1, "t", "b", "c", false).connectHost())
                .isEqualTo("127.0.0.1");
        assertThat(new ServeFile("127.0.0.1", 8123, 1, 1, "t", "b", "c", false).connectHost())
                .isEqualTo("127.0.0.1");
    }

    @Test
    void should_split_the_framed_answer_into_output_and_errors() {
        // given
        byte[] framed = LocalAskPaths.frame("out\n".getBytes(), "err\n".getBytes());

        // when
        byte[][] streams = LocalAskPaths.split(framed).orElseThrow();

        // then
        assertThat(new String(streams[0])).isEqualTo("out\n");
        assertThat(new String(streams[1])).isEqualTo("err\n");
        assertThat(LocalAskPaths.split("garbage".getBytes())).isEmpty();
        assertThat(LocalAskPaths.split("99\nshort".getBytes())).isEmpty();
    }

    @Test
    void should_let_only_one_live_server_claim_the_note() throws Exception {
        // given
        ServeFile first = ServeFile.forThisProcess("127.0.0.1", 0, true);
        ServeFile second = ServeFile.forThisProcess("127.0.0.1", 0, true);

        // when / then
        assertThat(first.claim(dir)).isTrue();
        assertThat(second.claim(dir)).isFalse();
        assertThat(ServeFile.read(dir)).contains(first);
        assertThat(first.usable()).as("not listening yet").isFalse();
    }

    @Test
    void should_claim_the_note_when_the_noted_server_has_ended() throws Exception {
        // given
        Process ended = new ProcessBuilder("true").start();
        ended.waitFor();
        new ServeFile("127.0.0.1", 8123, ended.pid(), 1L, "t", "b", "c", true).write(dir);
        ServeFile mine = ServeFile.forThisProcess("127.0.0.1", 0, true);

        // when / then
        assertThat(mine.claim(dir)).isTrue();
        assertThat(ServeFile.read(dir)).contains(mine);
    }

    @Test
    void should_not_match_a_server_started_with_other_settings() {
        // given
        ServeFile mine = ServeFile.forThisProcess("127.0.0.1", 8123, false);
        ServeFile other = new ServeFile(
                mine.host(), mine.port(), mine.pid(), mine.startedMillis(), mine.token(), mine.build(), "other", false);

        // then
        assertThat(mine.matches()).isTrue();
        assertThat(other.matches()).isFalse();
        assertThat(other.usable()).isFalse();
    }

    @Test
    void should_stop_a_background_server_and_remove_its_note() throws Exception {
        // given: a live process noted as ask's background server
        Process server = new ProcessBuilder("sleep", "60").start();
        noteFor(server, true).write(dir);

        // when
        boolean stopped = Daemon.stop(dir);

        // then
        assertThat(stopped).isTrue();
        assertThat(server.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(ServeFile.read(dir)).isEmpty();
    }

    @Test
    void should_leave_a_server_started_by_hand_running() throws Exception {
        // given
        Process server = new ProcessBuilder("sleep", "60").start();
        try {
            noteFor(server, false).write(dir);

            // when
            boolean stopped = Daemon.stop(dir);

            // then
            assertThat(stopped).isFalse();
            assertThat(server.isAlive()).isTrue();
            assertThat(ServeFile.read(dir)).isPresent();
        } finally {
            server.destroyForcibly();
        }
    }

    @Test
    void should_stop_a_background_server_of_other_settings_and_ask_in_process() throws Exception {
        // given: a background server started with other settings
        Process server = new ProcessBuilder("sleep", "60").start();
        ServeFile note = noteFor(server, true);
        new ServeFile(note.host(), 8123, note.pid(), note.startedMillis(), note.token(), note.build(), "other", true)
                .write(dir);
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        // when
        var exit = ServeClient.ask(dir, new String[] {"ask", "x"}, new PrintStream(printed), new PrintStream(printed));

        // then
        assertThat(exit).isEmpty();
        assertThat(server.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(ServeFile.read(dir)).isEmpty();
    }

    private static ServeFile noteFor(Process process, boolean daemon) {
        long started = process.info().startInstant().map(i -> i.toEpochMilli()).orElse(-1L);
        return new ServeFile(
                "127.0.0.1",
                8123,
                process.pid(),
                started,
                "t",
                ServeFile.currentBuild(),
                ServeConfig.fingerprint(),
                daemon);
    }
}
