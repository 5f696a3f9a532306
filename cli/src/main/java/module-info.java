/** The {@code duplex} command-line tool: serve, connect, testee-client. */
module dev.duplex.cli {
    requires dev.duplex.server;
    requires dev.duplex.client;
    requires info.picocli;
    requires java.logging;

    exports dev.duplex.cli.demo;
    opens dev.duplex.cli to info.picocli;
}
