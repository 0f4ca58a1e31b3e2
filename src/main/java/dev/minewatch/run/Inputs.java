package dev.minewatch.run;

import dev.minewatch.ingest.ReadLimits;
import dev.minewatch.normalize.InputFormat;
import java.io.Serializable;
import java.util.List;

/**
 * What a run reads, as the command line gives it: the INPUT arguments (files, directories, {@code -}), the format
 * to read them in and the limits to read them within. A front end's scan step ({@link Scanner}) is made from it.
 */
public record Inputs(List<String> arguments, InputFormat format, ReadLimits limits) implements Serializable {

    public Inputs {
        arguments = List.copyOf(arguments);
    }
}
