package dev.minewatch.ingest.parquet;

import dev.minewatch.ingest.ParquetFiles;
import dev.minewatch.ingest.ReadLimits;
import dev.minewatch.ingest.RecordReader;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.conf.HadoopParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.schema.MessageType;

/**
 * Reads the rows of one Parquet file, one record each, as the JSON trees the normalizers read ({@link Trees}): a
 * Security Lake file gives the same records as the same events written as JSON. Loaded only through
 * {@link ParquetFiles}, in a class loader of its own.
 *
 * <p>The limits are the JSON reader's: a row larger than {@code --max-record-bytes} is refused naming its row; a
 * file whose row groups hold more than {@code --max-file-bytes} once decompressed is skipped, as a gzip bomb is; a
 * schema nested deeper than the depth limit, or that repeats a field name, is skipped whole (every row would be).
 */
public final class ParquetRows implements ParquetFiles.Rows {

    public ParquetRows() {}

    @Override
    public void read(Path file, String name, ReadLimits limits, RecordReader.Sink sink) {
        ParquetFileReader reader;
        LocalInputFile input = new LocalInputFile(file);
        try {
            // a Hadoop configuration without its default resources: parsing them (core-default.xml) for each file
            // cost 30 ms a file, and a local Parquet file needs none of them
            reader = ParquetFileReader.open(input,
                    ParquetReadOptions.builder(new HadoopParquetConfiguration(false)).build());
        } catch (IOException | RuntimeException e) {
            // parquet-java names the file by its object's toString
            sink.problem(name, "a damaged Parquet file (" + describe(e).replace(input.toString(), "it")
                    + "); the file is skipped");
            return;
        }
        long row = 0;
        try (reader) {
            MessageType schema = reader.getFooter().getFileMetaData().getSchema();
            String unreadable = Trees.unreadable(schema, limits.maxDepth());
            if (unreadable != null) {
                sink.problem(name, "a Parquet file whose schema " + unreadable + "; the file is skipped");
                return;
            }
            long decompressed = reader.getRowGroups().stream().mapToLong(BlockMetaData::getTotalByteSize).sum();
            if (decompressed > limits.maxFileBytes()) {
                sink.problem(name, "a Parquet file whose rows decompress to " + decompressed + " bytes, more than "
                        + limits.maxFileBytes() + " (the --max-file-bytes limit); the file is skipped");
                return;
            }
            MessageColumnIO io = new ColumnIOFactory().getColumnIO(schema);
            Trees trees = new Trees(limits.maxRecordBytes());
            PageReadStore rowGroup;
            while ((rowGroup = reader.readNextRowGroup()) != null) {
                org.apache.parquet.io.RecordReader<Group> rows =
                        io.getRecordReader(rowGroup, new GroupRecordConverter(schema));
                for (long i = 0, n = rowGroup.getRowCount(); i < n; i++) {
                    Group group = rows.read();
                    row++;
                    deliver(trees, group, name + "#" + row, sink);
                }
            }
        } catch (SinkFailure e) {
            throw e.failure;
        } catch (IOException | RuntimeException e) {
            sink.problem(name + "#" + (row + 1), "cannot read the Parquet file past row " + row + " (" + describe(e)
                    + "); the rest of the file is skipped, " + row + " records before it were kept");
        }
    }

    /** One row: its tree to the sink, or refused; what the sink does with it is no damage of the file. */
    private static void deliver(Trees trees, Group group, String origin, RecordReader.Sink sink) {
        com.fasterxml.jackson.databind.node.ObjectNode tree;
        try {
            tree = trees.of(group);
        } catch (Trees.Refused e) {
            sink.refused(origin, e.getMessage());
            return;
        }
        try {
            sink.record(tree, origin);
        } catch (RuntimeException e) {
            throw new SinkFailure(e);
        }
    }

    /** What the sink threw: not the file's damage, so it is thrown on as it was. */
    private static final class SinkFailure extends RuntimeException {
        final RuntimeException failure;

        SinkFailure(RuntimeException failure) {
            super(failure);
            this.failure = failure;
        }
    }

    private static String describe(Exception e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }
}
