/**
 * picocli commands of the toolkit, registered by facteur-server as subcommands of
 * {@code facteur}: {@link dev.facteur.toolkit.cli.CheckCommand} ({@code check domain|server}),
 * {@link dev.facteur.toolkit.cli.AnalyzeCommand} ({@code analyze message}) and
 * {@link dev.facteur.toolkit.cli.VerifyCommand} ({@code verify address|file}).
 *
 * <p>Invariants: every command has --help, --json, --dns HOST:PORT and --timeout; its exit status
 * is its worst finding (0 ok, 3 warnings, 4 errors) or its verdict (0 deliverable, 3 risky, 4
 * undeliverable, 5 unknown), distinct from 1 (could not run) and 2 (usage error), see
 * {@link dev.facteur.toolkit.cli.ExitStatus}; bad input is an IllegalArgumentException with a one-line message.
 */
package dev.facteur.toolkit.cli;
