package org.thplab.launcher;

import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * picocli's model of a command, declared in code rather than by annotations. Reading
 * annotations costs the JVM one dynamic proxy class per annotation type, generated at run
 * time and never in the AOT cache: about 40 ms of a 140 ms start-up (issue 12). The
 * model, the parsing, the help and the errors are picocli's as before; only the declaration
 * moved into each command's constructor.
 */
final class CommandSpecs {

    private CommandSpecs() {
        // static helpers only
    }

    /**
     * A command named {@code name} whose {@code call()} or {@code run()} is {@code command}'s,
     * with {@code -h, --help} and {@code -V, --version} (what {@code mixinStandardHelpOptions}
     * adds, declared here because that mixin is read from annotations).
     */
    static CommandSpec command(String name, Object command, String description, String... footer) {
        CommandSpec spec = CommandSpec.wrapWithoutInspection(command).name(name);
        spec.usageMessage().description(description).footer(footer);
        spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true)
                .description("Show this help message and exit.").build());
        spec.addOption(OptionSpec.builder("-V", "--version").versionHelp(true)
                .description("Print version information and exit.").build());
        return spec;
    }

    /**
     * Paths are made by {@link Path#of} directly: picocli's own converter calls {@code Paths.get}
     * by reflection, and the JVM spins method-handle classes for that call at every start.
     */
    static final ITypeConverter<Path> PATH = Path::of;

    /** An option taking one value of {@code type}, shown as {@code label} in the help. */
    static OptionSpec.Builder option(String name, Class<?> type, String label) {
        return OptionSpec.builder(name).type(type).paramLabel(label);
    }

    /** An option taking a path, or (repeated) a list of paths when {@code repeatable}. */
    static OptionSpec.Builder pathOption(String label, boolean repeatable, String... names) {
        OptionSpec.Builder option = OptionSpec.builder(names).paramLabel(label).converters(PATH);
        return repeatable ? option.type(List.class).auxiliaryTypes(Path.class) : option.type(Path.class);
    }

    /** The workload script every script command takes: a path, or - for standard input. */
    static PositionalParamSpec script() {
        return PositionalParamSpec.builder().type(Path.class).converters(PATH).paramLabel("SCRIPT").required(true)
                .description("The workload script (.wl), or - for standard input.").build();
    }

    /** {@code --arch NAME}, x86_64 by default. */
    static OptionSpec arch() {
        return option("--arch", String.class, "<arch>").defaultValue("x86_64")
                .description("The architecture: x86_64, ppc64 or ppc64-radix (default: ${DEFAULT-VALUE}).").build();
    }

    /** An option that takes no value: false unless given. */
    static OptionSpec.Builder flag(String name) {
        return OptionSpec.builder(name).type(boolean.class).initialValue(false);
    }

    /** The parsed value of {@code spec}'s option {@code name} (its default, or null, when not given). */
    static <T> T value(CommandSpec spec, String name) {
        return spec.findOption(name).getValue();
    }
}
