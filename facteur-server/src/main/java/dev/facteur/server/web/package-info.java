/** The HTTP listener (Helidon SE on virtual threads): health, metrics, admin API, pages. */
package dev.facteur.server.web;
