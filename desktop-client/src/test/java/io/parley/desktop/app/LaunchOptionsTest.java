package io.parley.desktop.app;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class LaunchOptionsTest {

    @Test
    void theServerArgumentWinsOverTheEnvironment() {
        LaunchOptions options = LaunchOptions.parse(List.of("--server", "https://parley.example.com"),
                Map.of("PARLEY_SERVER_URL", "http://office:8080"));
        assertThat(options).isEqualTo(new LaunchOptions("https://parley.example.com", false));
    }

    @Test
    void theEnvironmentPresetsTheServerWhenNoArgumentDoes() {
        assertThat(LaunchOptions.parse(List.of("--demo"), Map.of("PARLEY_SERVER_URL", " http://office:8080 ")))
                .isEqualTo(new LaunchOptions("http://office:8080", true));
    }

    @Test
    void nothingGivenMeansTheRememberedServerAndANormalSignIn() {
        assertThat(LaunchOptions.parse(List.of(), Map.of())).isEqualTo(LaunchOptions.NONE);
        assertThat(LaunchOptions.parse(List.of("--server"), Map.of("PARLEY_SERVER_URL", "")).server()).isNull();
    }
}
