package dev.berth.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.ParentCommand;

/** A {@code berth} verb: reaches the top command for the home and the engine. */
abstract class Verb implements Callable<Integer> {
    @ParentCommand
    BerthCommand top;
}
