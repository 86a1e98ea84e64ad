package io.mesoscompose.config;

import java.util.Optional;

/**
 * One environment variable the framework reads. {@link Settings} lists them all; {@code serve --help} and
 * docs/configuration.md are made from that list, so neither can drift from what the code reads.
 *
 * @param name         the variable, e.g. {@code FRAMEWORK_PORT}
 * @param defaultValue the value taken when the variable is unset or blank, in the variable's own syntax; empty when
 *                     the default is computed or there is none ({@code defaultText} says which)
 * @param defaultText  the default as shown to people ({@code 10000}, {@code this host's FQDN}, {@code —})
 * @param meaning      one sentence; {@code `code`} marks names and values
 * @param group        where it is listed
 */
public record Setting(String name, Optional<String> defaultValue, String defaultText, String meaning, Group group) {

    /** The sections of the list, in the order they are shown. */
    public enum Group {
        MESOS("Mesos master and framework"),
        API("HTTP API"),
        TASKS("Tasks"),
        STATE("State"),
        HA("High availability"),
        VAULT("Vault"),
        LOGGING("Logging"),
        NO_EFFECT("Go settings accepted without effect");

        private final String title;

        Group(String title) {
            this.title = title;
        }

        public String title() {
            return title;
        }
    }

    /** A setting with a literal default, shown as it is written. */
    static Setting of(String name, String defaultValue, String meaning, Group group) {
        return new Setting(name, Optional.of(defaultValue), defaultValue, meaning, group);
    }

    /** A setting whose default is computed or absent; {@code defaultText} says what happens when it is unset. */
    static Setting computed(String name, String defaultText, String meaning, Group group) {
        return new Setting(name, Optional.empty(), defaultText, meaning, group);
    }

    /** The default a typed reader falls back to; only settings with a literal default have one. */
    String literalDefault() {
        return defaultValue.orElseThrow(() -> new IllegalStateException(name + " has no literal default"));
    }
}
