package io.cipherocto.market.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.jboss.logging.Logger;

/**
 * The Helm chart ({@code helm/octo-market}), with Helm 3 bundled as a native library (helm-java), offline: strict
 * lint; renders with the default values, the production example and every optional resource switched on; every
 * rendered manifest validated against the Kubernetes schemas (npm {@code kubernetes-models}, {@code helm/validate});
 * the values validated against {@code values.schema.json} (typos and wrong types refused, a parent's
 * {@code global} accepted); and the essentials asserted on what would be applied.
 */
public class HelmChartTest {

    private static final Logger LOG = Logger.getLogger(HelmChartTest.class);

    static final Path BASEDIR = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
    public static final Path CHART = BASEDIR.resolve("helm/octo-market");
    static final Path VALIDATOR = BASEDIR.resolve("helm/validate");
    static final Path OUT = BASEDIR.resolve("target/helm");
    public static final String KUBE_VERSION = "1.31.0";
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final ObjectMapper JSON = new ObjectMapper();

    /** The renders every essential is asserted on: name -> how the template command is set up. */
    static final Map<String, UnaryOperator<TemplateCommand>> RENDERS = new LinkedHashMap<>();

    static {
        RENDERS.put("default", t -> t);
        RENDERS.put("production", t -> t.withValuesFile(CHART.resolve("values-production.example.yaml")));
        RENDERS.put("everything", t -> t.withValuesFile(CHART.resolve("values-production.example.yaml"))
                .set("autoscaling.enabled", false).set("replicaCount", 3)
                .set("affinity.podAntiAffinity", "soft").set("shutdown.preStopSleepSeconds", 0)
                .set("imagePullSecrets[0]", "registry-credentials").set("image.digest", "sha256:" + "a".repeat(64)));
    }

    static Stream<String> renders() {
        return RENDERS.keySet().stream();
    }

    @BeforeAll
    static void outputDirectory() throws IOException {
        Files.createDirectories(OUT);
    }

    @Test
    void lintsCleanInStrictMode() {
        LintResult lint = new Helm(CHART).lint().strict().call();
        assertThat(lint.isFailed()).as("helm lint --strict: %s", lint.getMessages()).isFalse();
        assertThat(lint.getMessages()).as("helm lint --strict messages")
                .noneMatch(m -> m.contains("[WARNING]") || m.contains("[ERROR]"));
    }

    @Test
    void everyRenderedManifestIsValidAgainstTheKubernetesSchemas() throws Exception {
        List<String> files = new ArrayList<>(List.of("node", "validate.mjs"));
        for (String name : RENDERS.keySet()) {
            Path file = OUT.resolve(name + ".yaml");
            Files.writeString(file, render(name), StandardCharsets.UTF_8);
            files.add(file.toString());
        }
        npmCi();
        Process node = new ProcessBuilder(files).directory(VALIDATOR.toFile()).redirectErrorStream(true).start();
        String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(node.waitFor(60, TimeUnit.SECONDS)).as("validator finished").isTrue();
        LOG.infof("kubernetes-models validation:%n%s", output);
        assertThat(node.exitValue()).as("helm/validate/validate.mjs on %s:%n%s", files.subList(2, files.size()), output)
                .isZero();
        assertThat(output).doesNotContain("INVALID").contains("Deployment/").contains("HorizontalPodAutoscaler/")
                .contains("PodDisruptionBudget/").contains("NetworkPolicy/").contains("Ingress/")
                .contains("ServiceMonitor/").contains("ServiceAccount/");
    }

    @Test
    void valuesSchemaRejectsTyposAndWrongTypes() {
        assertRejected(t -> t.set("replicaCont", 3), "replicaCont");
        assertRejected(t -> t.set("database.pasword", "x"), "pasword");
        assertRejected(t -> t.set("replicaCount", "three"), "replicaCount");
        assertRejected(t -> t.set("resources.limits.memory", "1G"), "memory");
        assertRejected(t -> t.set("securityContext.readOnlyRootFilesystem", false), "readOnlyRootFilesystem");
        assertRejected(t -> t.set("chain.enabled", true), "rpcUrl");
        assertRejected(t -> t.set("database.existingSecret", ""), "existingSecret");
        // a parent chart injects "global": accepted
        assertThat(new Helm(CHART).template().withKubeVersion(KUBE_VERSION).set("global.imageRegistry", "r.example")
                .set("global.storageClass", "fast").call()).contains("kind: Deployment");
    }

    @ParameterizedTest
    @MethodSource("renders")
    void probesAreDistinctAndUseThePortTheServerListensOn(String name) throws Exception {
        Rendered r = rendered(name);
        JsonNode container = r.container();
        int port = r.configInt("QUARKUS_HTTP_PORT");
        assertThat(container.at("/ports/0/containerPort").asInt()).isEqualTo(port);
        assertThat(container.at("/ports/0/name").asText()).isEqualTo("http");
        Set<String> paths = new HashSet<>();
        for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
            JsonNode p = container.path(probe);
            assertThat(p.isMissingNode()).as("%s in %s", probe, name).isFalse();
            assertThat(p.at("/httpGet/port").asText()).as("%s port", probe).isEqualTo("http");
            paths.add(p.at("/httpGet/path").asText());
        }
        assertThat(paths).as("probe paths").containsExactlyInAnyOrder("/q/health/started", "/q/health/live",
                "/q/health/ready");
        JsonNode startup = container.path("startupProbe");
        assertThat(startup.path("periodSeconds").asInt() * startup.path("failureThreshold").asInt())
                .as("startup budget (s)").isBetween(120, 125);
        assertThat(r.deployment().at("/spec/template/spec/containers").size()).isEqualTo(1);
    }

    @ParameterizedTest
    @MethodSource("renders")
    void resourcesHeapAndShutdownAreSizedFromOneAnother(String name) throws Exception {
        Rendered r = rendered(name);
        JsonNode container = r.container();
        for (String kind : List.of("requests", "limits")) {
            for (String resource : List.of("cpu", "memory")) {
                assertThat(container.at("/resources/" + kind + "/" + resource).asText()).as("%s.%s", kind, resource)
                        .isNotBlank();
            }
        }
        String limit = container.at("/resources/limits/memory").asText();
        int limitMi = limit.endsWith("Gi") ? Integer.parseInt(limit.replace("Gi", "")) * 1024
                : Integer.parseInt(limit.replace("Mi", ""));
        assertThat(r.env("JAVA_TOOL_OPTIONS")).as("heap from the %s memory limit", limit)
                .contains("-Xmx" + limitMi / 2 + "m");
        String timeout = r.config("QUARKUS_SHUTDOWN_TIMEOUT");
        int shutdown = Integer.parseInt(timeout.replace("s", ""));
        int preStop = container.at("/lifecycle/preStop/sleep/seconds").asInt(0);
        assertThat(r.deployment().at("/spec/template/spec/terminationGracePeriodSeconds").asInt())
                .as("grace period > preStop %d s + Quarkus shutdown timeout %s", preStop, timeout)
                .isGreaterThan(preStop + shutdown);
    }

    @ParameterizedTest
    @MethodSource("renders")
    void noContainerRunsAsRootOrWritesItsImage(String name) throws Exception {
        Rendered r = rendered(name);
        JsonNode pod = r.deployment().at("/spec/template/spec");
        assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
        assertThat(pod.at("/securityContext/runAsUser").asInt()).isPositive();
        assertThat(pod.path("initContainers").isMissingNode() || pod.path("initContainers").isEmpty()).isTrue();
        for (JsonNode c : pod.path("containers")) {
            JsonNode sc = c.path("securityContext");
            assertThat(sc.path("runAsNonRoot").asBoolean()).as("%s runAsNonRoot", c.path("name")).isTrue();
            assertThat(sc.path("runAsUser").asInt(1)).as("%s runAsUser", c.path("name")).isPositive();
            assertThat(sc.path("readOnlyRootFilesystem").asBoolean()).isTrue();
            assertThat(sc.path("allowPrivilegeEscalation").asBoolean(true)).isFalse();
            assertThat(sc.at("/capabilities/drop").toString()).contains("ALL");
        }
        assertThat(pod.path("automountServiceAccountToken").asBoolean(true)).isFalse();
    }

    @ParameterizedTest
    @MethodSource("renders")
    void secretsAreOnlyReferenced(String name) throws Exception {
        Rendered r = rendered(name);
        assertThat(r.ofKind("Secret")).as("Secrets rendered by the chart").isEmpty();
        Pattern secretish = Pattern.compile("(?i).*(PASSWORD|SECRET|SERVER_KEY|PRIVATE_KEY|USERNAME|CREDENTIALS).*");
        for (JsonNode env : r.container().path("env")) {
            String var = env.path("name").asText();
            if (secretish.matcher(var).matches()) {
                assertThat(env.path("value").isMissingNode()).as("%s has no literal value", var).isTrue();
                assertThat(env.at("/valueFrom/secretKeyRef/name").asText()).as("%s from a Secret", var).isNotBlank();
            }
        }
        for (JsonNode cm : r.ofKind("ConfigMap")) {
            cm.path("data").fieldNames().forEachRemaining(key -> assertThat(key).as("ConfigMap key")
                    .doesNotMatch(secretish));
        }
        // the dev and test keys the repository knows must never reach a rendered manifest
        assertThat(r.text()).doesNotContain("ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80")
                .doesNotContain("2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6");
        List<String> referenced = r.container().findValues("secretKeyRef").stream().map(s -> s.path("name").asText())
                .toList();
        assertThat(referenced).as("secret references").isNotEmpty();
        if (!r.config("OCTO_CHAIN_RPC_URL").isEmpty()) {
            assertThat(r.env("OCTO_CHAIN_SERVER_KEY")).isNull(); // no literal: asserted above; referenced:
            assertThat(r.container().toString()).contains("OCTO_CHAIN_SERVER_KEY");
        }
    }

    @ParameterizedTest
    @MethodSource("renders")
    void replicasAutoscalerAndDisruptionBudgetAgree(String name) throws Exception {
        Rendered r = rendered(name);
        JsonNode deployment = r.deployment();
        JsonNode selector = deployment.at("/spec/selector/matchLabels");
        List<JsonNode> hpas = r.ofKind("HorizontalPodAutoscaler");
        int fewest;
        if (hpas.isEmpty()) {
            fewest = deployment.at("/spec/replicas").asInt();
        } else {
            JsonNode hpa = hpas.get(0);
            assertThat(deployment.at("/spec/replicas").isMissingNode()).as("replicas left to the HPA").isTrue();
            assertThat(hpa.at("/spec/scaleTargetRef/name").asText()).isEqualTo(deployment.at("/metadata/name").asText());
            assertThat(hpa.at("/spec/scaleTargetRef/kind").asText()).isEqualTo("Deployment");
            fewest = hpa.at("/spec/minReplicas").asInt();
            assertThat(hpa.at("/spec/maxReplicas").asInt()).isGreaterThanOrEqualTo(fewest);
        }
        assertThat(fewest).as("replicas (or HPA minimum)").isGreaterThanOrEqualTo(2);
        JsonNode pdb = r.ofKind("PodDisruptionBudget").get(0);
        assertThat(pdb.at("/spec/selector/matchLabels")).isEqualTo(selector);
        assertThat(fewest - pdb.at("/spec/maxUnavailable").asInt()).as("pods left during a drain").isPositive();
        assertThat(r.ofKind("Service").get(0).at("/spec/selector")).isEqualTo(selector);
        assertThat(deployment.at("/spec/template/metadata/labels").toString()).contains(selector.toString()
                .substring(1, selector.toString().length() - 1));
        assertThat(deployment.at("/spec/template/spec/affinity/podAntiAffinity").isMissingNode()).isFalse();
        assertThat(deployment.at("/spec/strategy/rollingUpdate/maxUnavailable").asInt()).isZero();
    }

    @Test
    void productionValuesConfigureAnExternalDatabaseKeycloakAndTheChain() throws Exception {
        Rendered r = rendered("production");
        assertThat(r.config("QUARKUS_PROFILE")).isEqualTo("prod");
        assertThat(r.config("QUARKUS_HTTP_HOST")).isEqualTo("0.0.0.0");
        assertThat(r.config("QUARKUS_DATASOURCE_REACTIVE_URL"))
                .isEqualTo("postgresql://octo-db-rw:5432/app?sslmode=require");
        assertThat(r.config("QUARKUS_DATASOURCE_JDBC_URL"))
                .isEqualTo("jdbc:postgresql://octo-db-rw:5432/app?sslmode=require");
        assertThat(r.config("OCTO_KEYCLOAK_URL")).isEqualTo("https://sso.octo.market");
        assertThat(r.config("OCTO_CHAIN_RPC_URL")).startsWith("https://");
        assertThat(r.config("OCTO_CHAIN_PAYMENT_VAULT_ADDRESS")).startsWith("0x");
        assertThat(r.env("JAVA_TOOL_OPTIONS")).contains("-Xmx768m");
        assertThat(r.ofKind("Ingress")).hasSize(1);
        assertThat(r.ofKind("ServiceMonitor")).hasSize(1);
        JsonNode dashboard = r.ofKind("ConfigMap").stream()
                .filter(cm -> cm.at("/metadata/name").asText().endsWith("-dashboard")).findFirst().orElseThrow();
        JsonNode json = JSON.readTree(dashboard.at("/data/octo-market.json").asText());
        String expressions = json.findValues("expr").toString();
        for (String metric : List.of("octo_graphql_operations_total", "http_server_requests_seconds_count",
                "octo_subscriptions_active", "octo_chain_lag_blocks", "octo_chain_outbox_rows",
                "octo_ledger_postings_total", "octo_ledger_volume_tokens_approx_total")) {
            assertThat(expressions).as("dashboard panels").contains(metric);
        }
    }

    /**
     * NOTES.txt renders only on install, which needs a cluster; a copy of the chart renders it as a ConfigMap
     * ({@code helm template} output) instead.
     */
    @Test
    void theNotesRenderAndNameTheSecretsToCreate() throws Exception {
        Path copy = OUT.resolve("notes-chart");
        try (Stream<Path> files = Files.walk(CHART)) {
            for (Path from : files.toList()) {
                Path to = copy.resolve(CHART.relativize(from).toString());
                if (Files.isDirectory(from)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(from, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        Path notes = copy.resolve("templates/NOTES.txt");
        Files.writeString(copy.resolve("templates/_notes.tpl"),
                "{{- define \"notes\" }}" + Files.readString(notes) + "{{- end }}");
        Files.delete(notes);
        Files.writeString(copy.resolve("templates/notes.yaml"), """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: notes
                data:
                  notes: {{ include "notes" . | quote }}
                """);
        String defaults = notes(new Helm(copy).template().withName("market").withNamespace("octo")
                .withKubeVersion(KUBE_VERSION).call());
        assertThat(defaults).contains("Before the pods can start").contains("octo-market-database")
                .contains("chain layer is OFF").contains("port-forward svc/market-octo-market");
        String production = notes(new Helm(copy).template().withName("market").withNamespace("octo")
                .withKubeVersion(KUBE_VERSION).withValuesFile(CHART.resolve("values-production.example.yaml")).call());
        assertThat(production).contains("octo-db-app").contains("octo-market-chain").contains("octo-market-keycloak")
                .contains("https://api.octo.market/graphql").contains("3 to 20");
    }

    private static String notes(String rendered) throws IOException {
        return Rendered.of(rendered).ofKind("ConfigMap").stream()
                .filter(cm -> cm.at("/metadata/name").asText().equals("notes")).findFirst().orElseThrow()
                .at("/data/notes").asText();
    }

    @Test
    void defaultValuesTurnTheChainOffAndSetNoSecretValue() throws Exception {
        Rendered r = rendered("default");
        assertThat(r.config("OCTO_CHAIN_RPC_URL")).isEmpty();
        assertThat(r.container().toString()).doesNotContain("OCTO_CHAIN_SERVER_KEY");
        String values = Files.readString(CHART.resolve("values.yaml"));
        Matcher literal = Pattern.compile("(?im)^\\s*(password|secret|serverKey|clientSecret|token)\\s*:\\s*\\S+")
                .matcher(values);
        assertThat(literal.find()).as("a secret value in values.yaml: %s", literal.results().toList()).isFalse();
    }

    // ---- helpers ------------------------------------------------------------------------------------------

    private static final Map<String, Rendered> CACHE = new LinkedHashMap<>();

    static synchronized Rendered rendered(String name) throws IOException {
        Rendered r = CACHE.get(name);
        if (r == null) {
            r = Rendered.of(render(name));
            CACHE.put(name, r);
        }
        return r;
    }

    static String render(String name) {
        return RENDERS.get(name).apply(new Helm(CHART).template().withName("market").withNamespace("octo")
                .withKubeVersion(KUBE_VERSION)).call();
    }

    static void assertRejected(UnaryOperator<TemplateCommand> values, String mentioning) {
        assertThatThrownBy(() -> values.apply(new Helm(CHART).template().withKubeVersion(KUBE_VERSION)).call())
                .as("values with %s refused by values.schema.json", mentioning)
                .hasMessageContaining("values don't meet the specifications of the schema")
                .hasMessageContaining(mentioning);
    }

    /** {@code npm ci} in helm/validate when node_modules is missing or older than package-lock.json. */
    static synchronized void npmCi() throws Exception {
        Path marker = VALIDATOR.resolve("node_modules/.package-lock.json");
        if (Files.exists(marker) && Files.getLastModifiedTime(marker)
                .compareTo(Files.getLastModifiedTime(VALIDATOR.resolve("package-lock.json"))) >= 0) {
            return;
        }
        Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(VALIDATOR.toFile())
                .redirectErrorStream(true).start();
        String output = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(npm.waitFor(300, TimeUnit.SECONDS) && npm.exitValue() == 0).as("npm ci in %s:%n%s", VALIDATOR,
                output).isTrue();
    }

    /** One render: its manifests, parsed. */
    public record Rendered(String text, List<JsonNode> manifests) {

        public static Rendered of(String text) throws IOException {
            List<JsonNode> docs = new ArrayList<>();
            try (YAMLParser parser = new YAMLFactory().createParser(text)) {
                var it = YAML.readValues(parser, JsonNode.class);
                while (it.hasNext()) {
                    JsonNode doc = it.next();
                    if (doc != null && !doc.isNull() && !doc.isMissingNode() && !doc.isEmpty()) {
                        docs.add(doc);
                    }
                }
            }
            return new Rendered(text, docs);
        }

        public List<JsonNode> ofKind(String kind) {
            return manifests.stream().filter(m -> kind.equals(m.path("kind").asText())).toList();
        }

        public JsonNode deployment() {
            List<JsonNode> d = ofKind("Deployment");
            assertThat(d).as("Deployments").hasSize(1);
            return d.get(0);
        }

        public JsonNode container() {
            return deployment().at("/spec/template/spec/containers/0");
        }

        /** A literal env value of the container, or null. */
        String env(String name) {
            for (JsonNode env : container().path("env")) {
                if (name.equals(env.path("name").asText())) {
                    return env.path("value").isMissingNode() ? null : env.path("value").asText();
                }
            }
            return null;
        }

        /**
         * The server's environment as a pod gets it: the settings ConfigMap ({@code envFrom}) plus the container's
         * literal env vars; {@code secrets} stands in for the {@code secretKeyRef} ones (Secret name/key -> value).
         */
        public Map<String, String> serverEnv(Map<String, String> secrets) {
            Map<String, String> env = new LinkedHashMap<>();
            String cmName = container().at("/envFrom/0/configMapRef/name").asText();
            ofKind("ConfigMap").stream().filter(c -> cmName.equals(c.at("/metadata/name").asText())).findFirst()
                    .orElseThrow().path("data").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
            for (JsonNode var : container().path("env")) {
                JsonNode ref = var.at("/valueFrom/secretKeyRef");
                String value = ref.isMissingNode() ? var.path("value").asText()
                        : secrets.get(ref.path("name").asText() + "/" + ref.path("key").asText());
                assertThat(value).as("value of %s", var.path("name").asText()).isNotNull();
                env.put(var.path("name").asText(), value);
            }
            return env;
        }

        /** A key of the settings ConfigMap (the one the container's envFrom names), or "". */
        String config(String key) {
            String cmName = container().at("/envFrom/0/configMapRef/name").asText();
            JsonNode cm = ofKind("ConfigMap").stream().filter(c -> cmName.equals(c.at("/metadata/name").asText()))
                    .findFirst().orElse(MissingNode.getInstance());
            return cm.at("/data/" + key).asText("");
        }

        int configInt(String key) {
            return Integer.parseInt(config(key));
        }
    }
}
