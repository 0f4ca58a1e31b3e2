package dev.minewatch.normalize;

/**
 * Puts out the messages of inputs read in parallel in the inputs' order: an input's messages come out once every
 * earlier input's have. The earliest input not yet done has its messages put out as they come; a later one holds
 * its own until it is the earliest. Only messages are held: an input done early with nothing to say is merged into
 * the one before it, so that what this holds beside them is a part per input being read (one per reader thread)
 * and one between each two of those, whatever the number of inputs.
 *
 * <p>Parts must be opened in input order ({@link #open}, as the inputs are handed out); a part's messages are added
 * by one thread at a time; every part must be closed, or the messages of later ones never come out.
 */
final class InputOrder {

    /** The earliest part not closed, whose messages go out as they come, and the latest. */
    private Part head;
    private Part tail;

    /** A new part, after every part opened so far. */
    synchronized Part open() {
        Part part = new Part();
        if (tail == null) {
            head = part;
        } else {
            tail.next = part;
            part.previous = tail;
        }
        tail = part;
        return part;
    }

    /** A message after those of every part opened so far (in a part of its own). */
    void next(Runnable message) {
        Part part = open();
        part.add(message);
        part.close();
    }

    /** The messages of one input (or of one place in the walk between inputs). */
    final class Part {
        private Part previous;
        private Part next;
        private boolean closed;
        private java.util.List<Runnable> held;

        /** Puts out {@code message} now if every earlier part is closed, else once they are. */
        void add(Runnable message) {
            synchronized (InputOrder.this) {
                if (this == head) {
                    message.run();
                } else {
                    if (held == null) {
                        held = new java.util.ArrayList<>();
                    }
                    held.add(message);
                }
            }
        }

        /** No message comes after these: the later parts' may come out. */
        void close() {
            synchronized (InputOrder.this) {
                if (closed) {
                    return;
                }
                closed = true;
                if (next != null && next.closed) {
                    absorb(next);
                }
                if (previous != null && previous.closed) {
                    previous.absorb(this);
                }
                // the head puts out what it holds (its own, or what it took over); past a closed one, the next
                while (head != null) {
                    head.putOut();
                    if (!head.closed) {
                        break;
                    }
                    head = head.next;
                    if (head == null) {
                        tail = null;
                    } else {
                        head.previous = null;
                    }
                }
            }
        }

        /** Takes over the messages of the closed part after this one, which goes. */
        private void absorb(Part later) {
            if (later.held != null) {
                if (held == null) {
                    held = later.held;
                } else {
                    held.addAll(later.held);
                }
            }
            next = later.next;
            if (next == null) {
                tail = this;
            } else {
                next.previous = this;
            }
        }

        /** Puts out what this part holds: it is the head. */
        private void putOut() {
            if (held != null) {
                held.forEach(Runnable::run);
                held = null;
            }
        }
    }
}
