package dev.duplex.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code duplex} command. */
@Command(name = "duplex", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "A WebSocket toolkit: server, client and conformance tools.",
        subcommands = {ServeCommand.class, ConnectCommand.class, TesteeClientCommand.class, BenchCommand.class,
                CommandLine.HelpCommand.class})
public final class Main {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (for tests). */
    public static int run(String... args) {
        return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"duplex " + (v == null ? "development build" : v),
                    "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"};
        }
    }
}
