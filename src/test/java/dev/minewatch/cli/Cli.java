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

    static Run run(String... args) {
        return runWithInput(new byte[0], args);
    }

    /** Runs a command with {@code stdin} as its standard input. */
    static Run runWithInput(byte[] stdin, String... args) {
        return runWithInput(stdin, Main::commandLine, args);
    }

    /**
     * Runs a command through the command line {@code cli} makes (one with a scan step of its own, say): made once the
     * streams are captured, as the commands take them when they are made.
     */
    static Run runThrough(java.util.function.Supplier<picocli.CommandLine> cli, String... args) {
        return runWithInput(new byte[0], cli, args);
    }

    private static synchronized Run runWithInput(byte[] stdin, java.util.function.Supplier<picocli.CommandLine> made,
                                                 String... args) {
        java.io.InputStream in = System.in;
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        StringWriter picocliOut = new StringWriter();
        try {
            System.setIn(new java.io.ByteArrayInputStream(stdin));
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            var cli = made.get();
            cli.setOut(new PrintWriter(picocliOut, true));
            int code = cli.execute(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8) + picocliOut, err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setIn(in);
            System.setOut(stdout);
            System.setErr(stderr);
        }
    }
}
