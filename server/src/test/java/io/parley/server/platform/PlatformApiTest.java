package io.parley.server.platform;

import io.parley.server.testing.Api;
import io.parley.server.testing.RawHttp;
import io.parley.server.testing.ServerTestSupport;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Operations endpoints and the behaviour every route shares: errors, limits, request ids. */
class PlatformApiTest extends ServerTestSupport {

    @Test
    void healthIsUpWhileTheDatabaseAnswers() {
        Api.Response res = api.get("/health", null);

        assertThat(res.status()).isEqualTo(200);
        assertThat(res.json().get("status").asText()).isEqualTo("UP");
        assertThat(res.body()).contains("database");
    }

    @Test
    void metricsArePrometheusText() {
        api.get("/health", null);
        Api.Response res = api.raw("GET", "/metrics", null, Map.of("Accept", "text/plain"));

        assertThat(res.status()).isEqualTo(200);
        assertThat(res.body()).contains("# TYPE").contains("memory_usedHeap_bytes")
                .containsPattern("parley_http_requests_seconds_count\\{.*method=\"GET\".*status=\"2xx\"");
    }

    @Test
    void unknownRoutesAndMethodsAreProblemJson404() {
        assertProblem(api.get("/api/v1/nothing-here", null), 404);
        assertProblem(api.get("/", null), 404);
        assertProblem(api.send("PUT", "/api/v1/users", "{}", null), 404);
    }

    @Test
    void bodiesOverOneMebibyteAre413BeforeTheyAreRead() throws IOException {
        // Announce a 2 MiB body and send none of it: the answer must come from the headers alone.
        String answer = RawHttp.headOnly(server.port(), "POST /api/v1/auth/login HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + (2 * 1024 * 1024) + "\r\n\r\n");

        assertThat(answer).startsWith("HTTP/1.1 413").contains("application/problem+json").contains("\"status\":413");
    }

    @Test
    void everyResponseCarriesARequestIdAndKeepsASaneOne() {
        Api.Response generated = api.get("/api/v1/auth/me", null);
        Api.Response kept = api.raw("GET", "/health", null, Map.of("X-Request-Id", "trace-123"));
        Api.Response replaced = api.raw("GET", "/health", null, Map.of("X-Request-Id", "bad id with spaces"));

        assertThat(generated.header("X-Request-Id")).isNotBlank();
        assertThat(kept.header("X-Request-Id")).isEqualTo("trace-123");
        assertThat(replaced.header("X-Request-Id")).isNotEqualTo("bad id with spaces").isNotBlank();
    }

    @Test
    void openApiDocumentIsServedAndEveryDocumentedRouteExists() {
        Api.Response doc = api.get("/openapi", null);
        assertThat(doc.status()).isEqualTo(200);
        assertThat(doc.body()).contains("openapi: 3.1.0").contains("/api/v1/auth/login");

        Map<String, Object> spec = new Yaml().load(doc.body());
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) spec.get("paths");
        Set<String> methods = Set.of("get", "post", "patch", "put", "delete");
        List<String> missing = new ArrayList<>();
        paths.forEach((path, operations) -> operations.keySet().stream().filter(methods::contains).forEach(method -> {
            Api.Response res = api.send(method.toUpperCase(), path.replaceAll("\\{[^}]+}", "1"),
                    method.equals("get") || method.equals("delete") ? null : "{}", null);
            if (res.status() == 404 && res.body().contains("No resource at")) {
                missing.add(method.toUpperCase() + " " + path);
            }
        }));

        assertThat(paths).hasSizeGreaterThan(15);
        assertThat(missing).as("documented but not routed").isEmpty();
    }
}
