package dev.duplex.cli;

import dev.duplex.server.WebSocketServer;
import picocli.CommandLine;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code duplex serve ARGS} started in this JVM (as {@link ServeCommand#call} does), its log lines recorded. */
final class RunningServe implements AutoCloseable {
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final WebSocketServer server;

    RunningServe(String... args) throws Exception {
        ServeCommand command = new ServeCommand();
        new CommandLine(command).parseArgs(args);
        server = command.start(lines::add);
    }

    int port() {
        return server.port();
    }

    List<String> lines() {
        return List.copyOf(lines);
    }

    /** The first group (or the whole line) of the first line {@code regex} is found in, waiting up to 10 s. */
    String await(String regex) throws InterruptedException {
        Pattern pattern = Pattern.compile(regex);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            for (String line : lines) {
                Matcher m = pattern.matcher(line);
                if (m.find()) {
                    return m.groupCount() > 0 ? m.group(1) : line;
                }
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("no line matching /" + regex + "/ in " + lines);
            }
            Thread.sleep(20);
        }
    }

    @Override
    public void close() {
        server.stop(Duration.ofSeconds(1));
    }
}
