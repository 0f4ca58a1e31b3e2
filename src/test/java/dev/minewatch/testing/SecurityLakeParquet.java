package dev.minewatch.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.minewatch.normalize.EventTimes;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/**
 * Security Lake's CloudTrail records (see {@link SecurityLake}) written as Parquet with parquet-java's writer, in a
 * schema like the one Security Lake's Glue tables declare for each source version: nested structs, {@code unmapped}
 * a {@code map<string,string>}, {@code resources} and {@code metadata.profiles} lists, {@code time} epoch
 * milliseconds and {@code time_dt} a timestamp. Every field of a record must be in the schema, so that the Parquet
 * file holds exactly the events of the JSON.
 */
public final class SecurityLakeParquet {

    private static final String USER_V2 = "optional group user { optional binary type (STRING); optional binary uid"
            + " (STRING); optional binary uid_alt (STRING); optional binary name (STRING); optional binary"
            + " credential_uid (STRING); optional group account { optional binary uid (STRING); } }";
    private static final String USER_V1 = "optional group user { optional binary type (STRING); optional binary uid"
            + " (STRING); optional binary uuid (STRING); optional binary name (STRING); optional binary credential_uid"
            + " (STRING); optional binary account_uid (STRING); }";
    private static final String API = "optional group api { optional binary operation (STRING); optional group"
            + " service { optional binary name (STRING); } optional binary version (STRING); optional group request {"
            + " optional binary uid (STRING); optional binary data (STRING); } optional group response { optional"
            + " binary error (STRING); optional binary message (STRING); optional binary data (STRING); } }";
    private static final String COMMON = "optional int32 activity_id; optional int32 category_uid; optional int32"
            + " class_uid; optional int64 type_uid; optional int32 severity_id; optional binary severity (STRING);"
            + " optional binary category_name (STRING); optional binary class_name (STRING);"
            + " optional group metadata { optional binary uid (STRING); optional binary version (STRING); optional"
            + " group product { optional binary name (STRING); optional binary vendor_name (STRING); optional binary"
            + " version (STRING); optional group feature { optional binary name (STRING); } } optional group profiles"
            + " (LIST) { repeated group list { optional binary element (STRING); } } }"
            + " optional group http_request { optional binary user_agent (STRING); }"
            + " optional group src_endpoint { optional binary ip (STRING); optional binary domain (STRING); }"
            + " optional binary status (STRING); optional int32 status_id; optional int64 time;"
            + " optional group unmapped (MAP) { repeated group key_value { required binary key (STRING); optional"
            + " binary value (STRING); } }";

    /** Source version 2 (OCSF 1.1): the table {@code amazon_security_lake_table_REGION_cloud_trail_mgmt_2_0}. */
    public static final MessageType VERSION_2 = MessageTypeParser.parseMessageType("message cloud_trail_mgmt_2_0 { "
            + COMMON + " optional group actor { " + USER_V2 + " optional group session { optional binary issuer"
            + " (STRING); optional boolean is_mfa; optional int64 created_time_dt (TIMESTAMP(MILLIS,true)); }"
            + " optional binary invoked_by (STRING); } " + API + " optional group cloud { optional binary provider"
            + " (STRING); optional binary region (STRING); optional group account { optional binary uid (STRING); } }"
            + " optional int64 time_dt (TIMESTAMP(MILLIS,true));"
            + " optional group resources (LIST) { repeated group list { optional group element { optional binary uid"
            + " (STRING); optional binary type (STRING); optional group account { optional binary uid (STRING); } } } }"
            + " }");

    /** Source version 1 (OCSF 1.0.0-rc.2): the table {@code ..._cloud_trail_mgmt_1_0}. */
    public static final MessageType VERSION_1 = MessageTypeParser.parseMessageType("message cloud_trail_mgmt_1_0 { "
            + COMMON + " optional group actor { " + USER_V1 + " optional group session { optional binary issuer"
            + " (STRING); optional boolean mfa; optional binary created_time (STRING); } optional binary invoked_by"
            + " (STRING); } " + API + " optional group cloud { optional binary provider (STRING); optional binary"
            + " region (STRING); } }");

    private SecurityLakeParquet() {}

    /** {@code records} as one Parquet file of {@code schema}, compressed with {@code codec}, in row groups of a few rows. */
    public static void write(Path file, MessageType schema, List<? extends JsonNode> records, CompressionCodecName codec)
            throws IOException {
        SimpleGroupFactory groups = new SimpleGroupFactory(schema);
        try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(new LocalOutputFile(file)).withType(schema)
                .withCompressionCodec(codec).withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .withRowGroupSize(64L * 1024).build()) {
            for (JsonNode record : records) {
                Group row = groups.newGroup();
                fill(row, schema, record, "");
                writer.write(row);
            }
        }
    }

    private static void fill(Group group, GroupType type, JsonNode object, String path) {
        for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> f = fields.next();
            if (!type.containsField(f.getKey())) {
                throw new IllegalArgumentException("the schema has no field " + path + f.getKey());
            }
            Type field = type.getType(f.getKey());
            String where = path + f.getKey();
            if (f.getValue().isNull()) {
                continue;
            }
            if (field.isPrimitive()) {
                primitive(group, field.asPrimitiveType(), f.getValue(), where);
                continue;
            }
            GroupType fieldType = field.asGroupType();
            Group child = group.addGroup(f.getKey());
            LogicalTypeAnnotation annotation = fieldType.getLogicalTypeAnnotation();
            if (annotation instanceof LogicalTypeAnnotation.MapLogicalTypeAnnotation) {
                for (Iterator<Map.Entry<String, JsonNode>> e = f.getValue().fields(); e.hasNext(); ) {
                    Map.Entry<String, JsonNode> entry = e.next();
                    Group kv = child.addGroup(0).append("key", entry.getKey());
                    if (!entry.getValue().isNull()) {
                        kv.append("value", entry.getValue().asText());
                    }
                }
            } else if (annotation instanceof LogicalTypeAnnotation.ListLogicalTypeAnnotation) {
                Type element = fieldType.getType(0).asGroupType().getType(0);
                for (JsonNode item : f.getValue()) {
                    Group holder = child.addGroup(0);
                    if (element.isPrimitive()) {
                        primitive(holder, element.asPrimitiveType(), item, where + "[]");
                    } else {
                        fill(holder.addGroup(0), element.asGroupType(), item, where + "[].");
                    }
                }
            } else {
                fill(child, fieldType, f.getValue(), where + ".");
            }
        }
    }

    private static void primitive(Group group, PrimitiveType type, JsonNode value, String where) {
        String name = type.getName();
        switch (type.getPrimitiveTypeName()) {
            case BOOLEAN -> group.append(name, value.asBoolean());
            case INT32 -> group.append(name, value.asInt());
            case INT64 -> group.append(name, type.getLogicalTypeAnnotation()
                    instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation
                    ? EventTimes.parseEpochSecond(value.asText()) * 1000 : value.asLong());
            case BINARY -> {
                if (!value.isValueNode()) {
                    throw new IllegalArgumentException(where + " is no value: " + value);
                }
                group.append(name, value.asText());
            }
            default -> throw new IllegalArgumentException("no writer for " + where);
        }
    }
}
