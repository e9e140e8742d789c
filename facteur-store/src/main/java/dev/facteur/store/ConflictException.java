package dev.facteur.store;

/**
 * The request conflicts with what is stored: a duplicate name, a missing parent, removing a
 * domain that still has accounts. The message is one clear sentence fit for a person.
 */
public class ConflictException extends RuntimeException {
    public ConflictException(String message) {
        super(message);
    }
}
