/** The {@code berth} command-line tool. It exports nothing; picocli and JNA reach its classes reflectively. */
module dev.berth.cli {
    requires dev.berth;
    requires dev.berth.dockerapi;
    requires info.picocli;
    requires jdk.unsupported;
    requires org.slf4j;
    requires com.sun.jna;
    requires com.fasterxml.jackson.databind;
    requires org.apache.commons.compress; // berth cp: tars to and from the host

    opens dev.berth.cli to info.picocli, com.sun.jna;

    // The library's warnings, one line each (WarningLines).
    provides org.slf4j.spi.SLF4JServiceProvider with dev.berth.cli.WarningLines;
}
