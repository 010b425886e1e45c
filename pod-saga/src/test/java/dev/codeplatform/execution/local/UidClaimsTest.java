package dev.codeplatform.execution.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UidClaimsTest {

    @TempDir
    Path directory;

    @Test
    void a_uid_claimed_by_one_backend_is_refused_to_another_until_released() throws Exception {
        UidClaims first = new UidClaims(directory);
        UidClaims second = new UidClaims(directory);
        assertThat(first.claim(1_100_000)).isTrue();
        assertThat(first.claim(1_100_000)).as("claiming again what it holds").isTrue();
        assertThat(second.claim(1_100_000)).isFalse();
        assertThat(second.claim(1_100_001)).isTrue();
        first.release(1_100_000);
        assertThat(second.claim(1_100_000)).isTrue();
    }

    /** Teardowns release uids while starts claim others, on many threads of one JVM and two backends at once. */
    @Test
    void claims_and_releases_from_many_threads_of_one_jvm_each_succeed_once() throws Exception {
        List<UidClaims> backends = List.of(new UidClaims(directory), new UidClaims(directory));
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Boolean>> work = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                int uid = 1_100_000 + i % 20;
                UidClaims backend = backends.get(i % 2);
                work.add(() -> {
                    boolean claimed = backend.claim(uid);
                    if (claimed) {
                        backend.release(uid);
                    }
                    return claimed;
                });
            }
            int claims = 0;
            for (Future<Boolean> outcome : threads.invokeAll(work)) {
                claims += outcome.get() ? 1 : 0; // get() rethrows what a claim or release threw
            }
            assertThat(claims).isPositive();
            assertThat(backends.get(0).claim(1_100_000)).as("every claim was released").isTrue();
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void releasing_a_uid_held_by_another_backend_leaves_its_claim() throws Exception {
        UidClaims first = new UidClaims(directory);
        UidClaims second = new UidClaims(directory);
        assertThat(first.claim(1_100_000)).isTrue();
        second.release(1_100_000);
        assertThat(second.claim(1_100_000)).isFalse();
    }

    @Test
    void the_claim_of_a_process_that_is_gone_is_taken_over() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        String start = gone.info().startInstant().map(Object::toString).orElse("?");
        Files.writeString(directory.resolve("1100000"), gone.pid() + " " + start + " some-backend");
        assertThat(new UidClaims(directory).claim(1_100_000)).isTrue();
    }

    @Test
    void a_claim_this_class_did_not_write_is_taken_over() throws Exception {
        Files.writeString(directory.resolve("1100000"), "garbage");
        assertThat(new UidClaims(directory).claim(1_100_000)).isTrue();
    }

    @Test
    void an_adopted_leftover_keeps_its_uid_whoever_held_it() throws Exception {
        UidClaims first = new UidClaims(directory);
        UidClaims adopter = new UidClaims(directory);
        assertThat(first.claim(1_100_000)).isTrue();
        adopter.takeOver(1_100_000);
        assertThat(first.claim(1_100_000)).isFalse();
    }
}
