package dev.minewatch.output;

import dev.minewatch.normalize.EventTimes;
import dev.minewatch.normalize.InstanceCreation;
import java.io.IOException;
import java.io.OutputStream;

/** Writes normalized creation events as JSON Lines: what the rules see, for {@code minewatch normalize}. */
public final class CreationWriter extends JsonLinesWriter {

    public CreationWriter(OutputStream out) throws IOException {
        super(out);
    }

    public void write(InstanceCreation e) throws IOException {
        object(w -> {
            field("provider", e.provider());
            field("event_id", e.eventId());
            field("time", EventTimes.iso(e.time()));
            field("user", e.user());
            field("user_type", e.userType());
            field("session_name", e.sessionName());
            field("account", e.account());
            field("region", e.region());
            field("image_id", e.imageId());
            field("instance_type", e.instanceType());
            field("instance_ids", e.instanceIds());
            field("instance_count", e.instanceCount());
            field("status", e.status());
            field("error_code", e.errorCode());
            field("source_ip", e.sourceIp());
            field("user_agent", e.userAgent());
            field("origin", e.origin());
        });
    }
}
