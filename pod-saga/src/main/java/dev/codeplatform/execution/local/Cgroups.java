package dev.codeplatform.execution.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The cgroup flavour of this machine: v1 (a hierarchy per controller), v2 (unified), or none usable. */
interface Cgroups {

    enum Controller { MEMORY, CPU, PIDS }

    /** For logs: "cgroup v1 at /sys/fs/cgroup (memory, cpu, pids)". */
    String description();

    /** Controllers whose limits the kernel enforces for environments; empty when falling back to rlimits. */
    Set<Controller> enforced();

    /** Creates (or finds) the group of an environment and writes its limits. Idempotent. */
    Group create(String name, SandboxLimits limits, long memoryLimitBytes) throws IOException;

    /** The group of an environment if it exists (leftover after a crash, for instance). */
    Optional<Group> find(String name);

    /** One environment's cgroup, across controllers. */
    interface Group {

        /** The cgroup.procs files a process writes its pid to, to join the group before it runs the sandbox. */
        List<Path> procsFiles();

        /** Pids currently in the group (any controller). */
        Set<Integer> pids();

        /** Kills every process in the group (repeatedly, until empty or the deadline). */
        void killAll(long timeoutMillis);

        /** Removes the group's directories; the group must be empty. */
        void remove() throws IOException;

        /** The limit files as the kernel reports them, for diagnostics and tests: file name -> content. */
        Map<String, String> settings();
    }

    /** The group of an environment when no cgroup is usable: joins nothing, holds nothing. */
    Group EMPTY = new Group() {
        @Override
        public List<Path> procsFiles() {
            return List.of();
        }

        @Override
        public Set<Integer> pids() {
            return Set.of();
        }

        @Override
        public void killAll(long timeoutMillis) {
        }

        @Override
        public void remove() {
        }

        @Override
        public Map<String, String> settings() {
            return Map.of();
        }
    };

    static Cgroups detect(Path root, String parent) {
        if (Files.isRegularFile(root.resolve("cgroup.controllers"))) {
            return CgroupV2.open(root, parent);
        }
        if (Files.isDirectory(root.resolve("memory")) || Files.isDirectory(root.resolve("pids"))
                || Files.isDirectory(root.resolve("cpu"))) {
            return CgroupV1.open(root, parent);
        }
        return new None("no cgroup hierarchy at " + root);
    }

    /** Nothing usable: rlimits only. */
    record None(String reason) implements Cgroups {

        @Override
        public String description() {
            return "none (" + reason + ")";
        }

        @Override
        public Set<Controller> enforced() {
            return EnumSet.noneOf(Controller.class);
        }

        @Override
        public Group create(String name, SandboxLimits limits, long memoryLimitBytes) {
            return EMPTY;
        }

        @Override
        public Optional<Group> find(String name) {
            return Optional.empty();
        }
    }
}
