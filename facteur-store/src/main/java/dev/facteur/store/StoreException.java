package dev.facteur.store;

/** A store operation failed for a reason the caller cannot fix by changing its input (I/O, database down). */
public class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }
}
