/**
 * The {@code facteur} program: wiring of every module from one configuration (plain
 * constructor calls, no reflection), start-up and orderly shutdown. Only this module knows all
 * the others.
 */
package dev.facteur.server;
