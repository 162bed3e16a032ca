package dev.berth.namespaces.linux;

/**
 * A failed system call: names the call, the error by its symbolic name and message, and the
 * path or object it was made on, as in {@code mount(overlay on /x): EINVAL (Invalid argument)}.
 */
public class SyscallException extends RuntimeException {
    private final String call;
    private final int errno;
    private final String object;

    public SyscallException(String call, String object, int errno) {
        super(format(call, object, errno));
        this.call = call;
        this.errno = errno;
        this.object = object;
    }

    private static String format(String call, String object, int errno) {
        String what = object == null || object.isEmpty() ? call : call + "(" + object + ")";
        return what + ": " + Errno.name(errno) + " (" + Errno.message(errno) + ")";
    }

    /** The system call or C function that failed, such as {@code mount}. */
    public String call() {
        return call;
    }

    /** The error number. */
    public int errno() {
        return errno;
    }

    /** The symbolic error name, such as {@code ENOENT}. */
    public String errnoName() {
        return Errno.name(errno);
    }

    /** The path or object the call was made on, or null. */
    public String object() {
        return object;
    }
}
