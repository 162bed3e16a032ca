/** The JUnit 5 extension for Berth: {@code @BerthTest} and {@code @BerthContainer}. */
module dev.berth.junit {
    requires transitive dev.berth;
    requires transitive org.junit.jupiter.api;
    requires org.junit.platform.commons;

    exports dev.berth.junit;
}
