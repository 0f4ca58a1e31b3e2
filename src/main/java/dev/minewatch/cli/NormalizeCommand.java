package dev.minewatch.cli;

import dev.minewatch.normalize.InstanceCreation;
import dev.minewatch.output.CreationWriter;
import dev.minewatch.output.OutputTarget;
import dev.minewatch.run.Run;
import dev.minewatch.run.RunRequest;
import dev.minewatch.run.RunResult;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code minewatch normalize}: shows what the rules will see. */
@Command(name = "normalize",
        description = "Prints the normalized instance-creation events of the INPUTs as JSON Lines: exactly what the "
            + "rules see, deduplicated by event id and in event-time order, failed attempts included with "
            + "their status (the rules, not the reader, decide that failures do not count).",
        mixinStandardHelpOptions = true)
final class NormalizeCommand implements Callable<Integer> {

    @Mixin
    InputsMixin inputs;

    @Override
    public Integer call() throws IOException {
        RunResult result = Run.run(inputs.request(RunRequest.Mode.NORMALIZE, null));
        try (OutputTarget target = OutputTarget.of(null); CreationWriter writer = new CreationWriter(target.stream())) {
            for (InstanceCreation c : result.scan().creations()) {
                writer.write(c);
            }
            writer.close();
            target.commit();
        }
        Log.info("normalize: {}", result.summaryLine());
        return result.exitCode();
    }
}
