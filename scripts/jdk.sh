# Sourced by the scripts: exports JAVA_HOME pointing at a JDK 21+ (Quarkus 3.34 and Keycloak 26 need it).
# Keeps a JAVA_HOME or `java` on PATH that is already 21+, else takes Temurin 25 where these machines have it.
octo_java_version() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p'
}
for candidate in "${JAVA_HOME:-}" "$(dirname "$(dirname "$(readlink -f "$(command -v java 2>/dev/null || echo /nonexistent)")")")" \
    /usr/lib/jvm/temurin-25-jdk-amd64; do
  [[ -n "$candidate" && -x "$candidate/bin/java" ]] || continue
  v="$(octo_java_version "$candidate")"
  if [[ "${v%%.*}" =~ ^[0-9]+$ ]] && (( ${v%%.*} >= 21 )); then
    export JAVA_HOME="$candidate"
    export PATH="$JAVA_HOME/bin:$PATH"
    break
  fi
done
if [[ -z "${JAVA_HOME:-}" ]] || (( $(octo_java_version "$JAVA_HOME" | cut -d. -f1) < 21 )); then
  echo "A JDK 21 or newer is needed; set JAVA_HOME to one." >&2
  exit 1
fi
# JDK 24+ warns on every Maven start that Guice (inside Maven 3.9) calls sun.misc.Unsafe; the option that
# silences it does not exist before JDK 23 (a JVM there refuses to start), so it is added only where it is known.
if (( $(octo_java_version "$JAVA_HOME" | cut -d. -f1) >= 24 )) && [[ "${MAVEN_OPTS:-}" != *sun-misc-unsafe-memory-access* ]]; then
  export MAVEN_OPTS="${MAVEN_OPTS:+$MAVEN_OPTS }--sun-misc-unsafe-memory-access=allow"
fi
