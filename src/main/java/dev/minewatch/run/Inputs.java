package dev.minewatch.run;

import dev.minewatch.ingest.InputFiles;
import dev.minewatch.ingest.ObjectStore;
import dev.minewatch.ingest.ReadLimits;
import dev.minewatch.ingest.Scope;
import dev.minewatch.normalize.InputFormat;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.NoSuchFileException;
import java.util.List;

/**
 * What a run reads, as the command line gives it: the INPUT arguments (files, directories, bucket URLs, {@code -}),
 * the format to read them in, the limits to read them within, and what of the logs is asked for (the time range,
 * accounts and regions: folders that hold nothing of it are not read, creations outside it are counted, not kept).
 * A front end's scan step ({@link Scanner}) is made from it.
 */
public record Inputs(List<String> arguments, InputFormat format, ReadLimits limits, Scope scope)
        implements Serializable {

    public Inputs {
        arguments = List.copyOf(arguments);
    }

    /** Every event of the inputs. */
    public Inputs(List<String> arguments, InputFormat format, ReadLimits limits) {
        this(arguments, format, limits, Scope.EVERYTHING);
    }

    /**
     * The inputs, checked before anything is read (every path exists, every bucket can be listed): what a scan step
     * walks, wherever it reads.
     *
     * @throws RunError naming the input that does not exist, or the bucket whose store refused the run or could not
     *                  be listed
     */
    public InputFiles files() {
        try {
            return InputFiles.of(arguments, scope);
        } catch (NoSuchFileException e) {
            throw new RunError("no such input: " + e.getFile() + (e.getReason() == null
                    || e.getReason().equals("no such file or directory") ? "" : " (" + e.getReason() + ")"));
        } catch (ObjectStore.Refused e) {
            throw new RunError(e.getMessage());
        } catch (IOException e) {
            throw new RunError("cannot read the inputs: " + e.getMessage());
        }
    }
}
