package dev.minewatch.baseline;

/**
 * One fitted model of how many instances an identity launches in an hour in which it launches any, for one
 * (4-hour block of the day, weekday or weekend) group: an exponential density with {@code loc} = the minimum
 * and {@code scale} = mean minus minimum of the training counts.
 *
 * @param scope          an identity (its own model) or {@link #GROUP} (all identities' active hours)
 * @param block          first hour of the 4-hour block: 0, 4, 8, 12, 16 or 20
 * @param weekend        Saturday or Sunday
 * @param cardinality    how many active hours the model was fitted on
 * @param loc            the minimum count
 * @param scale          mean minus minimum
 * @param upperThreshold {@code loc + scale * ln(1 / threshold)}: a count above it is abnormal
 */
public record LaunchModel(String scope, int block, boolean weekend, long cardinality, double loc, double scale,
                          double upperThreshold) {

    /** The slug of the detection that reads the model. */
    public static final String DETECTION = "abnormally_high_number_of_cloud_instances_launched";

    /** The scope of a model fitted on every identity's active hours. */
    public static final String GROUP = "*";

    /** Fits the model on the counts of active hours (every count at least 1). */
    public static LaunchModel fit(String scope, int block, boolean weekend, long[] counts, double threshold) {
        long min = Long.MAX_VALUE;
        double sum = 0;
        for (long c : counts) {
            min = Math.min(min, c);
            sum += c;
        }
        double mean = sum / counts.length;
        double scale = mean - min;
        return new LaunchModel(scope, block, weekend, counts.length, min, scale,
                min + scale * Math.log(1 / threshold));
    }
}
