package dev.berth.cli.format;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Sizes, ages and times as docker's CLI writes them: go-units' {@code HumanSizeWithPrecision},
 * {@code BytesSize} and {@code HumanDuration} (the Engine API's, which dockerd's Status uses too),
 * and Go's {@code time.Time.String()}.
 *
 * @see <a href="https://github.com/docker/go-units">go-units</a>
 */
public final class GoUnits {
    private static final String[] DECIMAL = {"B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"};
    private static final String[] BINARY = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB"};
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss Z z", Locale.ROOT);

    private GoUnits() {
    }

    /** {@code HumanSizeWithPrecision(size, 3)}: {@code 1.98MB}, {@code 0B}. */
    public static String size(double bytes) {
        return size(bytes, 3);
    }

    /** {@code HumanSizeWithPrecision(size, precision)}; {@code HumanSize} is precision 4. */
    public static String size(double bytes, int precision) {
        return scaled(bytes, 1000, DECIMAL, precision);
    }

    /** {@code BytesSize}: {@code 1.5MiB}, binary units, four digits. */
    public static String bytes(double bytes) {
        return scaled(bytes, 1024, BINARY, 4);
    }

    private static String scaled(double size, double base, String[] units, int precision) {
        int i = 0;
        while (size >= base && i < units.length - 1) {
            size /= base;
            i++;
        }
        return g(size, precision) + units[i];
    }

    /** Go's {@code %.Ng}: N significant digits, trailing zeros dropped, an exponent below 1e-4 and from 1eN. */
    static String g(double v, int precision) {
        if (v == 0) {
            return "0";
        }
        BigDecimal b = new BigDecimal(v).round(new MathContext(precision, RoundingMode.HALF_EVEN));
        int exponent = b.precision() - b.scale() - 1;
        b = b.stripTrailingZeros();
        if (exponent < -4 || exponent >= precision) {
            String digits = b.unscaledValue().abs().toString();
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            return (v < 0 ? "-" : "") + mantissa + "e" + (exponent < 0 ? "-" : "+") + (Math.abs(exponent) < 10 ? "0" : "") + Math.abs(exponent);
        }
        return b.toPlainString();
    }

    /** {@code HumanDuration}: {@code Less than a second}, {@code 5 seconds}, {@code About a minute}, ..., {@code 2 years}. */
    public static String duration(Duration d) {
        return dev.berth.dockerapi.HumanDuration.of(d);
    }

    /** How long ago {@code t} was: {@code 5 seconds ago}. */
    public static String ago(Instant t, Instant now) {
        return duration(Duration.between(t, now)) + " ago";
    }

    /**
     * Go's {@code time.Time.String()} in the local zone: {@code 2026-12-07 18:42:57 +0000 UTC},
     * with the fraction of a second when there is one ({@code 18:42:49.5507 +0000 UTC}).
     */
    public static String time(Instant t) {
        String s = TIME.format(t.atZone(ZoneId.systemDefault()));
        if (t.getNano() == 0) {
            return s;
        }
        String fraction = String.format(Locale.ROOT, "%09d", t.getNano()).replaceAll("0+$", "");
        return s.substring(0, 19) + "." + fraction + s.substring(19);
    }
}
