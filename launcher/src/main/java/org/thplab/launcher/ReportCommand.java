package org.thplab.launcher;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import org.thplab.launcher.report.ReportPage;
import org.thplab.launcher.report.ReportRecorder;
import org.thplab.launcher.script.Plugins;
import org.thplab.launcher.script.RunOptions;
import org.thplab.launcher.script.ScriptRunner;

/**
 * {@code thplab report}: {@code run}, recorded step by step and written as one self-contained
 * HTML page. Same checks, output and exit status as {@code run}.
 */
final class ReportCommand extends RunCommand {

    ReportCommand() {
        super("report", "Run a workload script as 'run' does and write what every step did as one HTML page"
                + " (PMD extents of every region, counters over the steps, the output), viewable offline.",
                "", "Exit status: as 'run'. The page is written whenever the script ran, even if a command failed.");
        spec.addOption(CommandSpecs.pathOption("FILE", false, "-o", "--output")
                .description("Where to write the page (default: the script's name with .html, in the current folder).")
                .build());
    }

    @Override
    int runScript(String name, List<String> lines, Plugins plugins, RunOptions options, PrintWriter out,
                  PrintWriter err)
            throws IOException {
        ReportRecorder recorder = new ReportRecorder(lines, out, err);
        PrintWriter tapOut = recorder.out();
        PrintWriter tapErr = recorder.err();
        int status = ScriptRunner.run(name, lines, plugins, tapOut, tapErr, options, recorder);
        tapOut.flush();
        tapErr.flush();
        if (recorder.steps() == 0 && status == ScriptRunner.BAD_SCRIPT) {
            return status; // the script did not pass its check: nothing ran, nothing to show
        }
        Path output = CommandSpecs.value(spec, "--output");
        Path file = output != null ? output : defaultOutput();
        try {
            ReportPage.write(recorder, name, status, file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write the report to " + file + ": " + e.getMessage(), e);
        }
        err.println("thplab: report written to " + file);
        return status;
    }

    private Path defaultOutput() {
        String base = script().getFileName().toString();
        if (base.equals("-")) {
            return Path.of("report.html"); // a script from standard input has no name to borrow
        }
        return Path.of(base.endsWith(".wl") ? base.substring(0, base.length() - 3) + ".html" : base + ".html");
    }
}
