package dev.hvsock.tool;

/**
 * A command-line option: {@code --name}, optionally with a one-letter {@code -alias}; it takes a value
 * ({@code --name VALUE} or {@code --name=VALUE}) when {@code valueName} is not null, else it is a flag.
 */
record Option(String name, String alias, String valueName, String description) {
    static final Option HELP = flag("help", "h", "show this help and exit");
    static final Option DEBUG = flag("debug", null, "print the stack trace of an error, not just its one-line message");

    static Option flag(String name, String alias, String description) {
        return new Option(name, alias, null, description);
    }

    static Option valued(String name, String alias, String valueName, String description) {
        return new Option(name, alias, valueName, description);
    }

    boolean takesValue() {
        return valueName != null;
    }

    /** How the option appears in help: {@code -t, --timeout SECONDS}. */
    String synopsis() {
        return (alias != null ? "-" + alias + ", " : "    ") + "--" + name + (takesValue() ? " " + valueName : "");
    }
}
