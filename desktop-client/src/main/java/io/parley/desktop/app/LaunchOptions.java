package io.parley.desktop.app;

import java.util.List;
import java.util.Map;

/**
 * What the command line and environment ask of a launch.
 *
 * @param server the server address to preset on the sign-in screen ({@code --server <url>}, else
 *               {@code PARLEY_SERVER_URL}); null to use the remembered one
 * @param demo   sign straight in to the demo organisation ({@code --demo}), as {@code ./parley run} does
 */
public record LaunchOptions(String server, boolean demo) {

    public static final LaunchOptions NONE = new LaunchOptions(null, false);

    public static LaunchOptions parse(List<String> args, Map<String, String> env) {
        String server = null;
        int index = args.indexOf("--server");
        if (index >= 0 && index + 1 < args.size() && !args.get(index + 1).isBlank()) {
            server = args.get(index + 1);
        } else {
            String fromEnv = env.get("PARLEY_SERVER_URL");
            server = fromEnv == null || fromEnv.isBlank() ? null : fromEnv.strip();
        }
        return new LaunchOptions(server, args.contains("--demo"));
    }
}
