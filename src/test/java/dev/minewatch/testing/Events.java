package dev.minewatch.testing;

import dev.minewatch.normalize.EventTimes;
import dev.minewatch.normalize.InstanceCreation;
import java.util.ArrayList;
import java.util.List;

/** Builds normalized creation events for rule tests: a usual launch, changed one field at a time. */
public final class Events {

    public static final String ALICE = "arn:aws:iam::111122223333:user/alice";
    private static int counter;

    private Events() {}

    /** A successful launch of {@code count} instances by {@code user} at {@code isoTime}, of known values. */
    public static Builder launch(String user, String isoTime) {
        return new Builder(user, EventTimes.parseEpochSecond(isoTime));
    }

    public static final class Builder {
        private final String user;
        private final long time;
        private String region = "us-east-1";
        private String image = "ami-known";
        private String type = "t3.micro";
        private int count = 1;
        private String errorCode;
        private String eventId;

        Builder(String user, long time) {
            this.user = user;
            this.time = time;
        }

        public Builder region(String r) { region = r; return this; }
        public Builder image(String i) { image = i; return this; }
        public Builder type(String t) { type = t; return this; }
        public Builder instances(int n) { count = n; return this; }
        public Builder failedWith(String code) { errorCode = code; return this; }
        public Builder id(String id) { eventId = id; return this; }

        public InstanceCreation build() {
            String id = eventId != null ? eventId : "evt-" + (++counter);
            List<String> ids = new ArrayList<>();
            for (int i = 0; errorCode == null && i < count; i++) {
                ids.add("i-" + id + "-" + i);
            }
            return new InstanceCreation("aws", id, time, user, "IAMUser", null, "111122223333", region, image,
                    type, ids, count, errorCode == null ? InstanceCreation.SUCCESS : InstanceCreation.FAILURE,
                    errorCode, "198.51.100.1", "aws-cli/2", "test");
        }
    }
}
