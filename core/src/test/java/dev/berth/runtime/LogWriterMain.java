package dev.berth.runtime;

import dev.berth.log.LogRecord;
import java.nio.file.Path;

/** A separate JVM's writer for {@link ContainerLogAcrossJvmsTest}: pumps its stdin into the log until EOF. */
public final class LogWriterMain {
    private LogWriterMain() {
    }

    public static void main(String[] args) throws Exception {
        try (ContainerLogWriter w = ContainerLog.at(Path.of(args[0])).openWriter()) {
            w.pump(System.in, LogRecord.Source.STDOUT);
        }
    }
}
