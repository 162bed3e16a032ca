package dev.berth;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * A JVM for {@link DetachedContainerTest}: opens the home args[0], starts a detached container
 * with memory limit args[1] in bytes (0: none) and command args[2..], prints its id and returns,
 * so that only its stage-1 helper sees it end.
 */
public final class DetachedExitMain {
    private DetachedExitMain() {
    }

    public static void main(String[] args) throws Exception {
        Berth berth = Berth.builder().home(Path.of(args[0])).build();
        Container c = berth.container(BusyboxImage.REFERENCE).detached(true).memory(Long.parseLong(args[1]))
                .command(Arrays.copyOfRange(args, 2, args.length)).start();
        System.out.println(c.id());
        System.out.flush();
    }
}
