package dev.minewatch.run;

import dev.minewatch.ingest.ReadLimits;
import dev.minewatch.ingest.Scope;
import dev.minewatch.normalize.InputFormat;
import java.io.Serializable;
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
}
