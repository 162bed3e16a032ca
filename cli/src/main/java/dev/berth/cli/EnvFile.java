package dev.berth.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * docker's {@code --env-file}: a line {@code KEY=VALUE} each (the value as written, quotes
 * included), {@code KEY} alone for the host's value, {@code #} comments and blank lines skipped,
 * leading blanks ignored; a name with blanks in it is refused with docker's message.
 *
 * @see <a href="https://docs.docker.com/reference/cli/docker/container/run/#env">docker run --env-file</a>
 */
final class EnvFile {
    private EnvFile() {
    }

    /** The file's variables as {@code -e} takes them, in its order. */
    static List<String> read(Path file) {
        List<String> lines;
        try {
            String text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file))).toString();
            lines = List.of(text.split("\r?\n", -1));
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("open " + file + ": no such file or directory");
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("env file " + file + " contains invalid utf8 bytes");
        } catch (IOException e) {
            throw new UncheckedIOException("read " + file + ": " + e.getMessage(), e);
        }
        List<String> variables = new ArrayList<>();
        for (String raw : lines) {
            String line = raw.stripLeading();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            String name = eq < 0 ? line : line.substring(0, eq);
            if (name.isEmpty()) {
                throw new IllegalArgumentException("invalid environment variable: " + line);
            }
            if (name.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException("variable '" + name + "' contains whitespaces");
            }
            variables.add(line);
        }
        return variables;
    }
}
