package dev.codeplatform.benchmarks;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * Who used the CPU during a measurement, from /proc: the whole machine's busy time ({@code /proc/stat}) split into the
 * server's JVM ({@code /proc/<pid>/stat}), the server's other processes (its embedded PostgreSQL, found by its
 * {@code postmaster.pid} because pg_ctl detaches it, and the sandboxes and shells the JVM started), this driver, and
 * everything else: "other" is what the machine did for someone else, so a noisy run shows.
 *
 * <p>Sampled every 250 ms in the background. A process that ends between two samples is accounted through its
 * parent's cutime/cstime (what the kernel adds when the parent reaps it), minus what was already counted for it.
 */
final class MachineLoad implements AutoCloseable {

    /** CPU cores used on average over a phase, by whom. */
    record Load(double seconds, double jvm, double serverRest, double driver, double other, double machine) {

        /** The load over both windows: each share weighted by its window's length. */
        Load and(Load that) {
            double total = seconds + that.seconds;
            return new Load(total, weigh(jvm, that.jvm, that), weigh(serverRest, that.serverRest, that),
                    weigh(driver, that.driver, that), weigh(other, that.other, that), weigh(machine, that.machine, that));
        }

        private double weigh(double mine, double theirs, Load that) {
            return (mine * seconds + theirs * that.seconds) / (seconds + that.seconds);
        }

        @Override
        public String toString() {
            return String.format("jvm %.2f · db+sbx %.2f · drv %.2f · other %.2f", jvm, serverRest, driver, other);
        }
    }

    /** Accumulated ticks at one moment; two of them make a {@link Load}. */
    record Mark(long nanos, long busy, long jvm, long serverRest, long driver) {
    }

    private enum Owner { JVM, SERVER, DRIVER }

    private record Proc(int pid, int ppid, long start, long own, long children) {
    }

    private static final long HZ = 100; // USER_HZ: getconf CLK_TCK on Linux
    private static final int SELF = (int) ProcessHandle.current().pid();

    private final int serverPid;
    private final IntSupplier postmasterPid;
    private final Thread sampler;
    private Map<Integer, Proc> previous = Map.of();
    private Map<Integer, Owner> previousOwners = Map.of();
    private long busy;
    private long jvm;
    private long serverRest;
    private long driver;
    private volatile boolean running = true;

    MachineLoad(int serverPid, IntSupplier postmasterPid) {
        this.serverPid = serverPid;
        this.postmasterPid = postmasterPid;
        sample();
        jvm = serverRest = driver = 0;
        busy = 0;
        sampler = new Thread(() -> {
            while (running) {
                try {
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    return;
                }
                sample();
            }
        }, "machine-load");
        sampler.setDaemon(true);
        sampler.start();
    }

    synchronized Mark mark() {
        sample();
        return new Mark(System.nanoTime(), busy, jvm, serverRest, driver);
    }

    Load since(Mark start) {
        Mark end = mark();
        double seconds = (end.nanos() - start.nanos()) / 1e9;
        double scale = 1.0 / HZ / Math.max(seconds, 1e-9);
        double machine = (end.busy() - start.busy()) * scale;
        double j = (end.jvm() - start.jvm()) * scale;
        double s = (end.serverRest() - start.serverRest()) * scale;
        double d = (end.driver() - start.driver()) * scale;
        return new Load(seconds, j, s, d, Math.max(0, machine - j - s - d), machine);
    }

    private synchronized void sample() {
        long machineBusy = machineBusyTicks();
        Map<Integer, Proc> now = processes();
        Map<Integer, List<Integer>> children = new HashMap<>();
        now.values().forEach(p -> children.computeIfAbsent(p.ppid(), k -> new ArrayList<>()).add(p.pid()));
        Map<Integer, Owner> owners = new HashMap<>();
        owners.put(serverPid, Owner.JVM);
        mark(children, serverPid, Owner.SERVER, owners, true);
        int postmaster = postmasterPid.getAsInt();
        if (postmaster > 0 && now.containsKey(postmaster)) {
            owners.put(postmaster, Owner.SERVER);
            mark(children, postmaster, Owner.SERVER, owners, true);
        }
        owners.put(SELF, Owner.DRIVER);
        mark(children, SELF, Owner.DRIVER, owners, true);

        if (!previous.isEmpty()) {
            busy += machineBusy - lastBusy;
            for (Proc p : now.values()) {
                Owner owner = owners.get(p.pid());
                if (owner == null) {
                    continue;
                }
                Proc before = previous.get(p.pid());
                boolean same = before != null && before.start() == p.start();
                long ownDelta = p.own() - (same ? before.own() : 0);
                long childDelta = p.children() - (same ? before.children() : 0);
                if (owner == Owner.JVM) {
                    jvm += ownDelta;
                    serverRest += childDelta; // reaped sandboxes and helpers the JVM started
                } else {
                    add(owner, ownDelta + childDelta);
                }
            }
            for (Proc gone : previous.values()) {
                Proc still = now.get(gone.pid());
                if (still != null && still.start() == gone.start()) {
                    continue;
                }
                Owner owner = previousOwners.get(gone.pid());
                Owner parent = owners.get(gone.ppid());
                if (owner != null && parent != null && now.containsKey(gone.ppid())) {
                    // its whole life lands in the parent's cutime when reaped; we counted part of it already
                    add(parent == Owner.JVM ? Owner.SERVER : parent, -(gone.own() + gone.children()));
                }
            }
        }
        lastBusy = machineBusy;
        previous = now;
        previousOwners = owners;
    }

    private long lastBusy;

    private void add(Owner owner, long ticks) {
        switch (owner) {
            case JVM -> jvm += ticks;
            case SERVER -> serverRest += ticks;
            case DRIVER -> driver += ticks;
        }
    }

    private static void mark(Map<Integer, List<Integer>> children, int root, Owner owner, Map<Integer, Owner> owners,
                             boolean descend) {
        for (int child : children.getOrDefault(root, List.of())) {
            if (owners.putIfAbsent(child, owner) == null && descend) {
                mark(children, child, owner, owners, true);
            }
        }
    }

    private static long machineBusyTicks() {
        try {
            String line = Files.readAllLines(Path.of("/proc/stat")).get(0);
            String[] f = line.trim().split("\\s+");
            // cpu user nice system idle iowait irq softirq steal ...
            long total = 0;
            for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
                total += i < f.length ? Long.parseLong(f[i]) : 0;
            }
            return total;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static Map<Integer, Proc> processes() {
        Map<Integer, Proc> result = new HashMap<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path dir : dirs) {
                Proc p = read(dir);
                if (p != null) {
                    result.put(p.pid(), p);
                }
            }
        } catch (IOException e) {
            // leave what we have
        }
        return result;
    }

    private static Proc read(Path dir) {
        try {
            String stat = Files.readString(dir.resolve("stat"));
            int close = stat.lastIndexOf(')');
            String[] f = stat.substring(close + 2).split(" ");
            // f[0] is field 3 (state): ppid 4, utime 14, stime 15, cutime 16, cstime 17, starttime 22
            return new Proc(Integer.parseInt(dir.getFileName().toString()), Integer.parseInt(f[1]),
                    Long.parseLong(f[19]), Long.parseLong(f[11]) + Long.parseLong(f[12]),
                    Long.parseLong(f[13]) + Long.parseLong(f[14]));
        } catch (IOException | RuntimeException e) {
            return null; // gone meanwhile
        }
    }

    /** {@code VmRSS} of a process in KiB, or -1. */
    static long rssKiB(long pid) {
        return statusField(pid, "VmRSS:");
    }

    static long threads(long pid) {
        return statusField(pid, "Threads:");
    }

    private static long statusField(long pid, String name) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(name)) {
                    return Long.parseLong(line.substring(name.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone
        }
        return -1;
    }

    /** Total RSS in KiB of the processes below {@code root} (not {@code root} itself), and how many there are. */
    static long[] descendantsRssKiB(long root) {
        Map<Integer, Proc> all = processes();
        Map<Integer, List<Integer>> children = new HashMap<>();
        all.values().forEach(p -> children.computeIfAbsent(p.ppid(), k -> new ArrayList<>()).add(p.pid()));
        Map<Integer, Owner> below = new HashMap<>();
        mark(children, (int) root, Owner.SERVER, below, true);
        long sum = 0;
        for (int pid : below.keySet()) {
            sum += Math.max(0, rssKiB(pid));
        }
        return new long[] {sum, below.size()};
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
    }
}
