package org.thplab.launcher;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import org.thplab.launcher.script.LayoutForm;
import org.thplab.launcher.script.Plugins;
import org.thplab.launcher.script.RunOptions;
import org.thplab.launcher.script.ScriptRunner;
import org.thplab.launcher.script.Terminal;

import static org.thplab.launcher.CommandSpecs.flag;
import static org.thplab.launcher.CommandSpecs.option;
import static org.thplab.launcher.CommandSpecs.pathOption;
import static org.thplab.launcher.CommandSpecs.value;

/** {@code thplab run}: a workload script checked whole, then run on the chosen architecture and plugins. */
class RunCommand extends ScriptCommand {

    RunCommand() {
        this("run", "Check a workload script whole, then run it and print what Linux's /proc would show"
                + " (language: docs/workload-language.md).",
                "", "Exit status: 0 ran and every expect held; 1 an expect failed; 2 the script or a command"
                + " was bad (FILE:LINE: message on standard error); 3 --check found the simulator's invariants broken.",
                "", LayoutColors.LEGEND);
    }

    /** {@code run}'s options on a command of another name ({@code report}). */
    RunCommand(String name, String description, String... footer) {
        super(name, description, footer);
        spec.addOption(option("--runtime", String.class, "<runtime>").defaultValue("jpms")
                .description("How plugins are loaded: jpms (a module layer built at launch, the default) or osgi"
                        + " (bundles in an embedded Apache Felix).").build());
        spec.addOption(pathOption("DIR", false, "--osgi-dir").defaultValue("${sys:thplab.osgi}")
                .description("The OSGi service-loader mediator bundles (default: set by ./thplab).").build());
        spec.addOption(flag("--check").description("Run the invariant checker (a full recount) after every command;"
                + " when all pass, standard error ends with 'check: N invariant checks passed after M commands'.")
                .build());
        spec.addOption(option("--color", ColorWhen.class, "WHEN").arity("0..1").defaultValue("auto")
                .fallbackValue("always").preprocessor(new ColorValue())
                .description("Colour layout lines: never, always, or auto (when standard output is a terminal;"
                        + " the default). --color alone means always.").build());
        spec.addOption(option("--check-every", Integer.class, "N").description("With or without --check: run the"
                + " invariant checker after every Nth command and after the last only, so that big runs stay fast.")
                .build());
        spec.addOption(flag("--trace").description(
                "Echo each command on standard error with what it changed, after it ran:",
                "  trace LINE: COMMAND -> NAME+N NAME-N ...   (or -> no change)",
                "NAME is a /proc/vmstat counter or event (pgfault, thp_fault_alloc, thp_split_pmd, nr_anon_thps...),"
                        + " a /proc/meminfo field in kB (AnonHugePages+2048kB) or a hardware hook the processes' mms"
                        + " ran (update_mmu_cache_pmd: PMDs mapped; flush_tlb_range...).").build());
        spec.addOption(option("--layout", LayoutForm.class, "FORM").defaultValue("full")
                .converters(new LayoutFormConverter())
                .description("How layout lines show a region: full (one character per PMD extent, the default) or"
                        + " runs (runs of one character as C×N, e.g. H×512 p .×3, for long regions).")
                .build());
    }

    @Override
    String runtime() {
        return value(spec, "--runtime");
    }

    @Override
    Path osgiDir() {
        return value(spec, "--osgi-dir");
    }

    /** When {@code layout} lines are coloured. */
    enum ColorWhen { never, always, auto }

    /** {@code --color SCRIPT}: a bare --color takes the next argument only if it is one of the values. */
    static final class ColorValue implements picocli.CommandLine.IParameterPreprocessor {
        @Override
        public boolean preprocess(java.util.Stack<String> args, picocli.CommandLine.Model.CommandSpec spec,
                                  picocli.CommandLine.Model.ArgSpec argSpec, java.util.Map<String, Object> info) {
            boolean attached = "=".equals(info.get("separator"));
            if (!attached && (args.isEmpty() || !java.util.Set.of("never", "always", "auto").contains(args.peek()))) {
                args.push("always");
            }
            return false;
        }
    }

    private RunOptions options;

    @Override
    void validate() {
        boolean check = value(spec, "--check");
        Integer checkEvery = value(spec, "--check-every");
        options = new RunOptions(check || checkEvery != null, checkEvery == null ? 1 : checkEvery,
                value(spec, "--trace"), value(spec, "--layout"));
    }

    @Override
    final int execute(String name, List<String> lines, Plugins plugins, PrintWriter out, PrintWriter err)
            throws IOException {
        return runScript(name, lines, plugins, options, colouring(out), err);
    }

    /** Runs the checked script; {@code thplab report} records it on the way. */
    int runScript(String name, List<String> lines, Plugins plugins, RunOptions options, PrintWriter out,
                  PrintWriter err) throws IOException {
        return ScriptRunner.run(name, lines, plugins, out, err, options);
    }

    /** {@code out}, colouring layout lines if {@code --color} says so. */
    private PrintWriter colouring(PrintWriter out) {
        ColorWhen color = value(spec, "--color");
        boolean on = color == ColorWhen.always || color == ColorWhen.auto && Terminal.stdout();
        return on ? new PrintWriter(new LayoutColors(out)) : out;
    }

    /** {@code --layout full|runs}, in lower case as the help shows them. */
    static final class LayoutFormConverter implements picocli.CommandLine.ITypeConverter<LayoutForm> {
        @Override
        public LayoutForm convert(String value) {
            return switch (value) {
                case "full" -> LayoutForm.FULL;
                case "runs" -> LayoutForm.RUNS;
                default -> throw new picocli.CommandLine.TypeConversionException("expected full or runs, not '"
                        + value + "'");
            };
        }
    }
}
