package dev.minewatch.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * One pass over a bucket input: its folders listed as the {@link LogLayouts} and the {@link Scope} allow (never a
 * digest folder, never a date, account or region folder outside the scope), its objects handed out in key order.
 *
 * <p>Listing is parallel and bounded: when the walk enters a folder, the listings of all its sub-folders start at
 * once on {@link #LISTERS} threads (the days of a month, the regions of an account), and the walk takes them in
 * order as the readers ask for objects. What is held is the listings of the sub-folders of the folders on the
 * current path, never the whole bucket's. A folder that cannot be listed (after the store's retries) is reported
 * with its URL, and its objects are skipped.
 */
final class BucketWalk {

    /** Threads listing the folders of one bucket input at once. */
    static final int LISTERS = 8;

    /**
     * A bucket input as checked when the run began: what the URL names (an object, a folder, or both).
     *
     * @param named     the object the URL names exactly, or null
     * @param folder    the listing of the folder the URL names, or null
     * @param bucketUrl the bucket's URL, by which another JVM opens the same store ({@link BucketObject}), or null
     *                  for a store made otherwise (a test's, in memory)
     */
    record Root(ObjectStore store, ObjectStore.StoredObject named, ObjectStore.Listing folder, String bucketUrl) {}

    /**
     * Lists what {@code prefix} names in {@code store}: a run that cannot even start to read a bucket stops
     * before reading anything.
     *
     * @throws NoSuchFileException naming the URL when it names no object and no folder
     * @throws ObjectStore.Refused when the store refuses the credentials or has no such bucket
     * @throws IOException when the first listing fails after the retries
     */
    static Root root(ObjectStore store, String prefix) throws IOException {
        return root(store, prefix, null);
    }

    /** Likewise, for the store of the bucket {@code bucketUrl}. */
    static Root root(ObjectStore store, String prefix, String bucketUrl) throws IOException {
        if (prefix.isEmpty() || prefix.endsWith("/")) {
            ObjectStore.Listing folder = store.list(prefix);
            if (folder.isEmpty()) {
                throw new NoSuchFileException(store.url(prefix), null, "no object in it");
            }
            return new Root(store, null, folder, bucketUrl);
        }
        ObjectStore.Listing around = store.list(prefix);
        ObjectStore.StoredObject named = around.objects().stream().filter(o -> o.key().equals(prefix)).findFirst()
                .orElse(null);
        ObjectStore.Listing folder = around.folders().contains(prefix + "/") ? store.list(prefix + "/") : null;
        if (named == null && (folder == null || folder.isEmpty())) {
            throw new NoSuchFileException(store.url(prefix), null, "no such object or folder");
        }
        return new Root(store, named, folder, bucketUrl);
    }

    /** A folder to enter (its listing under way) or an object to read, by key. */
    private record Entry(String key, Future<ObjectStore.Listing> listing, ObjectStore.StoredObject object) {}

    private final ObjectStore store;
    private final String bucketUrl;
    private final Scope scope;
    private final InputFiles.Problems problems;
    private final ExecutorService listers;
    private final Deque<Iterator<Entry>> folders = new ArrayDeque<>();
    private ObjectStore.StoredObject named;
    private int prunedFolders;
    private int objects;

    BucketWalk(Root root, Scope scope, InputFiles.Problems problems) {
        this.store = root.store();
        this.bucketUrl = root.bucketUrl();
        this.scope = scope;
        this.problems = problems;
        this.named = root.named();
        this.listers = Executors.newFixedThreadPool(LISTERS, runnable -> {
            Thread thread = new Thread(runnable, "minewatch-lister");
            thread.setDaemon(true);
            return thread;
        });
        if (root.folder() != null) {
            folders.push(entries(root.folder()));
        }
    }

    /** The next object to read, or null when the walk is over. Not thread-safe: {@link InputFiles.Walk} holds it. */
    InputSource next() {
        if (named != null) {
            ObjectStore.StoredObject object = named;
            named = null;
            objects++;
            return new StoredSource(store, object, false, bucketUrl);
        }
        while (!folders.isEmpty()) {
            Iterator<Entry> entries = folders.peek();
            if (!entries.hasNext()) {
                folders.pop();
                continue;
            }
            Entry entry = entries.next();
            if (entry.object() != null) {
                objects++;
                return new StoredSource(store, entry.object(), true, bucketUrl);
            }
            try {
                folders.push(entries(entry.listing().get()));
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                problems.problem(store.url(entry.key()), "cannot list the folder (" + (cause.getMessage() == null
                        ? cause.getClass().getSimpleName() : cause.getMessage()) + "); the objects in it are skipped");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while listing " + store.url(entry.key()), e);
            }
        }
        listers.shutdownNow();
        return null;
    }

    /** Folders passed over as holding nothing the scope asks for. */
    int prunedFolders() {
        return prunedFolders;
    }

    /** Objects handed out. */
    int objects() {
        return objects;
    }

    /** The entries of a folder in key order, the listings of the sub-folders to enter started. */
    private Iterator<Entry> entries(ObjectStore.Listing listing) {
        List<Entry> entries = new ArrayList<>();
        for (String folder : listing.folders()) {
            List<String> names = store.names(folder);
            if (LogLayouts.isDigestFolder(names.get(names.size() - 1))) {
                continue; // signatures of log files, no events: never listed
            }
            if (!LogLayouts.mayHold(names, scope)) {
                prunedFolders++;
                continue;
            }
            entries.add(new Entry(folder, listers.submit(() -> store.list(folder)), null));
        }
        for (ObjectStore.StoredObject object : listing.objects()) {
            if (!object.key().endsWith("/")) { // a folder's marker object (the consoles write them) holds nothing
                entries.add(new Entry(object.key(), null, object));
            }
        }
        entries.sort(Comparator.comparing(Entry::key));
        return entries.iterator();
    }

    /**
     * An object of a bucket, read as any input.
     *
     * @param bucketUrl the bucket's URL ({@link Root#bucketUrl}), or null
     */
    record StoredSource(ObjectStore store, ObjectStore.StoredObject object, boolean inWalkedDirectory,
                        String bucketUrl) implements InputSource {

        @Override
        public String name() {
            return store.url(object.key());
        }

        @Override
        public InputStream open() throws IOException {
            return store.open(object.key());
        }

        @Override
        public long size() {
            return object.size();
        }

        /** Its bucket's URL may hold a SAS, a credential: never shown. */
        @Override
        public String toString() {
            return "StoredSource[" + name() + "]";
        }
    }
}
