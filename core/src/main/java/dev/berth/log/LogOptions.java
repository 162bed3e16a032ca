package dev.berth.log;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How big a container's log may grow: at most {@code maxFiles} files of at most {@code maxSize}
 * bytes each, as the {@code max-size} and {@code max-file} options of Docker's {@code json-file}
 * and {@code local} drivers say
 * (<a href="https://docs.docker.com/engine/logging/drivers/json-file/">json-file options</a>).
 * When the next record would take the current file past {@code maxSize}, it is rotated:
 * {@code log.json} becomes {@code log.json.1}, {@code .1} becomes {@code .2}, and so on, and the
 * oldest beyond {@code maxFiles} is dropped. A single record larger than {@code maxSize} still
 * gets a file of its own.
 *
 * <p>The {@link #DEFAULT} is that of Docker's {@code local} driver, 20 MiB x 5 files: Docker's
 * {@code json-file} default is unbounded, which lets one chatty container fill the disk (the
 * store's disk, shared by every container and image), while 100 MiB per container keeps hours
 * of ordinary output for {@code logs}.
 *
 * @param maxSize the largest size of one file, in bytes, positive
 * @param maxFiles how many files are kept, the current one included, at least 1
 */
public record LogOptions(long maxSize, int maxFiles) {
    /** 20 MiB x 5 files, as Docker's {@code local} driver. */
    public static final LogOptions DEFAULT = new LogOptions(20L << 20, 5);

    private static final Pattern SIZE = Pattern.compile("([0-9]+)([kmg]?)b?");

    public LogOptions {
        if (maxSize <= 0) {
            throw new IllegalArgumentException("log option max-size must be a positive size, got " + maxSize);
        }
        if (maxFiles < 1) {
            throw new IllegalArgumentException("log option max-file must be at least 1, got " + maxFiles);
        }
    }

    /** The options a config recorded without them stands for: the default. */
    public static LogOptions orDefault(LogOptions recorded) {
        return recorded == null ? DEFAULT : recorded;
    }

    /** The same with {@code max-size} set. */
    public LogOptions withMaxSize(long bytes) {
        return new LogOptions(bytes, maxFiles);
    }

    /** The same with {@code max-file} set. */
    public LogOptions withMaxFiles(int files) {
        return new LogOptions(maxSize, files);
    }

    /**
     * The same with one {@code docker run --log-opt key=value} applied: {@code max-size} takes a
     * number of bytes with an optional {@code k}, {@code m} or {@code g} (powers of 1024, as
     * Docker reads it), {@code max-file} a number of files.
     *
     * @throws IllegalArgumentException naming the option and value if either is not one of those
     */
    public LogOptions with(String option) {
        int eq = option.indexOf('=');
        if (eq < 0) {
            throw new IllegalArgumentException("invalid log option \"" + option + "\": expected KEY=VALUE");
        }
        String key = option.substring(0, eq);
        String value = option.substring(eq + 1);
        return switch (key) {
            case "max-size" -> withMaxSize(size(value));
            case "max-file" -> withMaxFiles(count(value));
            default -> throw new IllegalArgumentException("unknown log option \"" + key
                    + "\": the json-file log takes max-size and max-file");
        };
    }

    private static long size(String value) {
        Matcher m = SIZE.matcher(value.strip().toLowerCase(Locale.ROOT));
        if (!m.matches() || m.group(1).length() > 12) {
            throw new IllegalArgumentException("invalid log option max-size=" + value
                    + ": max-size must be a positive size, a number with an optional k, m or g");
        }
        long n = Long.parseLong(m.group(1));
        long bytes = switch (m.group(2)) {
            case "k" -> n << 10;
            case "m" -> n << 20;
            case "g" -> n << 30;
            default -> n;
        };
        if (bytes <= 0) {
            throw new IllegalArgumentException("invalid log option max-size=" + value + ": max-size must be a positive size");
        }
        return bytes;
    }

    private static int count(String value) {
        try {
            int n = Integer.parseInt(value.strip());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // named below
        }
        throw new IllegalArgumentException("invalid log option max-file=" + value + ": max-file must be a number of at least 1");
    }
}
