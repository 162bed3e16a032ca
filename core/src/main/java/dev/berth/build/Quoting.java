package dev.berth.build;

import java.util.List;

/** Exec-form arguments written as the JSON array a Dockerfile line and {@code docker history} show. */
public final class Quoting {
    private Quoting() {
    }

    public static String json(List<String> args) {
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < args.size(); i++) {
            if (i > 0) {
                s.append(',');
            }
            s.append('"');
            for (char c : args.get(i).toCharArray()) {
                switch (c) {
                    case '"' -> s.append("\\\"");
                    case '\\' -> s.append("\\\\");
                    case '\n' -> s.append("\\n");
                    case '\t' -> s.append("\\t");
                    default -> {
                        if (c < 0x20) {
                            s.append(String.format("\\u%04x", (int) c));
                        } else {
                            s.append(c);
                        }
                    }
                }
            }
            s.append('"');
        }
        return s.append(']').toString();
    }
}
