package io.parley.server;

import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.HttpService;
import io.parley.server.platform.FeatureModule;
import io.parley.server.platform.Platform;
import io.parley.server.testing.Api;
import io.parley.server.testing.ServerTestSupport;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /openapi} is what integrators generate clients from: it must parse without a message in a
 * real OpenAPI parser, name every operation, describe every response body, and list exactly the
 * routes the feature modules register — so no module can add, rename or drop a route without the
 * document following.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenApiDocumentTest extends ServerTestSupport {
    /** Served by Helidon's observe and OpenAPI features, not by a module's routing. */
    private static final Set<String> FROM_SERVER_FEATURES = Set.of("GET /health", "GET /metrics", "GET /openapi");
    private static final Set<String> HTTP_METHODS = Set.of("get", "post", "put", "patch", "delete", "head", "options");

    private OpenAPI document;

    @BeforeAll
    void parse() {
        Api.Response served = api.get("/openapi", null);
        assertThat(served.status()).isEqualTo(200);
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(served.body(), null, options);
        assertThat(result.getMessages()).as("parser messages").isEmpty();
        document = result.getOpenAPI();
        assertThat(document).isNotNull();
    }

    @Test
    void everyOperationHasAUniqueOperationId() {
        Map<String, String> seen = new HashMap<>();
        operations().forEach((route, operation) -> {
            assertThat(operation.getOperationId()).as("operationId of " + route).isNotBlank();
            String earlier = seen.put(operation.getOperationId(), route);
            assertThat(earlier).as("operationId " + operation.getOperationId() + " of " + route).isNull();
        });
    }

    @Test
    void everyResponseWithABodyHasASchema() {
        operations().forEach((route, operation) -> {
            assertThat(operation.getResponses()).as("responses of " + route).isNotEmpty();
            operation.getResponses().forEach((status, response) -> {
                ApiResponse resolved = resolve(response);
                if (status.equals("204")) {
                    assertThat(resolved.getContent()).as(route + " 204 has no body").isNullOrEmpty();
                    return;
                }
                assertThat(resolved.getContent()).as(route + " " + status + " content").isNotEmpty();
                for (Map.Entry<String, MediaType> media : resolved.getContent().entrySet()) {
                    assertThat(media.getValue().getSchema()).as(route + " " + status + " " + media.getKey() + " schema")
                            .isNotNull();
                }
            });
        });
    }

    @Test
    void theDocumentListsExactlyTheRoutesTheModulesRegister() {
        Set<String> registered = new TreeSet<>();
        HttpRouting.Builder recorder = recorder("", registered);
        for (FeatureModule module : ParleyServer.modules(Platform.create(config, db, clock))) {
            module.routing(recorder);
        }
        Set<String> documented = new TreeSet<>(operations().keySet());
        documented.removeAll(FROM_SERVER_FEATURES);
        assertThat(registered).as("routes the modules register").isNotEmpty();
        assertThat(documented).as("documented routes (left) against registered ones").isEqualTo(registered);
    }

    private Map<String, Operation> operations() {
        Map<String, Operation> operations = new HashMap<>();
        for (Map.Entry<String, PathItem> path : document.getPaths().entrySet()) {
            path.getValue().readOperationsMap().forEach((method, operation) ->
                    operations.put(method.name() + " " + path.getKey(), operation));
        }
        return operations;
    }

    private ApiResponse resolve(ApiResponse response) {
        if (response.get$ref() == null) {
            return response;
        }
        String name = response.get$ref().substring(response.get$ref().lastIndexOf('/') + 1);
        return document.getComponents().getResponses().get(name);
    }

    /**
     * Routing rules that only write down "METHOD /path" for each route a service registers, under the
     * prefix it is registered at; everything else (filters, error handlers) is accepted and ignored.
     */
    private static HttpRouting.Builder recorder(String prefix, Set<String> routes) {
        List<Object> self = new ArrayList<>(1);
        HttpRouting.Builder proxy = (HttpRouting.Builder) Proxy.newProxyInstance(OpenApiDocumentTest.class.getClassLoader(),
                new Class<?>[]{HttpRouting.Builder.class}, (p, method, args) -> {
                    String name = method.getName();
                    if (name.equals("register")) {
                        String path = args[0] instanceof String s ? s : "";
                        for (Object service : services(args)) {
                            ((HttpService) service).routing(recorder(prefix + path, routes));
                        }
                    } else if (HTTP_METHODS.contains(name) || name.equals("any")) {
                        String pattern = args.length > 0 && args[0] instanceof String s ? s : "";
                        routes.add(name.toUpperCase(Locale.ROOT) + " " + normalise(prefix + pattern));
                    } else if (name.equals("route")) {
                        throw new AssertionError("route(...) is not recorded yet: teach " + OpenApiDocumentTest.class.getSimpleName()
                                + " about it");
                    }
                    return returnValue(method, self.getFirst());
                });
        self.add(proxy);
        return proxy;
    }

    private static List<Object> services(Object[] args) {
        List<Object> services = new ArrayList<>();
        for (Object arg : args) {
            if (arg instanceof HttpService service) {
                services.add(service);
            } else if (arg instanceof Object[] array) {
                services.addAll(List.of(array));
            }
        }
        return services;
    }

    private static Object returnValue(Method method, Object proxy) {
        return method.getReturnType().isInstance(proxy) ? proxy : null;
    }

    private static String normalise(String path) {
        String p = path.replaceAll("/+", "/");
        return p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }
}
