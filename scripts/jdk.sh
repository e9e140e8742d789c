# Sourced by ./facteur and ./scripts/test: finds a JDK 25 and exports JAVA_HOME.
# Order: $JAVA_HOME, then the usual install locations. Prints one line and
# returns 1 when none is found.

facteur_jdk_major() { # prints the major version of the JDK at $1, or nothing
    local release="$1/release" v
    [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 1
    if [ -f "$release" ]; then
        local line
        while IFS= read -r line; do # builtins only: this runs at every start
            [[ "$line" =~ ^JAVA_VERSION=\"([0-9]+) ]] && v="${BASH_REMATCH[1]}" && break
        done <"$release"
    else
        v=$("$1/bin/java" -version 2>&1 | sed -n '1s/.*version "\([0-9]*\).*/\1/p')
    fi
    [ -n "$v" ] && echo "$v"
}

facteur_find_jdk() {
    local want=25 candidate
    local candidates=()
    [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
    for candidate in /usr/lib/jvm/temurin-25* /usr/lib/jvm/*-25* /usr/lib/jvm/jdk-25* /usr/lib/jvm/java-25* \
                     /opt/java/openjdk /opt/jdk-25* /usr/local/lib/jvm/*25* \
                     "$HOME"/.sdkman/candidates/java/25* "$HOME"/.jdks/*25* \
                     /Library/Java/JavaVirtualMachines/*25*/Contents/Home; do
        [ -d "$candidate" ] && candidates+=("$candidate")
    done
    for candidate in "${candidates[@]}"; do
        if [ "$(facteur_jdk_major "$candidate")" = "$want" ]; then
            export JAVA_HOME="$candidate"
            return 0
        fi
    done
    if command -v javac >/dev/null 2>&1; then # last: the javac on PATH
        candidate="$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")"
        if [ "$(facteur_jdk_major "$candidate")" = "$want" ]; then
            export JAVA_HOME="$candidate"
            return 0
        fi
    fi
    echo "facteur: no JDK $want found (looked at \$JAVA_HOME and /usr/lib/jvm); install a JDK $want (e.g. Temurin 25) or set JAVA_HOME to one" >&2
    return 1
}

facteur_find_maven() {
    if ! command -v mvn >/dev/null 2>&1; then
        echo "facteur: Maven (mvn, 3.8 or newer) is needed to build Facteur; install it (Debian: apt-get install maven)" >&2
        return 1
    fi
}
