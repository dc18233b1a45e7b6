package io.pitcrew.store;

/** The store cannot be opened, read or written: a file that is not a pitcrew store, a disk that is full. */
public class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
