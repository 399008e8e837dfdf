package io.parley.server.inbox;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SearchTextTest {

    @Test
    void accentsCaseAndLettersWithoutMarksFold() {
        assertThat(SearchText.fold("Müller São")).isEqualTo("muller sao");
        assertThat(SearchText.fold("Søren Åberg")).isEqualTo("soren aberg");
        assertThat(SearchText.fold("Straße Łódź Æsir")).isEqualTo("strasse lodz aesir");
        assertThat(SearchText.fold("  ")).isNull();
        assertThat(SearchText.prefixQuery("Søren Å")).isEqualTo("soren:* & a:*");
    }
}
