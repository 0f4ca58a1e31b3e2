package dev.minewatch.engine;

import dev.minewatch.SafeText;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.drools.compiler.kie.builder.impl.InternalKieModule;
import org.drools.model.Model;
import org.drools.modelcompiler.KieBaseBuilder;
import org.kie.api.KieBase;
import org.kie.api.KieServices;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The executable model's compiled classes, kept on disk so that a run whose rule files have not changed since
 * an earlier run loads them (a few tenths of a second) instead of compiling the DRL (two to three seconds).
 *
 * <p>An entry is keyed by a SHA-256 of everything the classes depend on: each rule file's name and content, the
 * Drools version, and minewatch's own build (the classes call the fact classes' methods). An edited rule has
 * another key, so it compiles on the next run and takes effect with no build step. An entry is written to a
 * temporary directory and renamed into place whole, so a reader never sees half of one; an entry that cannot be
 * loaded is reported, removed, and compiled again.
 *
 * <p>The cache holds code the process runs: it is used only when no other user may write to it.
 */
public final class RuleCache {

    private static final Logger log = LoggerFactory.getLogger(RuleCache.class);
    /** The file of an entry listing its model classes, one name a line. */
    private static final String MODELS = "models.txt";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");
    /** Entries kept: each edit of the rules adds one (about 1 MB); the least recently stored go first. */
    static final int ENTRIES_KEPT = 20;

    private final Path root;

    private RuleCache(Path root) {
        this.root = root;
    }

    /** A cache in {@code root} (created if missing). */
    public static RuleCache at(Path root) {
        return new RuleCache(root);
    }

    /** The key of {@code files} compiled by this build of minewatch and Drools. */
    static String key(List<RuleFile> files) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            update(sha, "drools " + KieServices.class.getPackage().getImplementationVersion());
            update(sha, "minewatch " + buildStamp());
            for (RuleFile f : files.stream().sorted(Comparator.comparing(RuleFile::fileName)).toList()) {
                update(sha, f.fileName());
                update(sha, f.content());
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void update(MessageDigest sha, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        sha.update(HexFormat.of().formatHex(new byte[] {(byte) (bytes.length >>> 24), (byte) (bytes.length >>> 16),
                (byte) (bytes.length >>> 8), (byte) bytes.length}).getBytes(StandardCharsets.US_ASCII));
        sha.update(bytes);
    }

    /** Where minewatch's classes come from and when they were built: a rebuilt minewatch has another stamp. */
    private static String buildStamp() {
        try {
            Path code = Path.of(RuleCache.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isDirectory(code)) { // classes of a development build: the newest of them
                try (Stream<Path> walk = Files.walk(code)) {
                    return code + " " + walk.mapToLong(RuleCache::modified).max().orElse(0);
                }
            }
            return code + " " + Files.size(code) + " " + modified(code);
        } catch (IOException | URISyntaxException | RuntimeException e) {
            return "unknown " + System.nanoTime(); // never reuse what cannot be told apart
        }
    }

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The rule base cached under {@code key}, if there is one that loads. */
    Optional<KieBase> load(String key) {
        Path entry = root.resolve(key);
        if (!Files.isDirectory(entry) || !safe()) {
            return Optional.empty();
        }
        try {
            URLClassLoader loader = new URLClassLoader(new java.net.URL[] {entry.toUri().toURL()},
                    RuleCache.class.getClassLoader());
            List<Model> models = new ArrayList<>();
            for (String name : Files.readAllLines(entry.resolve(MODELS))) {
                models.add((Model) loader.loadClass(name).getConstructor().newInstance());
            }
            return Optional.of(KieBaseBuilder.createKieBaseFromModel(models,
                    RuleBase.forRuns(KieServices.Factory.get().newKieBaseConfiguration(null, loader))));
        } catch (Exception | LinkageError e) {
            log.warn("the compiled rules cached in {} do not load ({}); compiling them again", SafeText.printable(entry.toString()),
                    SafeText.printable(e.toString()));
            delete(entry);
            return Optional.empty();
        }
    }

    /** Keeps the classes of {@code module}, an executable-model build, under {@code key}. */
    void store(String key, InternalKieModule module) {
        Path entry = root.resolve(key);
        Path temporary = null;
        try {
            create(root);
            if (!safe() || Files.isDirectory(entry)) {
                return;
            }
            temporary = Files.createTempDirectory(root, key + ".tmp-");
            List<String> models = new ArrayList<>();
            for (String name : module.getFileNames()) {
                if (name.endsWith(".class")) {
                    Path out = temporary.resolve(name);
                    Files.createDirectories(out.getParent());
                    Files.write(out, module.getBytes(name));
                } else if (name.endsWith("/drools-model")) {
                    String list = new String(module.getBytes(name), StandardCharsets.UTF_8);
                    list.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.contains(":"))
                            .forEach(models::add); // a version line, then the model classes
                }
            }
            if (models.isEmpty()) {
                throw new IOException("the build lists no model classes");
            }
            Files.write(temporary.resolve(MODELS), models);
            Files.move(temporary, entry, StandardCopyOption.ATOMIC_MOVE);
            temporary = null;
            prune();
        } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException e) {
            // another run stored the same rules first
        } catch (IOException e) {
            log.warn("cannot cache the compiled rules in {}: {}", SafeText.printable(root.toString()),
                    SafeText.printable(e.toString()));
        } finally {
            if (temporary != null) {
                delete(temporary);
            }
        }
    }

    /** Removes all but the {@value #ENTRIES_KEPT} entries stored last (and temporary directories a crash left). */
    private void prune() throws IOException {
        List<Path> entries;
        try (Stream<Path> list = Files.list(root)) {
            entries = list.filter(Files::isDirectory)
                    .sorted(Comparator.comparingLong(RuleCache::modified).reversed().thenComparing(Path::toString))
                    .toList();
        }
        long hourAgo = System.currentTimeMillis() - 3_600_000;
        int kept = 0;
        for (Path entry : entries) {
            boolean temporary = entry.getFileName().toString().contains(".tmp-");
            if (temporary ? modified(entry) < hourAgo : ++kept > ENTRIES_KEPT) {
                delete(entry);
            }
        }
    }

    /** Whether the cache directory is ours alone; it is made so when this process creates it. */
    private boolean safe() {
        try {
            if (!Files.getFileStore(root).supportsFileAttributeView("posix")) {
                return true;
            }
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(root);
            if (permissions.contains(PosixFilePermission.GROUP_WRITE)
                    || permissions.contains(PosixFilePermission.OTHERS_WRITE)) {
                log.warn("not using the rule cache {}: other users may write to it (chmod go-w it)", SafeText.printable(root.toString()));
                return false;
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Creates the cache directory, readable and writable by its owner only. */
    static void create(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            Files.createDirectories(root.getParent() == null ? root : root.getParent());
            try {
                Files.createDirectory(root, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            } catch (UnsupportedOperationException e) {
                Files.createDirectory(root);
            } catch (FileAlreadyExistsException e) {
                // created meanwhile by another run
            }
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            log.warn("cannot remove {}: {}", SafeText.printable(dir.toString()), SafeText.printable(e.toString()));
        }
    }
}
