package dev.quarry.tools.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a benchmark ran on and how much memory a process used, read from the JVM and {@code /proc}. */
public final class Machine {

    private Machine() {}

    /** Cores, load average (other work on the machine skews every number), JVM, max heap, time. */
    public static Map<String, Object> describe() {
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put("load_average", loadAverage());
        machine.put("java", System.getProperty("java.version"));
        machine.put("max_heap_mb", Runtime.getRuntime().maxMemory() / (1024 * 1024));
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        machine.put("at", Instant.now().toString());
        return machine;
    }

    /** The 1, 5 and 15 minute load averages, or "unknown" off Linux. */
    public static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /** Forgets the heap pools' peaks, so {@link #peakHeapMb()} covers what follows. */
    public static void resetPeakHeap() {
        heapPools().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    /** The sum of the heap pools' peak usage since the last reset, in MB. */
    public static long peakHeapMb() {
        return heapPools().stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum() / (1024 * 1024);
    }

    /** Heap in use after a full collection, in MB (live data, not garbage). */
    public static long liveHeapMb() {
        System.gc();
        Runtime rt = Runtime.getRuntime();
        return (rt.totalMemory() - rt.freeMemory()) / (1024 * 1024);
    }

    /** Resident set size of a process in MB ({@code VmRSS}), or -1 if unknown. */
    public static long rssMb(long pid) {
        return status(pid, "VmRSS:");
    }

    /** Peak resident set size of a process in MB ({@code VmHWM}), or -1 if unknown. */
    public static long peakRssMb(long pid) {
        return status(pid, "VmHWM:");
    }

    /**
     * CPU time this process and its finished child processes (Tesseract) have used so far, in nanoseconds:
     * {@code utime + stime + cutime + cstime} of {@code /proc/self/stat} (100 ticks a second), or the JVM's
     * own figure without children off Linux, or -1.
     */
    public static long processCpuNanos() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // after "pid (comm) ": state is field 0, utime 11, stime 12, cutime 13, cstime 14
            long ticks = 0;
            for (int i = 11; i <= 14; i++) {
                ticks += Long.parseLong(fields[i]);
            }
            return ticks * 10_000_000L;
        } catch (IOException | RuntimeException e) {
            // not Linux: the JVM's figure, without children
        }
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    public static long selfPid() {
        return ProcessHandle.current().pid();
    }

    private static long status(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]) / 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    private static List<MemoryPoolMXBean> heapPools() {
        return ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP)
                .toList();
    }

    /** Bytes of all files under {@code dir}, in MB. */
    public static double directoryMb(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            long bytes = files.filter(Files::isRegularFile)
                    .mapToLong(p -> {
                        try {
                            return Files.size(p);
                        } catch (IOException e) {
                            return 0;
                        }
                    })
                    .sum();
            return Math.round(bytes / 1024.0 / 1024.0 * 10) / 10.0;
        }
    }
}
