package io.mesoscompose.compose;

import io.mesoscompose.compose.model.Constraint;
import io.mesoscompose.compose.model.Constraint.Op;
import io.mesoscompose.compose.model.SourcePosition;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Placement rules. {@code deploy.placement.constraints} entries as in swarm, mapped onto Mesos agents:
 * {@code node.hostname==|!=name}, {@code node.platform.os==linux} (agent attribute {@code os}),
 * {@code node.platform.arch==arm} (attribute {@code arch}), {@code node.labels.<attr>==value} and
 * {@code engine.labels.<attr>==value} (agent attribute {@code <attr>}), and {@code unique} (at most one replica
 * of the service per agent). {@code deploy.placement.attributes} entries ({@code "gpu: True"}, the Go
 * mesos-compose's form) match an agent attribute by name and value.
 */
final class ConstraintSyntax {

    static final String ALLOWED = "expected node.hostname==NAME, node.hostname!=NAME, node.platform.os==OS,"
            + " node.platform.arch==ARCH, node.labels.ATTRIBUTE==VALUE, or unique";
    private static final Pattern RULE = Pattern.compile("\\s*([A-Za-z0-9_.\\-]+)\\s*(==|!=)\\s*(.+?)\\s*");

    private ConstraintSyntax() {}

    static Optional<Constraint> constraint(String text, Node at, String field, Values v) {
        SourcePosition pos = Diagnostics.position(at);
        if (text.strip().equals("unique")) {
            return Optional.of(new Constraint.Unique(text, pos));
        }
        Matcher m = RULE.matcher(text);
        if (!m.matches()) {
            v.error(at, field, "\"" + text + "\" is not a placement constraint", ALLOWED);
            return Optional.empty();
        }
        String subject = m.group(1);
        Op op = m.group(2).equals("==") ? Op.EQ : Op.NE;
        String value = m.group(3);
        if (subject.equals("node.hostname")) {
            return Optional.of(new Constraint.Hostname(op, value, text, pos));
        }
        if (subject.equals("node.platform.os")) {
            return Optional.of(new Constraint.Attribute("os", op, value, text, pos));
        }
        if (subject.equals("node.platform.arch")) {
            return Optional.of(new Constraint.Attribute("arch", op, value, text, pos));
        }
        for (String prefix : new String[] {"node.labels.", "engine.labels."}) {
            if (subject.startsWith(prefix) && subject.length() > prefix.length()) {
                return Optional.of(new Constraint.Attribute(subject.substring(prefix.length()), op, value, text, pos));
            }
        }
        if (subject.equals("node.role") || subject.equals("node.id")) {
            v.error(at, field, "\"" + subject + "\" is a swarm concept with no Mesos equivalent", ALLOWED);
        } else {
            v.error(at, field, "\"" + subject + "\" is not a placement attribute", DidYouMean
                    .hint(subject, java.util.List.of("node.hostname", "node.platform.os", "node.platform.arch"))
                    .orElse(ALLOWED));
        }
        return Optional.empty();
    }

    /** {@code "gpu: True"} or {@code "gpu:True"}: the agent attribute gpu equals True. */
    static Optional<Constraint> attribute(String text, Node at, String field, Values v) {
        int colon = text.indexOf(':');
        if (colon <= 0 || text.substring(colon + 1).isBlank()) {
            v.error(at, field, "\"" + text + "\" is not an attribute rule; expected \"NAME: VALUE\", e.g. \"gpu: True\"");
            return Optional.empty();
        }
        return Optional.of(new Constraint.Attribute(text.substring(0, colon).strip(), Op.EQ,
                text.substring(colon + 1).strip(), text, Diagnostics.position(at)));
    }
}
