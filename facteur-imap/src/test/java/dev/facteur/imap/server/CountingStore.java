package dev.facteur.imap.server;

import dev.facteur.store.BlobStore;
import dev.facteur.store.MailboxStore;
import dev.facteur.store.Store;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A store whose {@link MailboxStore} calls are recorded by name (every call is a query or more),
 * and its {@link BlobStore} calls with the prefix {@code blobs.}.
 */
final class CountingStore {

    final List<String> calls = new CopyOnWriteArrayList<>();

    Store wrap(Store store) {
        MailboxStore mailboxes = proxy(MailboxStore.class, store.mailboxes(), "", null, null);
        BlobStore blobs = proxy(BlobStore.class, store.blobs(), "blobs.", null, null);
        return proxy(Store.class, store, null, mailboxes, blobs);
    }

    /** The calls recorded since the last call to this method. */
    List<String> take() {
        List<String> out = List.copyOf(calls);
        calls.clear();
        return out;
    }

    /** A proxy recording calls under {@code prefix} (none when null) and handing out the wrapped parts. */
    private <T> T proxy(Class<T> type, T target, String prefix, MailboxStore mailboxes, BlobStore blobs) {
        InvocationHandler handler = (p, method, args) -> {
            if (mailboxes != null && method.getName().equals("mailboxes")) {
                return mailboxes;
            }
            if (blobs != null && method.getName().equals("blobs")) {
                return blobs;
            }
            if (prefix != null) {
                calls.add(prefix + describe(method, args));
            }
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
    }

    private static String describe(Method method, Object[] args) {
        return method.getName() + "/" + (args == null ? 0 : args.length);
    }
}
