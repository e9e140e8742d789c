/**
 * Report values shared by the toolkit's engines (findings with severity, explanation and fix;
 * reports) and their renderers: text for people, JSON for machines.
 *
 * <p>Invariants: a finding always has an explanation; a report's worst severity decides the exit
 * status (see {@code cli.ExitStatus}). Renderers never fail on any report value: text from the network
 * is shown with control characters replaced.
 */
package dev.facteur.toolkit.report;
