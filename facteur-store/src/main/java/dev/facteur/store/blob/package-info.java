/**
 * The file blob store: message bytes addressed by their SHA-256 under {@code <data>/blobs}.
 * Invariants: a put returns only after the file and its directory entry are fsynced (temp file,
 * fsync, rename, directory fsync; one round of fsyncs shared by concurrent writers); a blob's file
 * never changes once renamed into place; identical content is stored once; garbage collection
 * deletes only unreferenced blobs older than a grace period.
 */
@NullMarked
package dev.facteur.store.blob;

import org.jspecify.annotations.NullMarked;
