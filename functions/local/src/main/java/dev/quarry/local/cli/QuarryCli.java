package dev.quarry.local.cli;

import dev.quarry.core.QuarryException;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The command line as a person meets it: {@code --help} and {@code -h} on every command (exit 0), defaults shown
 * with their configured values, and mistakes answered with one line saying what was wrong and what to do: exit 2
 * for a usage error, 1 for a failure, a stack trace only with {@code --verbose}.
 */
public final class QuarryCli {

    /** Exit status of a command that ran and failed (a document, the index, a model, a dependency). */
    public static final int FAILURE = 1;

    /** Exit status of a command given wrongly (an option out of range, a path that does not exist). */
    public static final int USAGE = 2;

    private QuarryCli() {}

    /** The {@code quarry} command line with its commands created by {@code factory}. */
    public static CommandLine create(CommandLine.IFactory factory, boolean verbose) {
        CommandLine cli = new CommandLine(new QuarryCommand(), factory);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setDefaultValueProvider(QuarryCli::configuredDefault);
        cli.setParameterExceptionHandler(QuarryCli::usageError);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> failure(e, commandLine, verbose));
        helpEverywhere(cli, cli.getCommandSpec().version());
        EXAMPLES.forEach((path, example) -> {
            CommandLine sub = cli;
            for (String name : path.split(" ")) {
                sub = sub == null ? null : sub.getSubcommands().get(name);
            }
            if (sub != null && sub.getCommandSpec().usageMessage().footer().length == 0) {
                sub.getCommandSpec().usageMessage().footer("", "Example:", "  " + example);
            }
        });
        return cli;
    }

    /** An example for each command that does not show its own. */
    private static final Map<String, String> EXAMPLES = Map.of(
            "bench", "./quarry bench query --short",
            "bench cache", "./quarry bench cache --pairs pairs.jsonl   (labelled pairs; Redis on 127.0.0.1:6379)",
            "bench cache-train", "./quarry bench cache-train --train train.jsonl --embedder all-minilm-l6-v2",
            "bench ingest", "./quarry bench ingest --short",
            "bench query", "./quarry bench query --short",
            "bench scale", "./quarry bench scale --short",
            "bench load", "./quarry bench load --short",
            "help", "./quarry help ask");

    /** Whether {@code args} ask for details ({@code -v} or {@code --verbose} before any {@code --}). */
    public static boolean verbose(String... args) {
        for (String arg : args) {
            if (arg.equals("--")) {
                return false;
            }
            if (arg.equals("-v") || arg.equals("--verbose")) {
                return true;
            }
        }
        return false;
    }

    /** {@code --help}, {@code -h} and {@code --version} on every command and subcommand. */
    private static void helpEverywhere(CommandLine cli, String[] version) {
        CommandSpec spec = cli.getCommandSpec();
        if (spec.findOption("--help") == null) {
            spec.mixinStandardHelpOptions(true);
        }
        if (spec.version().length == 0) {
            spec.version(version);
        }
        cli.getSubcommands().values().forEach(sub -> helpEverywhere(sub, version));
    }

    /**
     * The default of an option whose {@code descriptionKey} names a {@code quarry.*} property: the property's
     * configured value, so {@code --help} shows the value in force ({@code ${DEFAULT-VALUE}}), not its name.
     */
    static String configuredDefault(ArgSpec arg) {
        if (!(arg instanceof OptionSpec option)) {
            return null;
        }
        String key = option.descriptionKey();
        if (key == null || !key.startsWith("quarry.")) {
            return null;
        }
        try {
            Config config = ConfigProvider.getConfig();
            return config.getOptionalValue(key, String.class).orElse(null);
        } catch (IllegalStateException noConfig) {
            return null;
        }
    }

    /** A mistake in the command: one line saying what was wrong, one saying where to read how. */
    private static int usageError(ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println(cmd.getCommandSpec().qualifiedName() + ": " + e.getMessage());
        UnmatchedArgumentException.printSuggestions(e, err);
        err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for the options and an example.");
        if (verbose(args)) {
            e.printStackTrace(err);
        }
        err.flush();
        return USAGE;
    }

    /** A command that failed: its cause in one line, the stack trace only when asked for. */
    private static int failure(Exception e, CommandLine cmd, boolean verbose) {
        PrintWriter err = cmd.getErr();
        Throwable cause = explaining(e);
        err.println(cmd.getCommandSpec().qualifiedName() + ": " + message(cause));
        if (verbose) {
            e.printStackTrace(err);
        } else {
            err.println("(run again with --verbose for the details)");
        }
        err.flush();
        return isUsage(cause) ? USAGE : FAILURE;
    }

    /** The most telling throwable of {@code e}'s chain: the first {@link QuarryException}, else the root cause. */
    static Throwable explaining(Throwable e) {
        Throwable root = e;
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof QuarryException || t instanceof ParameterException) {
                return t;
            }
            root = t;
        }
        return root;
    }

    /** One line: the message (a {@link QuarryException}'s starts with its reason), else the type of error. */
    static String message(Throwable cause) {
        String message = Optional.ofNullable(cause.getMessage())
                .map(m -> m.lines().findFirst().orElse(""))
                .orElse("");
        if (cause instanceof QuarryException) {
            return message;
        }
        String type = cause.getClass().getSimpleName();
        return message.isBlank() ? type : type + ": " + message;
    }

    private static boolean isUsage(Throwable cause) {
        return cause instanceof QuarryException q
                && List.of(
                                QuarryException.Reason.INVALID_REQUEST,
                                QuarryException.Reason.INVALID_KEY,
                                QuarryException.Reason.INVALID_TENANT)
                        .contains(q.reason());
    }
}
