package dev.berth.cli;

import dev.berth.Berth;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A verb registered in more than one place ({@code berth info} and {@code berth system info}):
 * it reaches the engine through the root command, whatever its parent.
 */
abstract class RootVerb implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    Berth open() throws IOException {
        return ((BerthCommand) spec.root().userObject()).open();
    }
}
