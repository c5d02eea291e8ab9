package io.zsync.jsonrpc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Request ids as map keys: the same id, however written, the same key; different ids, different keys. */
class IdKeyTest {
    private static String key(String json) {
        return Json.idKey(Json.parse(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void differentIdsGetDifferentKeysAndTheSameIdTheSameKey() {
        List<String> ids = List.of("7", "\"7\"", "7.5", "-7", "\"-7\"", "9007199254740993", "\"9007199254740993\"",
                "123456789012345678901234567890", "\"123456789012345678901234567890\"", "\"\"", "\"\\\"7\"", "0",
                "9223372036854775807", "9223372036854775808");
        Set<String> keys = new HashSet<>();
        for (String id : ids) {
            keys.add(key(id));
            assertEquals(key(id), key(id));
        }
        assertEquals(ids.size(), keys.size(), "one key per id: " + keys);
        assertEquals(key("7"), key(" 7 "), "whitespace around is not part of the id");
    }
}
