package dev.codeplatform.execution.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which cgroup flavour is picked and what is written where, on fake cgroup trees (a real v2 machine is not available
 * here; the kernel side of v1 is covered by LocalSandboxBackendTest).
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class CgroupsTest {

    @Test
    void a_unified_hierarchy_gets_v2_limits_in_its_own_group(@TempDir Path root) throws IOException {
        Files.writeString(root.resolve("cgroup.controllers"), "cpuset cpu io memory hugetlb pids rdma misc\n");
        Files.writeString(root.resolve("cgroup.subtree_control"), "");

        Cgroups cgroups = Cgroups.detect(root, "sandboxes");

        assertThat(cgroups).isInstanceOf(CgroupV2.class);
        assertThat(cgroups.enforced()).containsExactlyInAnyOrder(Cgroups.Controller.values());
        assertThat(cgroups.description()).startsWith("cgroup v2");
        Path env = root.resolve("sandboxes").resolve("env-1");
        Files.createDirectories(env);
        Files.writeString(env.resolve("memory.swap.max"), "max\n"); // the kernel makes the files on mkdir
        Cgroups.Group group = cgroups.create("env-1", SandboxLimits.defaults(), 600L << 20);

        assertThat(Files.readString(env.resolve("memory.max"))).isEqualTo(
                Long.toString(600L << 20));
        assertThat(Files.readString(env.resolve("memory.swap.max"))).isEqualTo("0");
        assertThat(Files.readString(env.resolve("cpu.max"))).isEqualTo("50000 100000");
        assertThat(Files.readString(env.resolve("pids.max"))).isEqualTo("256");
        assertThat(Files.readString(root.resolve("sandboxes/cgroup.subtree_control"))).startsWith("+");
        assertThat(group.procsFiles()).containsExactly(env.resolve("cgroup.procs"));
        assertThat(cgroups.find("env-1")).isPresent();
        assertThat(cgroups.find("env-2")).isEmpty();
    }

    @Test
    void a_unified_hierarchy_without_the_controllers_means_rlimits_only(@TempDir Path root) throws IOException {
        Files.writeString(root.resolve("cgroup.controllers"), "\n"); // hybrid mode: controllers bound to v1

        assertThat(Cgroups.detect(root, "sandboxes").enforced()).isEmpty();
    }

    @Test
    void per_controller_hierarchies_get_v1_limits(@TempDir Path root) throws IOException {
        for (String controller : new String[] {"memory", "cpu", "pids"}) {
            Files.createDirectories(root.resolve(controller));
            Files.writeString(root.resolve(controller).resolve("cgroup.procs"), "");
        }

        Cgroups cgroups = Cgroups.detect(root, "sandboxes");
        assertThat(cgroups).isInstanceOf(CgroupV1.class);
        Cgroups.Group group = cgroups.create("env-1", SandboxLimits.defaults(), 600L << 20);

        assertThat(Files.readString(root.resolve("cpu/sandboxes/env-1/cpu.cfs_quota_us"))).isEqualTo("50000");
        assertThat(Files.readString(root.resolve("cpu/sandboxes/env-1/cpu.cfs_period_us"))).isEqualTo("100000");
        assertThat(Files.readString(root.resolve("pids/sandboxes/env-1/pids.max"))).isEqualTo("256");
        assertThat(Files.readString(root.resolve("memory/sandboxes/env-1/memory.limit_in_bytes")))
                .isEqualTo(Long.toString(600L << 20));
        assertThat(group.procsFiles()).hasSize(3);
    }

    @Test
    void no_hierarchy_at_all_means_rlimits_only(@TempDir Path root) {
        Cgroups cgroups = Cgroups.detect(root.resolve("missing"), "sandboxes");

        assertThat(cgroups.enforced()).isEmpty();
        assertThat(cgroups.description()).startsWith("none");
    }
}
