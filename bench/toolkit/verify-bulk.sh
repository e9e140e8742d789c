#!/usr/bin/env bash
# bench/toolkit/verify-bulk.sh [ADDRESSES [DOMAINS]]: the "verify file" benchmark of issue 9,
# 10,000 addresses over 100 local test domains by default, against fake mail hosts on loopback.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
. "$root/scripts/jdk.sh"
facteur_find_jdk || exit 1
cd "$root"
mvn -B -q -pl facteur-toolkit -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
exec "$JAVA_HOME/bin/java" -cp "facteur-toolkit/target/test-classes:facteur-toolkit/target/classes:$(cat facteur-toolkit/target/bench-classpath.txt)" \
    dev.facteur.toolkit.verify.BulkVerifyBenchmark "$@"
