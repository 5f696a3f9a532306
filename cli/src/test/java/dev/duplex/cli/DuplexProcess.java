package dev.duplex.cli;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The {@code duplex} command as a separate process ({@code java dev.duplex.cli.Main ARGS}, on this JVM's class and
 * module path, as {@code java -jar duplex.jar} runs it): for what depends on its own standard streams.
 */
final class DuplexProcess {
    private final Process process;
    private final CompletableFuture<String> stdout;
    private final CompletableFuture<String> stderr;

    DuplexProcess(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-cp", classPath(), Main.class.getName()));
        command.addAll(List.of(args));
        process = new ProcessBuilder(command).start();
        stdout = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
        stderr = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
    }

    /** Every entry of the module path and class path: the command runs them all as the unnamed module. */
    private static String classPath() {
        List<String> entries = new ArrayList<>();
        for (String property : List.of("jdk.module.path", "java.class.path")) {
            String value = System.getProperty(property);
            if (value != null && !value.isEmpty()) {
                entries.add(value);
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    private static String read(java.io.InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(reading failed: " + e + ")";
        }
    }

    /** Writes {@code text} to the standard input, then ends it. */
    DuplexProcess input(String text) throws IOException {
        try (OutputStream in = process.getOutputStream()) {
            in.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return this;
    }

    /** Waits up to 60 s for the exit; the exit code. */
    int exitCode() throws InterruptedException {
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("duplex did not exit; standard error so far is not available");
        }
        return process.exitValue();
    }

    String stdout() throws Exception {
        exitCode();
        return stdout.get(10, TimeUnit.SECONDS);
    }

    String stderr() throws Exception {
        exitCode();
        return stderr.get(10, TimeUnit.SECONDS);
    }
}
