package dev.codeplatform.benchmarks;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** The driver's settings: system properties {@code bench.*} (the pom forwards them), with defaults for a plain run. */
final class Config {

    private Config() {
    }

    static String string(String name, String fallback) {
        String value = System.getProperty(name);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    static int integer(String name, int fallback) {
        return Integer.parseInt(string(name, Integer.toString(fallback)));
    }

    static double decimal(String name, double fallback) {
        return Double.parseDouble(string(name, Double.toString(fallback)));
    }

    static List<Integer> integers(String name, String fallback) {
        return Arrays.stream(string(name, fallback).split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .map(Integer::parseInt).toList();
    }

    static Path path(String name, String fallback) {
        return Path.of(string(name, fallback)).toAbsolutePath().normalize();
    }

    static List<String> words(String name) {
        String value = string(name, "");
        return value.isEmpty() ? List.of() : Arrays.asList(value.split("\\s+"));
    }
}
