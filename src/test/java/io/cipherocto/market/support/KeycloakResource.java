package io.cipherocto.market.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * A real Keycloak with the committed realm, started by {@code scripts/keycloak.sh} (the script the local run
 * uses), with a master-realm admin for {@link TestUsers}. One already running (e.g. the local stack) is reused
 * and left running.
 */
public class KeycloakResource implements QuarkusTestResourceLifecycleManager {

    public static final String URL = "http://127.0.0.1:8180";
    private static final String READY = "http://127.0.0.1:9180/health/ready";
    private static boolean checked;

    @Override
    public Map<String, String> start() {
        ensureRunning();
        return Map.of("octo.keycloak.url", URL);
    }

    @Override
    public void stop() {
        // stopped once at JVM exit (see ensureRunning), not per test profile
    }

    static synchronized void ensureRunning() {
        if (checked) {
            return;
        }
        if (!ready()) {
            run("start");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> run("stop"), "keycloak-stop"));
        }
        checked = true;
    }

    private static boolean ready() {
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
            var response = client.send(HttpRequest.newBuilder(URI.create(READY)).build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void run(String command) {
        try {
            Process process = new ProcessBuilder("bash", script().toString(), command).inheritIO().start();
            int exit = process.waitFor();
            if (exit != 0) {
                throw new IllegalStateException("scripts/keycloak.sh " + command + " exited with " + exit);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run scripts/keycloak.sh", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running scripts/keycloak.sh", e);
        }
    }

    private static Path script() {
        return Path.of(System.getProperty("user.dir"), "scripts", "keycloak.sh");
    }
}
