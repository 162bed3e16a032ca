package dev.berth.testcontainers.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.berth.namespaces.testing.RequiresRoot;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.startupcheck.OneShotStartupCheckStrategy;
import org.testcontainers.images.builder.ImageFromDockerfile;

/** {@code ImageFromDockerfile} with two stages, built by Berth from the context Testcontainers sends. */
@RequiresRoot("Berth builds and runs the image as root")
class DockerfileTest {

    @Test
    void aTwoStageDockerfileIsBuiltAndRun() {
        ImageFromDockerfile image = new ImageFromDockerfile()
                .withFileFromString("message.txt", "from the context\n")
                .withFileFromString("Dockerfile", String.join("\n",
                        "FROM " + LocalImages.BUSYBOX_REFERENCE + " AS build",
                        "COPY message.txt /work/message.txt",
                        "RUN echo built in stage one >> /work/message.txt",
                        "",
                        "FROM " + LocalImages.BUSYBOX_REFERENCE,
                        "COPY --from=build /work/message.txt /srv/message.txt",
                        "CMD [\"cat\", \"/srv/message.txt\"]",
                        ""));
        try (GenericContainer<?> c = new GenericContainer<>(image)
                .withStartupCheckStrategy(new OneShotStartupCheckStrategy().withTimeout(Duration.ofSeconds(60)))) {
            c.start();
            assertEquals("from the context\nbuilt in stage one\n", c.getLogs());
        }
    }
}
