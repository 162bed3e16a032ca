package dev.berth.namespaces.seccomp;

/** Compares kernel release strings such as {@code 6.18.0-1-amd64} by their numeric prefix. */
final class KernelVersion {
    private KernelVersion() {
    }

    static boolean atLeast(String running, String wanted) {
        int[] r = parse(running);
        int[] w = parse(wanted);
        for (int i = 0; i < 3; i++) {
            if (r[i] != w[i]) {
                return r[i] > w[i];
            }
        }
        return true;
    }

    private static int[] parse(String v) {
        int[] out = new int[3];
        String[] parts = v.split("[^0-9]", -1);
        int n = 0;
        for (int i = 0; i < parts.length && n < 3; i++) {
            if (parts[i].isEmpty()) {
                break;
            }
            out[n++] = Integer.parseInt(parts[i]);
        }
        return out;
    }
}
