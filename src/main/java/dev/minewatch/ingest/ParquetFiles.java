package dev.minewatch.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Parquet files, Amazon Security Lake's native format (recognized by the reader from their magic bytes, {@code PAR1},
 * so that a JSON run never loads this class): each row read as one record, as the JSON tree the normalizers read (see {@code dev.minewatch.ingest.parquet.ParquetRows}).
 *
 * <p>The Parquet reader (parquet-java and Hadoop's shaded client, about 60 MB of jars) is kept off the start-up path
 * of every other run: its jars are not on the application's class path but in {@code lib/parquet/} beside
 * minewatch.jar, and a class loader of their own opens them the first time a Parquet file is met. The reader's own
 * classes are in minewatch.jar, defined by that loader (so that they see the jars) from the bytes the application's
 * loader finds; nothing else refers to them but by name.
 */
public final class ParquetFiles {

    /** What the reader in the Parquet class loader does: reads every row of {@code file} into {@code sink}. */
    public interface Rows {
        /**
         * Every row is a record ({@code NAME#ROW}, rows counted from 1), delivered or refused with a reason; a file
         * that cannot be opened, or that breaks off, is a problem naming the file (and the row). Never throws for
         * bad content.
         */
        void read(Path file, String name, ReadLimits limits, RecordReader.Sink sink);
    }

    private static final String READER_PACKAGE = "dev.minewatch.ingest.parquet.";
    private static final String READER = READER_PACKAGE + "ParquetRows";

    private static Rows rows;
    private static Throwable unloadable;

    private ParquetFiles() {}

    /** Reads the rows of the Parquet file {@code file} into {@code sink}, loading the reader the first time. */
    static void read(Path file, String name, ReadLimits limits, RecordReader.Sink sink) {
        Rows reader;
        try {
            reader = rows();
        } catch (ReflectiveOperationException | LinkageError | IOException | URISyntaxException e) {
            sink.problem(name, "a Parquet file, but minewatch's Parquet reader cannot be loaded (" + e + "; its"
                    + " libraries belong in lib/parquet/ beside minewatch.jar, where the build puts them); the file"
                    + " is skipped");
            return;
        }
        // Hadoop's configuration finds its classes through the thread's context class loader
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        thread.setContextClassLoader(reader.getClass().getClassLoader());
        try {
            reader.read(file, name, limits, sink);
        } finally {
            thread.setContextClassLoader(before);
        }
    }

    private static synchronized Rows rows() throws ReflectiveOperationException, IOException, URISyntaxException {
        if (rows == null) {
            if (unloadable != null) { // tried once: each later file is told the same, without trying again
                throw new ClassNotFoundException(unloadable.toString(), unloadable);
            }
            try {
                ClassLoader loader = new ReaderLoader(jars(), ParquetFiles.class.getClassLoader());
                rows = (Rows) loader.loadClass(READER).getConstructor().newInstance();
            } catch (ReflectiveOperationException | LinkageError | IOException | URISyntaxException e) {
                unloadable = e;
                throw e;
            }
        }
        return rows;
    }

    /**
     * The jars of {@code lib/parquet/} beside where minewatch's classes are (minewatch.jar, or a build's classes
     * directory): none when there is no such directory, as when the class path already holds them (the tests).
     */
    private static URL[] jars() throws IOException, URISyntaxException {
        Path home = Path.of(ParquetFiles.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path dir = home.toAbsolutePath().getParent().resolve("lib").resolve("parquet");
        List<URL> jars = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path jar : files.filter(f -> f.toString().endsWith(".jar")).sorted().toList()) {
                    jars.add(jar.toUri().toURL());
                }
            }
        }
        return jars.toArray(URL[]::new);
    }

    /**
     * Sees the Parquet jars, after the application's classes (parent first, so that SLF4J and the core are one), and
     * defines the reader's own classes itself, so that they link against those jars.
     */
    private static final class ReaderLoader extends URLClassLoader {
        static {
            registerAsParallelCapable();
        }

        ReaderLoader(URL[] jars, ClassLoader parent) {
            super("minewatch-parquet", jars, parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith(READER_PACKAGE)) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    String resource = name.replace('.', '/') + ".class";
                    try (InputStream in = getParent().getResourceAsStream(resource)) {
                        if (in == null) {
                            throw new ClassNotFoundException(name);
                        }
                        byte[] bytes = in.readAllBytes();
                        c = defineClass(name, bytes, 0, bytes.length, ParquetFiles.class.getProtectionDomain());
                    } catch (IOException e) {
                        throw new ClassNotFoundException(name, e);
                    }
                }
                if (resolve) {
                    resolveClass(c);
                }
                return c;
            }
        }
    }
}
