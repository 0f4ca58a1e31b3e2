package dev.minewatch.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class SuppressionTest {

    static List<Suppression> read(String csv) throws IOException {
        return Suppression.read(new StringReader(csv), "suppressions.csv");
    }

    @Test
    void readsRowsCommentsAndExpiries() throws IOException {
        List<Suppression> rows = read("# tuning\ndetection,field,value,reason,expires\n"
                + "*,user,arn:aws:iam::1:role/ci-*,CI,\n"
                + "# a comment between rows\n"
                + "cloud_cryptomining_story,region,eu-west-1,lab,2027-01-31\n");
        assertEquals(2, rows.size());
        assertEquals(Long.MAX_VALUE, rows.get(0).expires());
        assertEquals(1801353600L, rows.get(1).expires()); // 2027-01-31T00:00:00Z
        assertEquals("suppressions.csv:5", rows.get(1).origin());
    }

    @Test
    void aBadFieldNamesTheFileAndLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> read("detection,field,value,reason,expires\n*,usr,x,y,\n"));
        assertEquals("suppressions.csv:2: field 'usr' is not one of [user, account, region, image_id, instance_type]",
                e.getMessage());
    }

    @Test
    void aBadExpiryNamesTheFileAndLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> read("detection,field,value,reason,expires\n*,user,x,y,next week\n"));
        assertEquals("suppressions.csv:2: unreadable time 'next week'", e.getMessage());
    }

    @Test
    void aMissingColumnIsAnError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> read("detection,field,value\n*,user,x\n"));
        assertEquals("suppressions.csv: the header must name detection, field, value, reason, expires"
                + " (has [detection, field, value])", e.getMessage());
    }
}
