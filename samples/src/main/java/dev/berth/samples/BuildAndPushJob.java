package dev.berth.samples;

import dev.berth.Berth;
import dev.berth.DemoImage;
import dev.berth.Image;
import dev.berth.RegistryAuth;
import dev.berth.image.ProgressListener;
import java.nio.file.Path;

/**
 * A batch job, as a Kubernetes Job runs it ({@code samples/kubernetes/build-push-job.yaml}):
 * builds an image with {@link dev.berth.ImageBuilder} ({@code RUN} steps in containers of the
 * pod) and pushes it to a registry. The target is {@code IMAGE} (such as
 * {@code registry.example.com/team/built:1}); {@code REGISTRY_USER} and {@code REGISTRY_PASSWORD}
 * give Basic credentials when set, otherwise {@code ~/.docker/config.json} (a mounted Secret) is read.
 *
 * <pre>IMAGE=127.0.0.1:5000/built:1 java -cp samples/target/berth-samples.jar dev.berth.samples.BuildAndPushJob [BERTH_HOME]</pre>
 */
public final class BuildAndPushJob {
    private BuildAndPushJob() {
    }

    public static void main(String[] args) throws Exception {
        String target = System.getenv("IMAGE");
        if (target == null || target.isEmpty()) {
            System.err.println("set IMAGE to the reference to push, e.g. registry.example.com/team/built:1");
            System.exit(2);
        }
        String user = System.getenv("REGISTRY_USER");
        RegistryAuth auth = user == null ? null : RegistryAuth.basic(user, System.getenv("REGISTRY_PASSWORD"));
        try (Berth berth = args.length > 0 ? Berth.builder().home(Path.of(args[0])).build() : Berth.open()) {
            System.out.print(berth.hostReport());
            Image base = DemoImage.build(berth); // no network needed for the base; a pulled one works the same
            Image built = berth.imageBuilder().from(base)
                    .run("mkdir -p /app && echo 'built by a Kubernetes Job with Berth' > /app/README")
                    .workdir("/app").cmd("cat", "/app/README")
                    .build(target);
            System.out.println("built " + target + " " + built.id());
            if (auth == null) {
                berth.push(target);
            } else {
                berth.push(target, auth, ProgressListener.NONE);
            }
            System.out.println("pushed " + target);
        }
    }
}
