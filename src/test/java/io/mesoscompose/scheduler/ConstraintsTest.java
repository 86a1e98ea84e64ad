package io.mesoscompose.scheduler;

import static io.mesoscompose.scheduler.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.mesoscompose.compose.model.Constraint;
import io.mesoscompose.compose.model.SourcePosition;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConstraintsTest {

    private static Constraint attr(String name, Constraint.Op op, String value) {
        return new Constraint.Attribute(name, op, value, name + (op == Constraint.Op.EQ ? "==" : "!=") + value, SourcePosition.UNKNOWN);
    }

    @Test
    void platformAttributesMatchAgentAttributesCaseInsensitively() {
        var offer = offer("a1", 1, 1, 1, 2, Map.of("os", "Linux", "arch", "arm64", "gpu", "True"));
        assertThat(Constraints.holds(attr("os", Constraint.Op.EQ, "linux"), offer, 0)).isTrue();
        assertThat(Constraints.holds(attr("node.platform.arch", Constraint.Op.EQ, "arm64"), offer, 0)).isTrue();
        assertThat(Constraints.holds(attr("gpu", Constraint.Op.EQ, "true"), offer, 0)).isTrue();
        assertThat(Constraints.holds(attr("arch", Constraint.Op.NE, "arm64"), offer, 0)).isFalse();
    }

    @Test
    void missingAttributeFailsEqualityAndPassesInequality() {
        var offer = offer("a1", 1, 1);
        assertThat(Constraints.holds(attr("rack", Constraint.Op.EQ, "a"), offer, 0)).isFalse();
        assertThat(Constraints.holds(attr("rack", Constraint.Op.NE, "a"), offer, 0)).isTrue();
    }

    @Test
    void firstViolatedNamesTheRule() {
        var offer = offer("a1", 1, 1);
        var rules = List.of(hostname(Constraint.Op.EQ, "a1.example"), unique());
        assertThat(Constraints.firstViolated(rules, offer, 0)).isEmpty();
        assertThat(Constraints.firstViolated(rules, offer, 1)).hasValueSatisfying(c -> assertThat(c.source()).isEqualTo("unique"));
    }
}
