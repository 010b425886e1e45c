package dev.codeplatform.command.testing;

import dev.codeplatform.schema.rejection.Rejection;
import dev.codeplatform.schema.rejection.RejectionCode;
import java.util.Map;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;

/** Matches the {@link Rejection} a fixture's command handler threw, by code and (some of) its details. */
public final class Rejections {

    private Rejections() {
    }

    public static Matcher<Rejection> rejectedWith(RejectionCode code) {
        return rejectedWith(code, Map.of());
    }

    public static Matcher<Rejection> rejectedWith(RejectionCode code, Map<String, ?> details) {
        return new TypeSafeMatcher<>() {
            @Override
            protected boolean matchesSafely(Rejection rejection) {
                return rejection.code() == code
                        && details.entrySet().stream().allMatch(
                                e -> e.getValue().equals(rejection.details().get(e.getKey())));
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("a Rejection " + code + " with details containing " + details);
            }

            @Override
            protected void describeMismatchSafely(Rejection rejection, Description description) {
                description.appendText("was " + rejection.code() + " " + rejection.details() + ": "
                        + rejection.getMessage());
            }
        };
    }
}
