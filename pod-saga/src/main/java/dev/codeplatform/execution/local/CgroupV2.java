package dev.codeplatform.execution.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * cgroup v2 (unified hierarchy). The backend runs as root, so it creates {@code <root>/<parent>} next to the service
 * manager's groups, enables the controllers it needs down to it, and puts one child per environment in it (the parent
 * itself never holds processes, as v2's "no internal processes" rule wants).
 */
final class CgroupV2 implements Cgroups {

    private final Path root;
    private final Path parent;
    private final Set<Controller> enabled;
    private final List<String> missing;

    private CgroupV2(Path root, Path parent, Set<Controller> enabled, List<String> missing) {
        this.root = root;
        this.parent = parent;
        this.enabled = enabled;
        this.missing = missing;
    }

    static Cgroups open(Path root, String parentName) {
        Set<String> available = Set.of(CgroupFiles.read(root.resolve("cgroup.controllers")).split("\\s+"));
        Path parent = root.resolve(parentName);
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            return new None("cgroup v2 at " + root + " is not writable: " + e.getMessage());
        }
        Set<Controller> enabled = EnumSet.noneOf(Controller.class);
        List<String> missing = new ArrayList<>();
        for (Controller controller : Controller.values()) {
            String name = controller.name().toLowerCase(Locale.ROOT);
            if (!available.contains(name)) {
                missing.add(name + " (not in " + root.resolve("cgroup.controllers") + ")");
                continue;
            }
            try {
                enable(root, name);
                enable(parent, name);
                enabled.add(controller);
            } catch (IOException e) {
                missing.add(name + " (" + e.getMessage() + ")");
            }
        }
        if (enabled.isEmpty()) {
            return new None("cgroup v2 at " + root + " has no usable controller: " + String.join(", ", missing));
        }
        return new CgroupV2(root, parent, enabled, missing);
    }

    private static void enable(Path group, String controller) throws IOException {
        Path subtree = group.resolve("cgroup.subtree_control");
        String current = CgroupFiles.read(subtree);
        if (!Arrays.asList(current.split("\\s+")).contains(controller)) {
            CgroupFiles.write(subtree, "+" + controller);
        }
    }

    @Override
    public String description() {
        String names = enabled.stream().map(c -> c.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "));
        return "cgroup v2 at " + root + " (" + names + ")"
                + (missing.isEmpty() ? "" : "; not usable: " + String.join(", ", missing));
    }

    @Override
    public Set<Controller> enforced() {
        return Collections.unmodifiableSet(enabled);
    }

    @Override
    public Group create(String name, SandboxLimits limits, long memoryLimitBytes) throws IOException {
        Path dir = parent.resolve(name);
        Files.createDirectories(dir);
        if (enabled.contains(Controller.MEMORY)) {
            CgroupFiles.write(dir.resolve("memory.max"), Long.toString(memoryLimitBytes));
            Path swap = dir.resolve("memory.swap.max");
            if (Files.exists(swap)) { // the budget is RAM: nothing goes to swap
                CgroupFiles.write(swap, "0");
            }
        }
        if (enabled.contains(Controller.CPU)) {
            CgroupFiles.write(dir.resolve("cpu.max"), limits.cpuQuotaMicros() + " " + limits.cpuPeriodMicros());
        }
        if (enabled.contains(Controller.PIDS)) {
            CgroupFiles.write(dir.resolve("pids.max"), Integer.toString(limits.maxProcesses()));
        }
        return new V2Group(dir);
    }

    @Override
    public Optional<Group> find(String name) {
        Path dir = parent.resolve(name);
        return Files.isDirectory(dir) ? Optional.of(new V2Group(dir)) : Optional.empty();
    }

    private record V2Group(Path dir) implements Group {

        @Override
        public List<Path> procsFiles() {
            return List.of(dir.resolve("cgroup.procs"));
        }

        @Override
        public Set<Integer> pids() {
            return CgroupFiles.pids(procsFiles());
        }

        @Override
        public void killAll(long timeoutMillis) {
            Path kill = dir.resolve("cgroup.kill"); // Linux 5.14+: the kernel kills the whole group at once
            if (Files.exists(kill)) {
                try {
                    CgroupFiles.write(kill, "1");
                } catch (IOException e) {
                    // fall through to killing one by one
                }
            }
            if (Files.exists(dir)) {
                CgroupFiles.killAll(procsFiles(), timeoutMillis);
            }
        }

        @Override
        public void remove() throws IOException {
            CgroupFiles.removeDirectory(dir);
        }

        @Override
        public Map<String, String> settings() {
            Map<String, String> settings = new LinkedHashMap<>();
            for (String file : List.of("memory.max", "memory.swap.max", "cpu.max", "cpu.stat", "pids.max",
                    "pids.current", "pids.events")) {
                Path path = dir.resolve(file);
                if (Files.exists(path)) {
                    settings.put(file, CgroupFiles.read(path));
                }
            }
            return settings;
        }
    }
}
