package dev.minewatch.spark;

import dev.minewatch.cli.Main;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * {@code SparkMain COMMAND [OPTIONS] INPUT...}: {@code detect}, {@code baseline build}, {@code baseline update} or
 * {@code normalize} with the options of {@code ./minewatch}, the inputs read on the cluster ({@link SparkScan}), the
 * rules run, the baselines learned and written, and the results written by the driver, as one machine does. Run by
 * {@code spark-submit --class dev.minewatch.spark.SparkMain minewatch-spark.jar ...}, or by {@code ./minewatch-spark}
 * without a cluster ({@code local[*]} unless {@code spark.master} is set).
 */
public final class SparkMain {

    static final String USAGE = "usage: SparkMain detect|normalize|baseline build|baseline update [OPTIONS] INPUT..."
            + " (the options of ./minewatch; --help after the command lists them)";

    private SparkMain() {}

    public static void main(String[] args) {
        if (!readsInputs(List.of(args))) {
            System.err.println(USAGE);
            System.exit(Main.USAGE);
        }
        SparkConf conf = new SparkConf();
        SparkSession.Builder builder = SparkSession.builder().appName("minewatch " + args[0]
                + (args[0].equals("baseline") ? " " + args[1] : ""));
        if (!conf.contains("spark.master")) {
            builder.master("local[*]");
        }
        SparkSession session = builder.getOrCreate();
        int exit;
        try {
            exit = run(session, args);
        } finally {
            session.stop();
        }
        System.exit(exit);
    }

    /** Runs one command on {@code session}'s cluster; returns its exit code (those of {@code ./minewatch}). */
    public static int run(SparkSession session, String... args) {
        if (!readsInputs(List.of(args))) {
            System.err.println(USAGE);
            return Main.USAGE;
        }
        JavaSparkContext spark = JavaSparkContext.fromSparkContext(session.sparkContext());
        try {
            return Main.commandLine(inputs -> new SparkScan(spark, inputs)).execute(args);
        } catch (OutOfMemoryError e) {
            System.err.println("ERROR out of memory on the driver (" + e.getMessage() + "): give it a larger heap"
                    + " (--driver-memory); the run did not finish (an --out file and the baselines are left as"
                    + " they were)");
            return Main.UNEXPECTED;
        }
    }

    /** The commands that read inputs: the others ({@code rules}, {@code report}, ...) need no cluster. */
    static boolean readsInputs(List<String> args) {
        if (args.isEmpty()) {
            return false;
        }
        return switch (args.get(0)) {
            case "detect", "normalize" -> true;
            case "baseline" -> args.size() > 1 && List.of("build", "update").contains(args.get(1));
            default -> false;
        };
    }
}
