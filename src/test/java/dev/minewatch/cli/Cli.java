package dev.minewatch.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

/** Runs a minewatch command in this JVM, as a user would from the shell, capturing its streams. */
final class Cli {

    /** What a command did: its exit code, standard output and standard error. */
    record Run(int exitCode, String out, String err) {}

    private Cli() {}

    static synchronized Run run(String... args) {
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        StringWriter picocliOut = new StringWriter();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            var cli = Main.commandLine();
            cli.setOut(new PrintWriter(picocliOut, true));
            int code = cli.execute(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8) + picocliOut, err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
        }
    }
}
