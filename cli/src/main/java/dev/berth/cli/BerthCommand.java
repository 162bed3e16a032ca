package dev.berth.cli;

import dev.berth.Berth;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code berth}: the top command. Without a verb it runs {@code berth demo}. {@code --home}
 * (or {@code BERTH_HOME}) chooses the store, as {@link dev.berth.image.store.StoreLocation} does.
 */
@Command(name = "berth", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT, version = "berth 0.1.0",
        description = "A daemonless container engine: Docker's verbs, no daemon. Without a command, runs the demo.",
        exitCodeOnInvalidInput = ErrorLine.ENGINE_ERROR, exitCodeOnExecutionException = ErrorLine.ENGINE_ERROR)
final class BerthCommand implements Callable<Integer> {
    /**
     * Every verb, in the order {@code berth --help} lists them: to add a verb, add its class here,
     * one line. (Not {@code @Command(subcommands = …)}: picocli would build every verb's model at
     * each start; {@link VerbLine} registers only the one a command line names.) A method, not a
     * constant: the list loads every verb's class, which {@link DirectVerbs}' path never needs (#17).
     */
    static List<Class<?>> verbs() {
        return List.of(
                DemoCommand.class,
                PullCommand.class,
                PushCommand.class,
                ImagesCommand.class,
                RmiCommand.class,
                TagCommand.class,
                BuildCommand.class,
                RunCommand.class,
                PsCommand.class,
                ExecCommand.class,
                LogsCommand.class,
                StopCommand.class,
                KillCommand.class,
                RmCommand.class,
                InspectCommand.class,
                StatsCommand.class,
                SaveCommand.class,
                LoadCommand.class,
                CopyCommand.class,
                LoginCommand.class,
                SystemCommand.class,
                BundleCommand.class,
                ServeCommand.class,
                CreateCommand.class,
                StartCommand.class,
                RestartCommand.class,
                AttachCommand.class,
                WaitCommand.class,
                TopCommand.class,
                PauseCommand.class,
                UnpauseCommand.class,
                RenameCommand.class,
                UpdateCommand.class,
                CpCommand.class,
                PortCommand.class,
                DiffCommand.class,
                CommitCommand.class,
                ExportCommand.class,
                ImportCommand.class,
                HistoryCommand.class,
                EventsCommand.class,
                NetworkCommand.class,
                VolumeCommand.class,
                InfoCommand.class,
                VersionCommand.class,
                ContainerPruneCommand.class,
                ImagePruneCommand.class,
                LogoutCommand.class,
                SearchCommand.class);
    }

    @Option(names = "--home", paramLabel = "DIR",
            description = "Where images and containers live (default: $BERTH_HOME, else /var/lib/berth as root, else ~/.local/share/berth)")
    Path home;

    @Option(names = "--debug", description = "Print stack traces with errors")
    boolean debug;

    /** Opens the engine on the chosen home. */
    Berth open() throws IOException {
        dev.berth.namespaces.host.StartupTrace.mark("verb: opening the engine");
        return home != null ? Berth.builder().home(home).build() : Berth.open();
    }

    @Override
    public Integer call() throws Exception {
        DemoCommand demo = new DemoCommand();
        demo.top = this;
        return demo.call();
    }
}
