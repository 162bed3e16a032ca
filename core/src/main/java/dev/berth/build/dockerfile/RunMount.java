package dev.berth.build.dockerfile;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * One {@code RUN --mount=...} option. Values are as written (variables are expanded by the executor);
 * numeric options are checked here when they hold no variable.
 *
 * @param type {@code bind} (the default), {@code cache}, {@code tmpfs}, {@code secret} or {@code ssh}
 * @param from the stage or image to mount from
 * @param source the path inside {@code from} (or the secret's source)
 * @param target where the mount appears
 * @param readOnly whether it is read-only (defaults: bind, secret and ssh read-only; cache and tmpfs writable)
 * @param id the cache, secret or ssh id
 * @param sharing for caches: {@code shared} (default), {@code private} or {@code locked}
 * @param required for secrets and ssh: fail when missing
 * @param mode the octal file mode (cache, secret, ssh)
 * @param uid the owner user id (cache, secret, ssh)
 * @param gid the owner group id (cache, secret, ssh)
 * @param size for tmpfs, its size
 * @param env for secrets, the environment variable to expose the secret as
 * @see <a href="https://docs.docker.com/reference/dockerfile/#run---mount">RUN --mount</a>
 */
public record RunMount(String type, Optional<String> from, Optional<String> source, Optional<String> target,
                       boolean readOnly, Optional<String> id, Optional<String> sharing, boolean required,
                       Optional<String> mode, Optional<String> uid, Optional<String> gid, Optional<String> size,
                       Optional<String> env) {
    private static final Set<String> TYPES = Set.of("bind", "cache", "tmpfs", "secret", "ssh");
    private static final Set<String> SHARING = Set.of("shared", "private", "locked");

    /** Parses the value of one {@code --mount} flag (CSV {@code key=value} fields). */
    static RunMount parse(String value) {
        String type = "bind";
        String from = null, source = null, target = null, id = null, sharing = null;
        String mode = null, uid = null, gid = null, size = null, env = null;
        Boolean readOnly = null;
        boolean required = false;
        for (String field : csv(value)) {
            int eq = field.indexOf('=');
            String key = (eq < 0 ? field : field.substring(0, eq)).toLowerCase(Locale.ROOT);
            if (eq < 0) {
                switch (key) {
                    case "readonly", "ro" -> readOnly = true;
                    case "readwrite", "rw" -> readOnly = false;
                    case "required" -> required = requiredFor(type, key, "true");
                    default -> throw new DockerfileException("invalid field '" + field
                            + "' of --mount must be a key=value pair");
                }
                continue;
            }
            String v = field.substring(eq + 1);
            switch (key) {
                case "type" -> {
                    type = v.toLowerCase(Locale.ROOT);
                    if (!TYPES.contains(type)) {
                        throw new DockerfileException("unsupported mount type " + GoText.quote(v)
                                + " (supported: bind, cache, tmpfs, secret, ssh)");
                    }
                }
                case "from" -> {
                    if (v.indexOf('$') >= 0 && v.indexOf('$') < v.length() - 1) {
                        throw new DockerfileException("'from' doesn't support variable expansion, define alias stage instead");
                    }
                    from = v;
                }
                case "source", "src" -> source = v;
                case "target", "dst", "destination" -> target = v;
                case "readonly", "ro" -> readOnly = bool(key, v);
                case "readwrite", "rw" -> readOnly = !bool(key, v);
                case "required" -> required = requiredFor(type, key, v);
                case "id" -> id = v;
                case "sharing" -> {
                    sharing = v.toLowerCase(Locale.ROOT);
                    if (!SHARING.contains(sharing)) {
                        throw new DockerfileException("unsupported sharing value " + GoText.quote(v));
                    }
                }
                case "mode" -> mode = number(key, v, 8);
                case "uid" -> uid = number(key, v, 10);
                case "gid" -> gid = number(key, v, 10);
                case "size" -> size = v;
                case "env" -> env = v;
                default -> throw new DockerfileException("unexpected key '" + key + "' in '" + field + "' of --mount");
            }
        }
        boolean fileInfo = type.equals("secret") || type.equals("ssh") || type.equals("cache");
        for (String[] option : new String[][] {{"mode", mode}, {"uid", uid}, {"gid", gid}}) {
            if (option[1] != null && !fileInfo) {
                throw new DockerfileException(option[0] + " not allowed for " + GoText.quote(type) + " type mounts");
            }
        }
        if (sharing != null && !type.equals("cache")) {
            throw new DockerfileException("invalid cache sharing set for " + type + " mount");
        }
        if (type.equals("secret")) {
            if (from != null) {
                throw new DockerfileException("secret mount should not have a from");
            }
            if (source == null && target == null && id == null && env == null) {
                throw new DockerfileException("invalid secret mount. one of source, target required");
            }
            if (source != null && id != null) {
                throw new DockerfileException("both source and id can't be set");
            }
        }
        boolean ro = readOnly != null ? readOnly : !(type.equals("cache") || type.equals("tmpfs"));
        return new RunMount(type, Optional.ofNullable(from), Optional.ofNullable(source), Optional.ofNullable(target),
                ro, Optional.ofNullable(id), Optional.ofNullable(sharing), required, Optional.ofNullable(mode),
                Optional.ofNullable(uid), Optional.ofNullable(gid), Optional.ofNullable(size), Optional.ofNullable(env));
    }

    private static boolean requiredFor(String type, String key, String value) {
        if (!type.equals("secret") && !type.equals("ssh")) {
            throw new DockerfileException("unexpected key '" + key + "' for mount type '" + type + "'");
        }
        return bool(key, value);
    }

    private static boolean bool(String key, String v) {
        switch (v) {
            case "1", "t", "T", "TRUE", "true", "True":
                return true;
            case "0", "f", "F", "FALSE", "false", "False":
                return false;
            default:
                throw new DockerfileException("invalid value for " + key + ": " + v);
        }
    }

    private static String number(String key, String v, int radix) {
        if (v.contains("$")) {
            return v; // expanded and checked by the executor
        }
        try {
            long parsed = Long.parseLong(v, radix);
            if (parsed < 0 || parsed > 0xFFFF_FFFFL) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new DockerfileException("invalid value " + v + " for " + key);
        }
    }

    /** One record of Go's {@code encoding/csv}: comma-separated, {@code "quoted, ""fields"""}. */
    static List<String> csv(String value) {
        List<String> fields = new ArrayList<>();
        int i = 0;
        int n = value.length();
        while (true) {
            StringBuilder field = new StringBuilder();
            if (i < n && value.charAt(i) == '"') {
                i++;
                while (true) {
                    if (i >= n) {
                        throw new DockerfileException("failed to parse csv mounts: extraneous or missing \" in quoted-field");
                    }
                    char c = value.charAt(i++);
                    if (c == '"') {
                        if (i < n && value.charAt(i) == '"') {
                            field.append('"');
                            i++;
                        } else {
                            break;
                        }
                    } else {
                        field.append(c);
                    }
                }
                if (i < n && value.charAt(i) != ',') {
                    throw new DockerfileException("failed to parse csv mounts: extraneous or missing \" in quoted-field");
                }
            } else {
                while (i < n && value.charAt(i) != ',') {
                    char c = value.charAt(i++);
                    if (c == '"') {
                        throw new DockerfileException("failed to parse csv mounts: bare \" in non-quoted-field");
                    }
                    field.append(c);
                }
            }
            fields.add(field.toString());
            if (i >= n) {
                return fields;
            }
            i++; // the comma
        }
    }
}
