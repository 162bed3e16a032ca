package dev.berth.cli;

import dev.berth.Berth;
import dev.berth.Container;
import dev.berth.log.LogStream;
import dev.berth.log.LogQuery;
import dev.berth.log.LogRecord;
import java.io.PrintStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth logs}: prints a container's output, stdout to stdout and stderr to stderr
 * (<a href="https://docs.docker.com/reference/cli/docker/container/logs/">docker logs</a>);
 * {@code -f} follows it until the container exits. The rotated files are read too, oldest first;
 * if the log stopped being written (a full disk), one line on stderr says so at the end.
 */
@Command(name = "logs", description = "Fetch the logs of a container")
final class LogsCommand extends Verb {
    @Option(names = {"-f", "--follow"}, description = "Follow log output")
    boolean follow;

    @Option(names = {"-n", "--tail"}, paramLabel = "N", description = "Number of lines to show from the end of the logs")
    Integer tail;

    @Option(names = {"-t", "--timestamps"}, description = "Show timestamps")
    boolean timestamps;

    @Option(names = "--since", paramLabel = "TIME",
            description = "Show logs since a timestamp (e.g. 2013-01-02T13:23:37Z) or relative (e.g. 42m for 42 minutes)")
    String since;

    @Option(names = "--until", paramLabel = "TIME",
            description = "Show logs before a timestamp (e.g. 2013-01-02T13:23:37Z) or relative (e.g. 42m for 42 minutes)")
    String until;

    @Parameters(paramLabel = "CONTAINER")
    String container;

    @Override
    public Integer call() throws Exception {
        try (Berth berth = top.open()) {
            Container c = Containers.find(berth, container);
            LogQuery query = tail == null ? LogQuery.all() : LogQuery.all().tail(tail);
            java.time.Instant now = java.time.Instant.now();
            if (since != null) {
                query = query.since(EventsCommand.time(since, now));
            }
            if (until != null) {
                query = query.until(EventsCommand.time(until, now));
            }
            if (follow) {
                try (LogStream f = c.followLogs(query)) {
                    while (f.hasNext()) {
                        print(f.next());
                    }
                }
            } else {
                for (LogRecord r : c.logRecords(query)) {
                    print(r);
                }
            }
            // Once, after the output: what was printed is all the file has.
            c.logWriteFailure().ifPresent(f -> System.err.println(
                    "berth: the log of container " + c.name() + " is no longer written: " + f));
            return 0;
        }
    }

    private void print(LogRecord r) {
        PrintStream to = r.source() == LogRecord.Source.STDERR ? System.err : System.out;
        if (timestamps) {
            to.print(r.time() + " ");
        }
        to.write(r.bytes(), 0, r.bytes().length);
        to.flush();
    }
}
