package dev.codeplatform.command;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SoftReferenceCacheTest {

    private final SoftReferenceCache cache = new SoftReferenceCache(100);

    @Test
    void keeps_what_was_put_until_it_is_removed() {
        cache.put("a", "one");
        assertThat(cache.containsKey("a")).isTrue();
        assertThat(cache.<String, String>get("a")).isEqualTo("one");
        assertThat(cache.putIfAbsent("a", "two")).isFalse();
        assertThat(cache.putIfAbsent("b", "two")).isTrue();

        assertThat(cache.remove("a")).isTrue();
        assertThat(cache.remove("a")).isFalse();
        assertThat(cache.<String, String>get("a")).isNull();
    }

    @Test
    void updates_only_present_entries_and_empties_on_request() {
        cache.put("a", "one");
        cache.<String>computeIfPresent("a", value -> value + "!");
        cache.<String>computeIfPresent("missing", value -> "never");
        assertThat(cache.<String, String>get("a")).isEqualTo("one!");
        assertThat(cache.containsKey("missing")).isFalse();

        cache.removeAll();
        assertThat(cache.containsKey("a")).isFalse();
    }
}
