/**
 * Password hashing (Argon2id, RFC 9106, PHC string format). Passwords are never stored in a
 * recoverable form.
 */
@NullMarked
package dev.facteur.core.security;

import org.jspecify.annotations.NullMarked;
