/**
 * picocli commands of the toolkit, registered by facteur-server as subcommands of
 * {@code facteur}: {@link dev.facteur.toolkit.cli.CheckCommand} ({@code check domain|server}),
 * {@link dev.facteur.toolkit.cli.AnalyzeCommand} ({@code analyze message}) and
 * {@link dev.facteur.toolkit.cli.VerifyCommand} ({@code verify address|file}).
 *
 * <p>Invariants: every command has --help, --json, --dns HOST:PORT and --timeout; its exit status
 * is its worst finding (0 ok, 1 warn, 2 error) or its verdict (0 deliverable, 1 risky, 2
 * undeliverable, 3 unknown); bad input is an IllegalArgumentException with a one-line message.
 */
package dev.facteur.toolkit.cli;
