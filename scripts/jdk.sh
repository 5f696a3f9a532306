# Sourced by ./duplex and ./run-tests: exports JAVA_HOME for a JDK whose major version is at least 21.
# Order: $JAVA_HOME, the java on PATH, then every JDK under /usr/lib/jvm (newest first).
# Set DUPLEX_JAVA_HOME to force a particular JDK.

_duplex_jdk_major() {
    # Prints the major version of the JDK at $1 (needs bin/java and bin/javac), or nothing.
    local home=$1 version=""
    [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || return 0
    if [ -f "$home/release" ]; then
        version=$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$home/release")
    fi
    if [ -z "$version" ]; then
        version=$("$home/bin/java" -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -n 1)
    fi
    version=${version#1.}
    printf '%s\n' "${version%%[.+-]*}"
}

_duplex_find_jdk() {
    local candidate major
    local -a candidates=()
    [ -n "${DUPLEX_JAVA_HOME:-}" ] && candidates+=("$DUPLEX_JAVA_HOME")
    [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
    if command -v javac >/dev/null 2>&1; then
        candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")")
    fi
    if [ -d /usr/lib/jvm ]; then
        while IFS= read -r candidate; do
            candidates+=("$candidate")
        done < <(ls -d /usr/lib/jvm/*/ 2>/dev/null | sed 's:/$::' | sort -rV)
    fi
    for candidate in "${candidates[@]}"; do
        major=$(_duplex_jdk_major "$candidate")
        if [ -n "$major" ] && [ "$major" -ge 21 ] 2>/dev/null; then
            printf '%s\n' "$candidate"
            return 0
        fi
    done
    return 1
}

if ! DUPLEX_JDK=$(_duplex_find_jdk); then
    echo "duplex: no JDK 21 or newer found (looked at \$JAVA_HOME, the javac on PATH and /usr/lib/jvm/*)." >&2
    echo "duplex: install one (for example: apt-get install openjdk-21-jdk-headless) or set DUPLEX_JAVA_HOME." >&2
    exit 1
fi
export JAVA_HOME="$DUPLEX_JDK"
export PATH="$JAVA_HOME/bin:$PATH"
# Maven 3.8's bundled Guava warns about sun.misc.Unsafe on JDK 23+; the warning is harmless, so quiet it there.
if [ "$(_duplex_jdk_major "$JAVA_HOME")" -ge 23 ] 2>/dev/null; then
    case " ${MAVEN_OPTS:-} " in
        *"--sun-misc-unsafe-memory-access"*) ;;
        *) export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" ;;
    esac
fi
