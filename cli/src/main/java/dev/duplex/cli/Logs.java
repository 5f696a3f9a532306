package dev.duplex.cli;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Sets up one-line log output on stderr for the library's {@code System.Logger} messages. */
final class Logs {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

    private Logs() {
    }

    static void configure(boolean verbose) {
        Logger root = Logger.getLogger("");
        for (var h : root.getHandlers()) {
            root.removeHandler(h);
        }
        ConsoleHandler handler = new ConsoleHandler();
        handler.setLevel(Level.ALL);
        handler.setFormatter(new Formatter() {
            @Override
            public String format(LogRecord r) {
                String msg = formatMessage(r);
                String err = r.getThrown() == null ? "" : ": " + r.getThrown();
                return LocalTime.now().format(TIME) + " " + r.getLevel().getName().charAt(0) + " " + msg + err
                        + System.lineSeparator();
            }
        });
        root.addHandler(handler);
        root.setLevel(verbose ? Level.FINE : Level.WARNING);
        Logger.getLogger("dev.duplex").setLevel(verbose ? Level.FINE : Level.WARNING);
    }

    /** A line for the operator: what happened, on stderr, with a time stamp. */
    static void line(String message) {
        System.err.println(LocalTime.now().format(TIME) + " " + message);
    }
}
