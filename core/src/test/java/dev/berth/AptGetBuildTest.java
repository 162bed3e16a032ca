package dev.berth;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The case: {@code RUN apt-get update} on a Debian base, against the Debian mirror this
 * machine's apt uses (read from /etc/apt, never written into the repository), with the build's
 * default network. Skipped, saying why, where that mirror cannot be reached or no Debian root can
 * be made. A network test: run it under {@code flock /tmp/berth-net.lock}.
 */
class AptGetBuildTest extends BusyboxContainers {
    @Test
    void aptGetUpdateInARunStepFetchesTheMirrorsPackageLists() throws Exception {
        URI mirror = DebianMirror.fromHost().orElse(null);
        assumeTrue(mirror != null, "no http Debian mirror in /etc/apt/sources.list(.d)");
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(mirror.getHost(), mirror.getPort() < 0 ? 80 : mirror.getPort()), 5000);
        } catch (java.io.IOException e) {
            assumeTrue(false, "the Debian mirror " + mirror + " of /etc/apt cannot be reached: " + e);
        }
        String suite = DebianRoot.hostSuite().orElse(null);
        assumeTrue(suite != null, "the host is not Debian: no suite to take from its mirror");
        StringBuilder why = new StringBuilder();
        Path tar = DebianRoot.tar(suite, mirror, why);
        assumeTrue(tar != null, why.toString());

        try (InputStream in = Files.newInputStream(tar)) {
            berth.importImage(in, CommitOptions.create().reference("berth.test/debian:" + suite)
                    .change("ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"));
        }
        StringBuilder output = new StringBuilder();
        Image image = berth.imageBuilder().listener(new BuildListener() {
            @Override
            public void output(int step, String line) {
                synchronized (output) {
                    output.append(line).append('\n');
                }
            }
        }).from("berth.test/debian:" + suite)
                .run("apt-get update && ls /var/lib/apt/lists | grep -c '_dists_" + suite + "_' > /lists")
                .build("berth.test/apt-get:1");
        assertTrue(output.toString().contains("Reading package lists"), output.toString());
        try (Container c = berth.container(image).command("cat", "/lists").start()) {
            assertTrue(c.waitFor(Duration.ofSeconds(30)).isPresent());
            assertTrue(Integer.parseInt(c.logs().trim()) > 0, "no package lists of " + suite + ": " + c.logs());
        }
    }
}
