package io.mesoscompose.secrets;

import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * Logback's {@code %ex} (stack traces) masked like {@link RedactingMessageConverter}: an exception message from a
 * library may quote a value it was given.
 */
public final class RedactingThrowableConverter extends ThrowableProxyConverter {

    @Override
    public String convert(ILoggingEvent event) {
        return Redaction.global().mask(super.convert(event));
    }
}
