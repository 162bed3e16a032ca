package dev.berth;

import java.nio.file.Path;

/**
 * A JVM for {@link AutoRemoveTest} that does what {@code berth run -d --rm} does: opens the Berth
 * home args[0], starts two detached {@code --rm} containers that each exit when the file named
 * in args[1] (resp. args[2]) appears in the bound directory args[3], prints their ids and exits.
 */
public final class AutoRemovingJvmMain {
    private AutoRemovingJvmMain() {
    }

    public static void main(String[] args) throws Exception {
        Berth berth = Berth.builder().home(Path.of(args[0])).build();
        StringBuilder ids = new StringBuilder();
        for (String flag : new String[] {args[1], args[2]}) {
            Container c = berth.container(BusyboxImage.REFERENCE).detached(true).autoRemove(true)
                    .bind(Path.of(args[3]), "/flags", true)
                    .command("sh", "-c", "until [ -e /flags/" + flag + " ]; do sleep 0.05; done").start();
            ids.append(c.id()).append(' ');
        }
        System.out.println(ids.toString().strip());
        System.out.flush();
    }
}
