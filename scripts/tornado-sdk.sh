#!/usr/bin/env bash
# The TornadoVM SDK (5.2.0-jdk25, OpenCL backend) for the `tornado` backend, built once into a cache outside the
# repository and reused (shared/deps/TORNADOVM.md is the recipe; its steps are numbered the same here).
#   scripts/tornado-sdk.sh ensure [SOURCE.tar.gz]   print the SDK folder on stdout, building it when missing
#   scripts/tornado-sdk.sh check                     print the SDK folder if it is ready, else exit 1 (no build)
#   scripts/tornado-sdk.sh jdk                       print the JDK 25 it uses
#   scripts/tornado-sdk.sh argfile                   ensure, then print the JVM argfile this project runs with
# Where things come from, first found wins:
#   the SDK:    $TORNADOVM_HOME (an official release or a build of your own), else the cache below
#   the source: the argument, $TORNADO_SOURCE, else ../shared/deps/tornadovm-5.2.0-jdk25-src-opencl-only.tar.gz
#   JDK 25:     $JAVA25_HOME, else /usr/lib/jvm/*25* (Temurin's on these machines)
# The cache: ${NUSI_CACHE:-$HOME/.cache/nusi-transport}/tornadovm-5.2.0-jdk25. Exit 3 means "cannot be had here"
# (no JDK 25, no source, no OpenCL headers), with one line on stderr saying what is missing.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
VERSION="5.2.0-jdk25"
CACHE="${NUSI_CACHE:-$HOME/.cache/nusi-transport}/tornadovm-$VERSION"
SDK_IN_CACHE="$CACHE/sdk"

jdk25() {
    local j
    if [ -n "${JAVA25_HOME:-}" ]; then
        # Set by the user: that JDK or none.
        [ -x "$JAVA25_HOME/bin/java" ] && "$JAVA25_HOME/bin/java" -version 2>&1 | grep -q 'version "25' && echo "$JAVA25_HOME"
        return
    fi
    for j in /usr/lib/jvm/*25*; do
        if [ -x "$j/bin/java" ] && "$j/bin/java" -version 2>&1 | grep -q 'version "25'; then
            echo "$j"
            return 0
        fi
    done
    return 1
}

sdk_ready() { [ -f "$1/tornado-argfile" ] && compgen -G "$1/share/java/tornado/tornado-api-*.jar" >/dev/null; }

# The tornado-api jar in ~/.m2, for compiling the module against it (an official SDK does not put it there).
install_api_jar() {
    local sdk="$1" jdk="$2" jar
    [ -f "$HOME/.m2/repository/io/github/beehive-lab/tornado-api/$VERSION/tornado-api-$VERSION.jar" ] && return 0
    jar="$(compgen -G "$sdk/share/java/tornado/tornado-api-*.jar" | head -n 1)"
    JAVA_HOME="$jdk" mvn -B -ntp -q install:install-file -Dfile="$jar" -DgroupId=io.github.beehive-lab \
        -DartifactId=tornado-api -Dversion="$VERSION" -Dpackaging=jar >&2
}

# The project's argfile: the SDK's with a module path that leaves out JMH, JUnit and what only TornadoVM's own
# tests and benchmarks need. They are automatic modules, all resolved once one is, and TornadoVM's JMH 1.29 would
# shadow the project's JMH on the class path (the benchmarks then fail with NoSuchMethodError).
project_argfile() {
    local sdk="$1" out mods j
    out="$CACHE/argfile-$(printf '%s' "$sdk" | md5sum | cut -c1-8)"
    mods="$out.modules"
    if [ ! -f "$out" ] || [ "$sdk/tornado-argfile" -nt "$out" ]; then
        rm -rf "$mods"
        mkdir -p "$mods"
        for j in "$sdk"/share/java/tornado/*.jar; do
            case "$(basename "$j")" in
                jmh-core-*|jopt-simple-*|junit-*|hamcrest-*|tornado-benchmarks-*|tornado-unittests-*|tornado-examples-*) ;;
                *) ln -s "$j" "$mods/" ;;
            esac
        done
        sed -e "s|^--module-path .*|--module-path $mods|" "$sdk/tornado-argfile" >"$out.tmp"
        mv "$out.tmp" "$out"
    fi
    echo "$out"
}

cmd="${1:-ensure}"
mkdir -p "$CACHE"
if [ -n "${TORNADOVM_HOME:-}" ]; then
    if ! sdk_ready "$TORNADOVM_HOME"; then
        echo "TORNADOVM_HOME=$TORNADOVM_HOME is not a TornadoVM SDK (no tornado-argfile or share/java/tornado/tornado-api-*.jar)" >&2
        exit 3
    fi
    SDK="$TORNADOVM_HOME"
elif sdk_ready "$SDK_IN_CACHE"; then
    SDK="$SDK_IN_CACHE"
else
    SDK=""
fi
JDK="$(jdk25 || true)"
if [ -z "$JDK" ]; then
    echo "the tornado backend needs a JDK 25 (TornadoVM $VERSION runs on JDK 25 only): ${JAVA25_HOME:+JAVA25_HOME=$JAVA25_HOME is not one; }set JAVA25_HOME to one or install one under /usr/lib/jvm (everything else runs on JDK 17)" >&2
    exit 3
fi
if [ "$cmd" = "jdk" ]; then
    echo "$JDK"
    exit 0
fi
if [ -n "$SDK" ]; then
    install_api_jar "$SDK" "$JDK"
    if [ "$cmd" = "argfile" ]; then project_argfile "$SDK"; else echo "$SDK"; fi
    exit 0
fi
[ "$cmd" = "check" ] && exit 1

SOURCE="${2:-${TORNADO_SOURCE:-$ROOT/../shared/deps/tornadovm-$VERSION-src-opencl-only.tar.gz}}"
if [ ! -f "$SOURCE" ]; then
    echo "no TornadoVM SDK and no source to build one: set TORNADOVM_HOME to an SDK, or TORNADO_SOURCE to a release source archive (not found: $SOURCE)" >&2
    exit 3
fi
if [ ! -f /usr/include/CL/cl.h ]; then
    echo "building TornadoVM needs the OpenCL headers and loader (apt-get install opencl-headers ocl-icd-opencl-dev cmake g++)" >&2
    exit 3
fi

mkdir -p "$CACHE"
exec 9>"$CACHE/.build.lock"
flock 9   # two set-ups at once: the second waits and then finds the SDK ready
if sdk_ready "$SDK_IN_CACHE"; then
    install_api_jar "$SDK_IN_CACHE" "$JDK"
    if [ "$cmd" = "argfile" ]; then project_argfile "$SDK_IN_CACHE"; else echo "$SDK_IN_CACHE"; fi
    exit 0
fi

LOG="$CACHE/build.log"
echo "tornado-sdk: building TornadoVM $VERSION from $SOURCE into $CACHE (~7 min the first time; log: $LOG)" >&2
BUILD="$CACHE/build"
rm -rf "$BUILD" "$SDK_IN_CACHE" "$SDK_IN_CACHE.tmp"
mkdir -p "$BUILD"
tar -xzf "$SOURCE" -C "$BUILD"
SRC="$(find "$BUILD" -maxdepth 2 -name mvnw -printf '%h\n' | head -n 1)"
{
    cd "$SRC"
    export JAVA_HOME="$JDK"
    # 1. The Graal compiler jars (the tree's script asks for a compiler-management that does not exist).
    mkdir -p graalJars
    for ga in org.graalvm.compiler:compiler org.graalvm.sdk:graal-sdk org.graalvm.truffle:truffle-api \
              org.graalvm.truffle:truffle-compiler org.graalvm.sdk:collections org.graalvm.sdk:word \
              org.graalvm.polyglot:polyglot; do
        ./mvnw -B -q dependency:copy -Dartifact="$ga:25.0.2" -DoutputDirectory=graalJars
    done
    # 2. OpenCL headers from the system instead of a clone of KhronosGroup/OpenCL-Headers.
    mkdir -p tornado-drivers/opencl-jni/src/main/cpp/headers/include
    cp -r /usr/include/CL tornado-drivers/opencl-jni/src/main/cpp/headers/include/
    # 3. The OpenCL backend only.
    echo tornado.backends=opencl-backend > tornado-assembly/src/etc/tornado.backend
    # 4. The build; `install` also puts the tornado-* artifacts into ~/.m2.
    ./mvnw -B -Pjdk25,opencl-backend -Dtornado.backend=opencl -DskipTests install
} >"$LOG" 2>&1 || { echo "tornado-sdk: the build failed; last lines of $LOG:" >&2; tail -n 20 "$LOG" >&2; exit 1; }

BUILT="$(find "$SRC/dist" -mindepth 2 -maxdepth 2 -type d -name "tornadovm-$VERSION-opencl" | head -n 1)"
# 5. The JVM arguments, with the SDK's own path in place of ${TORNADOVM_HOME}.
mv "$BUILT" "$SDK_IN_CACHE.tmp"
(cd "$SDK_IN_CACHE.tmp/bin" && TORNADOVM_HOME="$SDK_IN_CACHE.tmp" JAVA_HOME="$JDK" python3 gen-tornado-argfile-template.py opencl >>"$LOG" 2>&1) \
    || { echo "tornado-sdk: the argfile generator failed; last lines of $LOG:" >&2; tail -n 5 "$LOG" >&2; exit 1; }
# The template's module path starts with '.', the caller's folder: dropped, so that jars lying there do not load.
sed -e "s|\${TORNADOVM_HOME}|$SDK_IN_CACHE|g" -e 's|^--module-path \.:|--module-path |' \
    "$SDK_IN_CACHE.tmp/tornado-argfile.template" >"$SDK_IN_CACHE.tmp/tornado-argfile"
mv "$SDK_IN_CACHE.tmp" "$SDK_IN_CACHE"
rm -rf "$BUILD"
install_api_jar "$SDK_IN_CACHE" "$JDK"
echo "tornado-sdk: ready in $SDK_IN_CACHE" >&2
if [ "$cmd" = "argfile" ]; then project_argfile "$SDK_IN_CACHE"; else echo "$SDK_IN_CACHE"; fi
