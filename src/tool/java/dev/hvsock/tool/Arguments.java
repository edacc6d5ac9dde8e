package dev.hvsock.tool;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A command's parsed arguments: options (declared by the command, plus --help and --debug) and the
 * positional arguments in order. Options may appear anywhere; {@code --} ends them.
 */
final class Arguments {
    private final String command;
    private final Set<String> flags = new HashSet<>();
    private final Map<String, String> values = new HashMap<>();
    private final List<String> positionals = new ArrayList<>();

    private Arguments(String command) {
        this.command = command;
    }

    static Arguments parse(String command, List<Option> declared, List<String> args) throws CliException {
        Arguments parsed = new Arguments(command);
        boolean optionsEnded = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (optionsEnded || arg.equals("-") || !arg.startsWith("-")) {
                parsed.positionals.add(arg);
                continue;
            }
            if (arg.equals("--")) {
                optionsEnded = true;
                continue;
            }
            String name = arg;
            String inlineValue = null;
            int equals = arg.indexOf('=');
            if (arg.startsWith("--") && equals > 0) {
                name = arg.substring(0, equals);
                inlineValue = arg.substring(equals + 1);
            }
            Option option = find(declared, name);
            if (option == null) {
                throw CliException.usage("unknown option " + name + " (see: hvsock " + command + " --help)");
            }
            if (!option.takesValue()) {
                if (inlineValue != null) {
                    throw CliException.usage("option --" + option.name() + " takes no value");
                }
                parsed.flags.add(option.name());
            } else {
                String value = inlineValue;
                if (value == null) {
                    if (i + 1 >= args.size()) {
                        throw CliException.usage("option --" + option.name() + " needs a value (" + option.valueName()
                                + ")");
                    }
                    value = args.get(++i);
                }
                parsed.values.put(option.name(), value);
            }
        }
        return parsed;
    }

    private static Option find(List<Option> declared, String arg) {
        for (Option o : declared) {
            if (arg.equals("--" + o.name()) || (o.alias() != null && arg.equals("-" + o.alias()))) {
                return o;
            }
        }
        return null;
    }

    boolean flag(String name) {
        return flags.contains(name);
    }

    Optional<String> value(String name) {
        return Optional.ofNullable(values.get(name));
    }

    List<String> positionals() {
        return positionals;
    }

    /** Checks that there are exactly the positional arguments {@code names} and returns them. */
    List<String> expect(String... names) throws CliException {
        if (positionals.size() < names.length) {
            throw CliException.usage("missing " + names[positionals.size()] + " (see: hvsock " + command
                    + " --help)");
        }
        if (positionals.size() > names.length) {
            throw CliException.usage("unexpected argument \"" + positionals.get(names.length) + "\" (see: hvsock "
                    + command + " --help)");
        }
        return positionals;
    }

    /** A whole number of seconds or a decimal ({@code 2}, {@code 0.5}) from option {@code name}, in milliseconds. */
    int millis(String name, int defaultMillis) throws CliException {
        String text = values.get(name);
        if (text == null) {
            return defaultMillis;
        }
        try {
            double seconds = Double.parseDouble(text);
            if (!(seconds > 0) || seconds > 86_400) {
                throw new NumberFormatException();
            }
            return (int) Math.max(1, Math.round(seconds * 1000));
        } catch (NumberFormatException e) {
            throw CliException.usage("bad --" + name + " \"" + text + "\": want seconds, more than 0 (e.g. 5 or 0.5)");
        }
    }

    /** A positive integer from option {@code name}. */
    long positiveNumber(String name, long defaultValue) throws CliException {
        String text = values.get(name);
        if (text == null) {
            return defaultValue;
        }
        try {
            long n = Long.parseLong(text);
            if (n <= 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw CliException.usage("bad --" + name + " \"" + text + "\": want a whole number greater than 0");
        }
    }
}
