package dev.codeplatform.execution.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** cgroup v1: one hierarchy per controller ({@code /sys/fs/cgroup/memory}, {@code .../cpu}, {@code .../pids}). */
final class CgroupV1 implements Cgroups {

    private static final Map<Controller, String> MOUNTS = Map.of(
            Controller.MEMORY, "memory", Controller.CPU, "cpu", Controller.PIDS, "pids");

    private final Path root;
    /** Controller -> the parent group holding the environments' groups. */
    private final Map<Controller, Path> parents;
    private final List<String> missing;

    private CgroupV1(Path root, Map<Controller, Path> parents, List<String> missing) {
        this.root = root;
        this.parents = parents;
        this.missing = missing;
    }

    static Cgroups open(Path root, String parent) {
        Map<Controller, Path> parents = new EnumMap<>(Controller.class);
        List<String> missing = new ArrayList<>();
        for (Controller controller : Controller.values()) {
            Path hierarchy = root.resolve(MOUNTS.get(controller));
            if (!Files.exists(hierarchy.resolve("cgroup.procs"))) {
                missing.add(MOUNTS.get(controller) + " (not mounted)");
                continue;
            }
            Path group = hierarchy.resolve(parent);
            try {
                Files.createDirectories(group);
                parents.put(controller, group);
            } catch (IOException e) {
                missing.add(MOUNTS.get(controller) + " (" + e.getMessage() + ")");
            }
        }
        if (parents.isEmpty()) {
            return new None("cgroup v1 at " + root + " is not writable: " + String.join(", ", missing));
        }
        return new CgroupV1(root, parents, missing);
    }

    @Override
    public String description() {
        String enforced = parents.keySet().stream().map(MOUNTS::get).collect(Collectors.joining(", "));
        return "cgroup v1 at " + root + " (" + enforced + ")"
                + (missing.isEmpty() ? "" : "; not usable: " + String.join(", ", missing));
    }

    @Override
    public Set<Controller> enforced() {
        return Collections.unmodifiableSet(parents.keySet());
    }

    @Override
    public Group create(String name, SandboxLimits limits, long memoryLimitBytes) throws IOException {
        V1Group group = group(name);
        for (Path dir : group.dirs.values()) {
            Files.createDirectories(dir);
        }
        Path memory = group.dirs.get(Controller.MEMORY);
        if (memory != null) {
            String bytes = Long.toString(memoryLimitBytes);
            CgroupFiles.write(memory.resolve("memory.limit_in_bytes"), bytes);
            Path memsw = memory.resolve("memory.memsw.limit_in_bytes");
            if (Files.exists(memsw)) { // swap accounting on: the same budget for RAM + swap, so no escape into swap
                CgroupFiles.write(memsw, bytes);
            }
        }
        Path cpu = group.dirs.get(Controller.CPU);
        if (cpu != null) {
            CgroupFiles.write(cpu.resolve("cpu.cfs_period_us"), Long.toString(limits.cpuPeriodMicros()));
            CgroupFiles.write(cpu.resolve("cpu.cfs_quota_us"), Long.toString(limits.cpuQuotaMicros()));
        }
        Path pids = group.dirs.get(Controller.PIDS);
        if (pids != null) {
            CgroupFiles.write(pids.resolve("pids.max"), Integer.toString(limits.maxProcesses()));
        }
        return group;
    }

    @Override
    public Optional<Group> find(String name) {
        V1Group group = group(name);
        return group.dirs.values().stream().anyMatch(Files::isDirectory) ? Optional.of(group) : Optional.empty();
    }

    private V1Group group(String name) {
        Map<Controller, Path> dirs = new EnumMap<>(Controller.class);
        parents.forEach((controller, parent) -> dirs.put(controller, parent.resolve(name)));
        return new V1Group(dirs);
    }

    private record V1Group(Map<Controller, Path> dirs) implements Group {

        @Override
        public List<Path> procsFiles() {
            return dirs.values().stream().map(dir -> dir.resolve("cgroup.procs")).toList();
        }

        /**
         * One hierarchy's list, the pids controller's when there is one: every process of the environment is in all
         * of them, and a union of lists read one after another counted a fork bomb's short-lived processes twice
         * (271 processes against a pids.max of 256).
         */
        @Override
        public Set<Integer> pids() {
            return Stream.of(Controller.PIDS, Controller.MEMORY, Controller.CPU)
                    .map(dirs::get).filter(Objects::nonNull).map(dir -> dir.resolve("cgroup.procs"))
                    .filter(Files::exists).findFirst()
                    .map(procs -> CgroupFiles.pids(List.of(procs))).orElse(Set.of());
        }

        @Override
        public void killAll(long timeoutMillis) {
            CgroupFiles.killAll(existingProcsFiles(), timeoutMillis);
        }

        @Override
        public void remove() throws IOException {
            for (Path dir : dirs.values()) {
                CgroupFiles.removeDirectory(dir);
            }
        }

        @Override
        public Map<String, String> settings() {
            Map<String, String> settings = new LinkedHashMap<>();
            for (Path dir : dirs.values()) {
                try (var files = Files.list(dir)) {
                    files.map(file -> file.getFileName().toString())
                            .filter(file -> file.equals("memory.limit_in_bytes")
                                    || file.equals("memory.memsw.limit_in_bytes") || file.equals("memory.failcnt")
                                    || file.startsWith("cpu.cfs_") || file.equals("cpu.stat")
                                    || file.startsWith("pids."))
                            .sorted()
                            .forEach(file -> settings.put(file, CgroupFiles.read(dir.resolve(file))));
                } catch (IOException e) {
                    // group gone: nothing to report
                }
            }
            return settings;
        }

        private List<Path> existingProcsFiles() {
            return procsFiles().stream().filter(Files::exists).toList();
        }
    }
}
