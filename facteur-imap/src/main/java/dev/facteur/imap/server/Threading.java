package dev.facteur.imap.server;

import dev.facteur.core.mime.BaseSubject;
import dev.facteur.core.mime.HeaderField;
import dev.facteur.core.mime.MessageSummary;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** RFC 5256 THREAD algorithms: ORDEREDSUBJECT (§3) and REFERENCES (§4). */
final class Threading {

    private Threading() {}

    /** A message to thread: its number as returned, its sort date and its summary. */
    record Message(long number, long date, MessageSummary summary) {}

    private static final class Node {
        Message message; // null for a dummy
        Node parent;
        final List<Node> children = new ArrayList<>();

        long date() {
            if (message != null) {
                return message.date();
            }
            return children.isEmpty() ? Long.MAX_VALUE : children.getFirst().date();
        }

        long number() {
            if (message != null) {
                return message.number();
            }
            return children.isEmpty() ? Long.MAX_VALUE : children.getFirst().number();
        }

        boolean descendsFrom(Node other) {
            for (Node n = this; n != null; n = n.parent) {
                if (n == other) {
                    return true;
                }
            }
            return false;
        }

        void adopt(Node child) {
            if (child.parent != null) {
                child.parent.children.remove(child);
            }
            child.parent = this;
            children.add(child);
        }
    }

    private static final Comparator<Node> BY_DATE =
            Comparator.comparingLong(Node::date).thenComparingLong(Node::number);

    /** RFC 5256 §3 ORDEREDSUBJECT: group by base subject; the first is the parent of the rest. */
    static String orderedSubject(List<Message> messages) {
        Map<String, List<Message>> groups = new LinkedHashMap<>();
        messages.stream()
                .sorted(Comparator.comparing((Message m) -> BaseSubject.key(m.summary().baseSubject()))
                        .thenComparingLong(Message::date).thenComparingLong(Message::number))
                .forEach(m -> groups.computeIfAbsent(BaseSubject.key(m.summary().baseSubject()), k -> new ArrayList<>()).add(m));
        List<Node> roots = new ArrayList<>();
        for (List<Message> group : groups.values()) {
            Node root = node(group.getFirst());
            for (Message m : group.subList(1, group.size())) {
                root.adopt(node(m));
            }
            roots.add(root);
        }
        roots.sort(BY_DATE);
        return format(roots);
    }

    /** RFC 5256 §4 REFERENCES. */
    static String references(List<Message> messages) {
        Map<String, Node> ids = new HashMap<>();
        List<Node> all = new ArrayList<>();
        for (Message m : messages) {
            link(ids, all, m);
        }
        List<Node> roots = new ArrayList<>();
        for (Node n : all) {
            if (n.parent == null && !roots.contains(n)) {
                roots.add(n);
            }
        }
        roots = prune(roots, true);
        sortTree(roots);
        roots = groupBySubject(roots);
        sortTree(roots);
        return format(roots);
    }

    private static Node node(Message m) {
        Node n = new Node();
        n.message = m;
        return n;
    }

    private static void link(Map<String, Node> ids, List<Node> all, Message m) {
        List<String> refs = new ArrayList<>(m.summary().references());
        if (refs.isEmpty() && m.summary().inReplyTo() != null) {
            refs.add(m.summary().inReplyTo());
        }
        Node previous = null;
        for (String id : refs) { // §4 (1)(A): link the references chain
            Node c = ids.computeIfAbsent(id, k -> register(all, new Node()));
            if (previous != null && c.parent == null && !previous.descendsFrom(c)) {
                previous.adopt(c);
            }
            previous = c;
        }
        String own = m.summary().messageId();
        Node self = own == null ? null : ids.get(own);
        if (self == null || self.message != null) { // §4 (1)(B): unique id, or a duplicate treated as new
            self = register(all, new Node());
            if (own != null && !ids.containsKey(own)) {
                ids.put(own, self);
            }
        }
        self.message = m;
        if (self.parent != null) { // §4 (1)(C): the last reference is the parent
            self.parent.children.remove(self);
            self.parent = null;
        }
        if (previous != null && previous != self && !previous.descendsFrom(self)) {
            previous.adopt(self);
        }
    }

    private static Node register(List<Node> all, Node n) {
        all.add(n);
        return n;
    }

    /** §4 (3): drop empty dummies; promote a dummy's children unless it is a root with several. */
    private static List<Node> prune(List<Node> level, boolean root) {
        List<Node> out = new ArrayList<>();
        for (Node n : level) {
            List<Node> kids = prune(new ArrayList<>(n.children), false);
            n.children.clear();
            for (Node k : kids) {
                k.parent = n;
                n.children.add(k);
            }
            if (n.message == null && n.children.isEmpty()) {
                continue;
            }
            if (n.message == null && (!root || n.children.size() == 1)) {
                for (Node k : n.children) {
                    k.parent = root ? null : n.parent;
                    out.add(k);
                }
                continue;
            }
            out.add(n);
        }
        return out;
    }

    /** §4 (5): merge root threads that share a base subject. */
    private static List<Node> groupBySubject(List<Node> roots) {
        Map<String, Node> table = new HashMap<>();
        for (Node r : roots) {
            String subject = subjectOf(r);
            if (subject.isEmpty()) {
                continue;
            }
            Node old = table.get(subject);
            if (old == null || (r.message == null && old.message != null)
                    || (old.message != null && r.message != null && isReply(old) && !isReply(r))) {
                table.put(subject, r);
            }
        }
        List<Node> out = new ArrayList<>();
        for (Node r : roots) {
            String subject = subjectOf(r);
            Node t = subject.isEmpty() ? null : table.get(subject);
            if (t == null || t == r) {
                out.add(r);
                continue;
            }
            if (t.message == null && r.message == null) {
                for (Node k : new ArrayList<>(r.children)) {
                    t.adopt(k);
                }
            } else if (t.message == null) {
                t.adopt(r);
            } else if (r.message != null && isReply(r) && !isReply(t)) {
                t.adopt(r);
            } else {
                Node dummy = new Node();
                int at = out.indexOf(t);
                dummy.adopt(t);
                dummy.adopt(r);
                table.put(subject, dummy);
                if (at >= 0) {
                    out.set(at, dummy);
                } else {
                    out.add(dummy);
                }
            }
        }
        return out;
    }

    private static String subjectOf(Node n) {
        Node m = n.message != null ? n : n.children.isEmpty() ? null : n.children.getFirst();
        return m == null || m.message == null ? "" : BaseSubject.key(m.message.summary().baseSubject());
    }

    private static boolean isReply(Node n) {
        String raw = n.message.summary().envelope().subject();
        if (raw == null) {
            return false;
        }
        return !HeaderField.decode(raw).strip().equalsIgnoreCase(n.message.summary().baseSubject());
    }

    private static void sortTree(List<Node> level) {
        for (Node n : level) {
            sortTree(n.children);
        }
        level.sort(BY_DATE);
    }

    /** RFC 5256 §4 thread-list syntax: a chain is "(a b c)", siblings "(a (b)(c))". */
    private static String format(List<Node> roots) {
        StringBuilder b = new StringBuilder();
        for (Node r : roots) {
            b.append('(');
            members(r, b);
            b.append(')');
        }
        return b.toString();
    }

    private static void members(Node n, StringBuilder b) {
        Node cur = n;
        boolean first = true;
        while (true) {
            if (cur.message != null) {
                if (!first) {
                    b.append(' ');
                }
                b.append(cur.message.number());
                first = false;
            }
            if (cur.children.size() == 1 && cur.message != null) {
                cur = cur.children.getFirst();
                continue;
            }
            if (cur.children.isEmpty()) {
                return;
            }
            if (!first) {
                b.append(' ');
            }
            for (Node k : cur.children) {
                b.append('(');
                members(k, b);
                b.append(')');
            }
            return;
        }
    }
}
