package io.mesoscompose.secrets;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * Logback's {@code %msg} with every secret value resolved so far replaced by {@code ****}
 * ({@link Redaction#global()}). Installed in logback.xml with
 * {@code <conversionRule conversionWord="msg" class="io.mesoscompose.secrets.RedactingMessageConverter"/>}
 * so that even a careless log line elsewhere cannot print a secret.
 */
public final class RedactingMessageConverter extends MessageConverter {

    @Override
    public String convert(ILoggingEvent event) {
        return Redaction.global().mask(super.convert(event));
    }
}
