package dev.facteur.smtp.client;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

/** The bytes of a message to send: its size and a way to read them (each call opens a fresh stream). */
public interface MessageContent {

    long size();

    InputStream open() throws IOException;

    static MessageContent of(byte[] bytes) {
        byte[] copy = bytes.clone();
        return new MessageContent() {
            @Override
            public long size() {
                return copy.length;
            }

            @Override
            public InputStream open() {
                return new ByteArrayInputStream(copy);
            }
        };
    }
}
