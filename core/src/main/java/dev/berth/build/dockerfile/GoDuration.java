package dev.berth.build.dockerfile;

import java.math.BigDecimal;
import java.time.Duration;

/** Go's {@code time.ParseDuration} ({@code 1h30m}, {@code 1.5s}, {@code 300ms}, {@code 0}). */
final class GoDuration {
    private GoDuration() {
    }

    static Duration parse(String text) {
        String s = text;
        boolean negative = false;
        if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
            negative = s.charAt(0) == '-';
            s = s.substring(1);
        }
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        if (s.isEmpty()) {
            throw invalid(text);
        }
        BigDecimal nanos = BigDecimal.ZERO;
        int i = 0;
        while (i < s.length()) {
            int start = i;
            while (i < s.length() && (Character.isDigit(s.charAt(i)) && s.charAt(i) < 128 || s.charAt(i) == '.')) {
                i++;
            }
            String number = s.substring(start, i);
            if (number.isEmpty() || number.equals(".") || number.indexOf('.') != number.lastIndexOf('.')) {
                throw invalid(text);
            }
            int unitStart = i;
            while (i < s.length() && !(Character.isDigit(s.charAt(i)) && s.charAt(i) < 128) && s.charAt(i) != '.') {
                i++;
            }
            long unit = switch (s.substring(unitStart, i)) {
                case "ns" -> 1L;
                case "us", "\u00b5s", "\u03bcs" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                case "h" -> 3_600_000_000_000L;
                default -> throw invalid(text);
            };
            nanos = nanos.add(new BigDecimal(number.endsWith(".") ? number + "0" : number)
                    .multiply(BigDecimal.valueOf(unit)));
        }
        if (nanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw invalid(text);
        }
        long value = nanos.longValue();
        return Duration.ofNanos(negative ? -value : value);
    }

    private static DockerfileException invalid(String text) {
        return new DockerfileException("time: invalid duration " + GoText.quote(text));
    }
}
