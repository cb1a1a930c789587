package org.thplab.launcher;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** What one in-process {@code thplab} command printed and returned. */
record CliResult(int status, String out, String err) {

    /** Runs {@code args} through the same command line {@code main} uses, capturing both streams. */
    static CliResult run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int status = cl.execute(args);
        return new CliResult(status, out.toString(), err.toString());
    }
}
