package dev.berth.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.Berth;
import dev.berth.Container;
import dev.berth.Image;
import java.nio.file.Files;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code berth inspect}: a JSON array with one object per container or image
 * (<a href="https://docs.docker.com/reference/cli/docker/inspect/">docker inspect</a>):
 * containers as {@code Id, Name, Created, Path, Args, State, Config} with Config the
 * container's {@code config.json}; images as their manifest and config.
 */
@Command(name = "inspect", description = "Return low-level information on containers or images")
final class InspectCommand extends Verb {
    // Trees only, printed as docker prints them: no binding, so the defaults serve.
    private static final ObjectMapper JSON = new ObjectMapper();

    @Parameters(arity = "1..*", paramLabel = "NAME|ID")
    List<String> names;

    @Override
    public Integer call() throws Exception {
        try (Berth berth = top.open()) {
            ArrayNode out = JSON.createArrayNode();
            for (String name : names) {
                Container c = berth.findContainer(name).orElse(null);
                out.add(c != null ? container(c) : image(berth, name));
            }
            System.out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(out));
            return 0;
        }
    }

    private static ObjectNode container(Container c) throws Exception {
        ObjectNode n = JSON.createObjectNode();
        n.put("Id", c.id());
        n.put("Name", "/" + c.name());
        n.put("Created", c.created().toString());
        n.put("Path", c.command().isEmpty() ? "" : c.command().get(0));
        ArrayNode args = n.putArray("Args");
        c.command().stream().skip(1).forEach(args::add);
        n.set("State", JSON.readTree(Files.readAllBytes(c.directory().resolve("state.json"))));
        n.put("Image", c.image());
        n.set("Config", JSON.readTree(Files.readAllBytes(c.directory().resolve("config.json"))));
        n.put("LogPath", c.directory().resolve("log.json").toString());
        n.putObject("NetworkSettings").set("Ports", PublishedPorts.inspected(c, JSON));
        return n;
    }

    private static ObjectNode image(Berth berth, String name) throws Exception {
        Image image = berth.images().inspect(name);
        ObjectNode n = JSON.createObjectNode();
        n.put("Id", image.id());
        ArrayNode tags = n.putArray("RepoTags");
        image.tags().forEach(tags::add);
        n.put("Digest", image.digest());
        n.set("Manifest", JSON.readTree(image.manifestJson()));
        n.set("Config", JSON.readTree(image.configJson()));
        return n;
    }
}
