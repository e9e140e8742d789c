/**
 * The command line (picocli): serve, init, config, admin and the toolkit commands. Every
 * command has --help; failures print one line and exit non-zero (1 for failures, 2 for usage
 * errors). Passwords are never read from argv.
 */
package dev.facteur.server.cli;
