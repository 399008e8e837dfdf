package io.parley.desktop.crm;

import io.parley.desktop.app.UiExecutor;
import io.parley.model.crm.CustomField;
import io.parley.model.crm.SegmentFilter;
import io.parley.model.crm.Stage;
import io.parley.model.crm.Tag;
import io.parley.model.identity.Role;
import io.parley.model.identity.User;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** The condition builder's rows become the API's filter language; a row without its value is named. */
class SegmentBuilderViewModelTest {
    private final SegmentBuilderViewModel model = new SegmentBuilderViewModel(null, UiExecutor.direct(),
            List.of(new Tag(1, "vip", "#ff0000", 3)), List.of(new Stage(7, "Won", 3, "WON", 2)),
            List.of(new User(5, "ana@example.com", "Ana", Role.AGENT, true)),
            List.of(new CustomField(1, "budget", "Budget", "NUMBER", List.of()),
                    new CustomField(2, "plan", "Plan", "SELECT", List.of("Basic", "Pro"))));

    @Test
    void rowsBecomeTheFilterLanguage() {
        model.startFrom(new Stage(7, "Won", 3, "WON", 2), new Tag(1, "vip", "#ff0000", 3));
        SegmentBuilderViewModel.Row budget = model.addRow("customFields.budget");
        budget.opProperty().set(budget.fieldProperty().get().ops().stream().filter(o -> o.key().equals("gt")).findFirst().orElseThrow());
        budget.textProperty().set("350.5");
        SegmentBuilderViewModel.Row seen = model.addRow("lastSeenAt");
        seen.textProperty().set("30");
        model.matchProperty().set("any");

        SegmentFilter filter = model.filter();
        assertThat(filter.match()).isEqualTo("any");
        assertThat(filter.conditions()).extracting(SegmentFilter.Condition::field, SegmentFilter.Condition::op)
                .containsExactly(tuple("stageId", "eq"), tuple("tag", "has"),
                        tuple("customFields.budget", "gt"),
                        tuple("lastSeenAt", "withinDays"));
        assertThat(filter.conditions().get(0).value().asLong()).isEqualTo(7);
        assertThat(filter.conditions().get(1).value().asText()).isEqualTo("vip");
        assertThat(filter.conditions().get(2).value().decimalValue()).isEqualByComparingTo("350.5");
        assertThat(filter.conditions().get(3).value().asInt()).isEqualTo(30);
        assertThat(model.errorProperty().get()).isEmpty();
    }

    @Test
    void aRowWithoutItsValueIsNamed() {
        model.startFrom(null, null);
        SegmentBuilderViewModel.Row budget = model.addRow("customFields.budget");
        budget.textProperty().set("lots");
        assertThat(model.filter()).isNull();
        assertThat(model.errorProperty().get()).isEqualTo("Condition 2 needs a number.");
        model.removeRow(budget);
        SegmentBuilderViewModel.Row set = model.addRow("customFields.plan");
        set.opProperty().set(set.fieldProperty().get().ops().stream().filter(o -> o.key().equals("isSet")).findFirst().orElseThrow());
        assertThat(model.filter().conditions().get(1).value()).as("isSet takes no value").isNull();
    }
}
