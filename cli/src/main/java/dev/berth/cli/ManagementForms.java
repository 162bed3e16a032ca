package dev.berth.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * docker's management forms of its verbs, {@code docker container ls} for {@code docker ps} and
 * {@code docker image rm} for {@code docker rmi}: a command line in that form is rewritten to the
 * verb berth has. A form berth has no verb for is left as it is, for picocli to refuse.
 *
 * @see <a href="https://docs.docker.com/reference/cli/docker/container/">docker container</a>
 * @see <a href="https://docs.docker.com/reference/cli/docker/image/">docker image</a>
 */
final class ManagementForms {
    /** {@code container} sub-verb to berth's verb and the options it implies. */
    private static final Map<String, List<String>> CONTAINER = Map.ofEntries(
            Map.entry("ls", List.of("ps")), Map.entry("list", List.of("ps")), Map.entry("ps", List.of("ps")),
            Map.entry("rm", List.of("rm")), Map.entry("remove", List.of("rm")),
            Map.entry("inspect", List.of("inspect", "--type", "container")),
            Map.entry("attach", List.of("attach")), Map.entry("commit", List.of("commit")), Map.entry("cp", List.of("cp")),
            Map.entry("create", List.of("create")), Map.entry("diff", List.of("diff")), Map.entry("exec", List.of("exec")),
            Map.entry("export", List.of("export")), Map.entry("kill", List.of("kill")), Map.entry("logs", List.of("logs")),
            Map.entry("pause", List.of("pause")), Map.entry("port", List.of("port")), Map.entry("rename", List.of("rename")),
            Map.entry("restart", List.of("restart")), Map.entry("run", List.of("run")), Map.entry("start", List.of("start")),
            Map.entry("stats", List.of("stats")), Map.entry("stop", List.of("stop")), Map.entry("top", List.of("top")),
            Map.entry("unpause", List.of("unpause")), Map.entry("update", List.of("update")), Map.entry("wait", List.of("wait")),
            Map.entry("prune", List.of("container-prune")));

    /** {@code image} sub-verb to berth's verb and the options it implies. */
    private static final Map<String, List<String>> IMAGE = Map.ofEntries(
            Map.entry("ls", List.of("images")), Map.entry("list", List.of("images")),
            Map.entry("rm", List.of("rmi")), Map.entry("remove", List.of("rmi")),
            Map.entry("inspect", List.of("inspect", "--type", "image")),
            Map.entry("build", List.of("build")), Map.entry("history", List.of("history")), Map.entry("import", List.of("import")),
            Map.entry("load", List.of("load")), Map.entry("pull", List.of("pull")), Map.entry("push", List.of("push")),
            Map.entry("save", List.of("save")), Map.entry("tag", List.of("tag")), Map.entry("prune", List.of("image-prune")));

    private ManagementForms() {
    }

    /** {@code args} with a {@code container X} or {@code image X} verb replaced by berth's verb; else {@code args} itself. */
    static String[] rewrite(String... args) {
        int at = verbIndex(args);
        if (at < 0 || at + 1 >= args.length) {
            return args;
        }
        Map<String, List<String>> forms = switch (args[at]) {
            case "container" -> CONTAINER;
            case "image" -> IMAGE;
            default -> null;
        };
        List<String> verb = forms == null ? null : forms.get(args[at + 1]);
        if (verb == null) {
            return args;
        }
        List<String> out = new ArrayList<>(List.of(args).subList(0, at));
        out.addAll(verb);
        out.addAll(List.of(args).subList(at + 2, args.length));
        return out.toArray(String[]::new);
    }

    /** Where the verb is: the first word that is not one of berth's own options (or {@code --home}'s value); -1 if none. */
    private static int verbIndex(String... args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--home")) {
                i++;
            } else if (!args[i].startsWith("-")) {
                return i;
            }
        }
        return -1;
    }
}
