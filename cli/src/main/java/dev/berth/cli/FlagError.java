package dev.berth.cli;

/**
 * A flag's value that docker's CLI refuses while it reads its flags, before it asks the engine
 * ({@code invalid argument "X" for "--add-host" flag: …}): exit 125 for every verb, as docker's
 * flag errors.
 */
final class FlagError extends IllegalArgumentException {
    FlagError(String flag, String value, String why, Throwable cause) {
        super("invalid argument \"" + value + "\" for \"" + flag + "\" flag: " + why, cause);
    }
}
