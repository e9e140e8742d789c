/**
 * The static configuration: a TOML file loaded once into immutable records. Invariants:
 * every value is validated up front, unknown keys are refused, every problem is reported with
 * its file, line and key, and nothing is silently clamped. Dynamic data (domains, accounts,
 * aliases, keys) is not here: it lives in the store.
 */
@NullMarked
package dev.facteur.core.config;

import org.jspecify.annotations.NullMarked;
