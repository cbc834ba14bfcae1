#!/usr/bin/env bash
# nusi-transport: one entry point for a fresh machine (JDK 17 and Maven present).
#   ./run.sh                 the main job: the paper's figures into results/ (see results/report.md)
#   ./run.sh test            the test suite (what CI runs)
#   ./run.sh bench [JMH]     the JMH benchmarks (./run.sh bench --quick: a smoke run; docs/benchmarks.md: full)
#   ./run.sh bundle          .device-bundle/: a jlinked Java runtime, the jars and gpu-run.sh for a GPU machine
#   ./run.sh bench --tornado [JMH]  the same on JDK 25 with TornadoVM, so that -p backend=tornado can run
#   ./run.sh <command> ...   any command of the tool: propagate, scan, devices, --help
# It installs what is missing (the PoCL OpenCL CPU device; for --backend tornado, the TornadoVM SDK, built once into
# ~/.cache/nusi-transport by scripts/tornado-sdk.sh) and rebuilds only when sources changed.
set -euo pipefail
# The repository; the tool itself runs in the caller's folder, so that relative --out and --config paths mean
# what they say (only the build, the tests and the bundle work inside the repository).
ROOT="$(cd "$(dirname "$0")" && pwd)"

JAR="$ROOT/target/nusi-transport.jar"
BENCH_JAR="$ROOT/target/benchmarks.jar"
TORNADO_JAR="$ROOT/tornado/target/nusi-transport-tornado.jar"

# PoCL's LLVM replaces the process's SIGSEGV handler when the OpenCL device is opened; the JVM relies on SIGSEGV
# (null checks, safepoints) and would die without an error report. The JDK's libjsig chains the handlers.
JSIG="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")/lib/libjsig.so"
if [ -f "$JSIG" ]; then
    export LD_PRELOAD="$JSIG${LD_PRELOAD:+:$LD_PRELOAD}"
fi

have_opencl() {
    # An ICD loader plus at least one registered platform (PoCL or a GPU driver). The library list is read into a
    # variable first: `ldconfig -p | grep -q` fails under pipefail when grep exits early (SIGPIPE to ldconfig),
    # which made this check fail and apt-get run again on machines that had OpenCL.
    local libs
    libs="$(ldconfig -p 2>/dev/null || true)"
    [[ "$libs" == *libOpenCL.so.1* ]] && compgen -G '/etc/OpenCL/vendors/*.icd' >/dev/null
}

# apt_install "PACKAGES" "WHAT THEY ARE FOR": as root or with sudo -n; a failure is a warning, not the end of the run.
apt_install() {
    local pkgs="$1" what="$2" as_root=""
    if [ "$(id -u)" -ne 0 ]; then
        if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
            as_root="sudo -n"
        else
            echo "run.sh: $what missing; install it with: apt-get install -y $pkgs (needs root)" >&2
            return 0
        fi
    fi
    if ! command -v apt-get >/dev/null 2>&1; then
        echo "run.sh: no apt-get here; install $what ($pkgs) by hand" >&2
        return 0
    fi
    echo "run.sh: installing $what: $pkgs" >&2
    export DEBIAN_FRONTEND=noninteractive
    if ! $as_root apt-get install -y -q $pkgs >/dev/null 2>&1 \
        && ! { $as_root apt-get update -q >/dev/null 2>&1 && $as_root apt-get install -y -q $pkgs >/dev/null 2>&1; }; then
        echo "run.sh: could not install $pkgs with apt-get; continuing without $what" >&2
    fi
}

ensure_opencl() {
    # Not fatal: the Java backend works without OpenCL (the OpenCL tests will say what is missing).
    have_opencl || apt_install "ocl-icd-libopencl1 pocl-opencl-icd" "the OpenCL CPU device (PoCL)"
}

ensure_h5dump() {
    # The tests check the HDF5 output with a reader that is not this project's: h5dump (Debian hdf5-tools).
    command -v h5dump >/dev/null 2>&1 || apt_install "hdf5-tools" "h5dump (for the HDF5 output test)"
}

ensure_slurm() {
    # The scan submission tests run against a real one-node Slurm (Debian's packages; shared/slurm.md).
    command -v slurmctld >/dev/null 2>&1 && command -v slurmd >/dev/null 2>&1 && command -v sbatch >/dev/null 2>&1 \
        && command -v munged >/dev/null 2>&1 && return 0
    apt_install "--no-install-recommends slurmctld slurmd slurm-client munge" "Slurm (for the scan submission tests)"
}

ensure_build() {
    if [ -f "$JAR" ] && [ -f "$BENCH_JAR" ] \
        && [ -z "$(cd "$ROOT" && find pom.xml src kernels benchmarks -newer "$JAR" -type f 2>/dev/null | head -n 1)" ]; then
        return 0
    fi
    echo "run.sh: building (sources changed since the last build)" >&2
    # install, not package: the tornado module compiles against the installed jar.
    (cd "$ROOT" && mvn -B -ntp -q install -DskipTests >&2)
}

# The TornadoVM SDK and a JDK 25 into SDK and JDK25, building the SDK when missing; one line and exit 2 when they
# cannot be had (no JDK 25, no SDK and no source to build one).
tornado_setup() {
    local rc=0
    # Building the SDK compiles TornadoVM's OpenCL JNI library: headers, loader, cmake, g++ (shared/deps/TORNADOVM.md).
    if ! "$ROOT/scripts/tornado-sdk.sh" check >/dev/null 2>&1; then
        [ -f /usr/include/CL/cl.h ] || apt_install "opencl-headers ocl-icd-opencl-dev" "the OpenCL headers (to build TornadoVM)"
        { command -v cmake >/dev/null 2>&1 && command -v g++ >/dev/null 2>&1; } \
            || apt_install "cmake g++" "cmake and g++ (to build TornadoVM)"
    fi
    JDK25="$("$ROOT/scripts/tornado-sdk.sh" jdk)" || rc=$?
    [ "$rc" -eq 0 ] && { SDK="$("$ROOT/scripts/tornado-sdk.sh" ensure)" || rc=$?; }
    [ "$rc" -eq 0 ] && { ARGFILE="$("$ROOT/scripts/tornado-sdk.sh" argfile)" || rc=$?; }
    if [ "$rc" -ne 0 ]; then
        [ "$rc" -eq 3 ] && exit 2
        echo "run.sh: the TornadoVM SDK could not be built (see above)" >&2
        exit 2
    fi
}

ensure_tornado_build() {
    ensure_build
    if [ -f "$TORNADO_JAR" ] && [ -z "$(cd "$ROOT" && find tornado/pom.xml tornado/src "$JAR" -newer "$TORNADO_JAR" 2>/dev/null | head -n 1)" ]; then
        return 0
    fi
    echo "run.sh: building the tornado module (JDK 25)" >&2
    (cd "$ROOT/tornado" && JAVA_HOME="$JDK25" mvn -B -ntp -q package -DskipTests >&2)
}

# The JVM for TornadoVM: JDK 25, the SDK's argfile, float64 without fast math, libjsig of that JDK.
tornado_java() {
    export LD_PRELOAD="$JDK25/lib/libjsig.so"
    TORNADO_JVM=("$JDK25/bin/java" "@$ARGFILE" "@$ROOT/tornado/tornado-exact.args" --enable-native-access=ALL-UNNAMED)
}

# True if the arguments ask for the tornado backend.
wants_tornado() {
    local prev=""
    for a in "$@"; do
        [ "$a" = "--backend=tornado" ] && return 0
        [ "$prev" = "--backend" ] && [ "$a" = "tornado" ] && return 0
        prev="$a"
    done
    return 1
}

# The tornado module's tests (the backend contract on PoCL, Fig. 3 against cpu) in their own JVM on JDK 25. Where
# JDK 25 or TornadoVM's source is absent, one line says that they did not run.
tornado_tests() {
    local why
    if ! why="$("$ROOT/scripts/tornado-sdk.sh" jdk 2>&1 >/dev/null)"; then
        echo "run.sh: the tornado backend tests did not run: $why"
        return 0
    fi
    if ! "$ROOT/scripts/tornado-sdk.sh" check >/dev/null 2>&1 \
        && [ ! -f "${TORNADO_SOURCE:-$ROOT/../shared/deps/tornadovm-5.2.0-jdk25-src-opencl-only.tar.gz}" ]; then
        echo "run.sh: the tornado backend tests did not run: no TornadoVM SDK (TORNADOVM_HOME) and no source archive to build one"
        return 0
    fi
    tornado_setup
    (cd "$ROOT/tornado" && JAVA_HOME="$JDK25" mvn -B -ntp test -Dtornado.argfile="$ARGFILE" \
        -Dsurefire.failIfNoSpecifiedTests=false "$@")
}

case "${1:-}" in
    test)
        shift
        ensure_opencl
        ensure_h5dump
        ensure_slurm
        cd "$ROOT"
        # A real Slurm for the submission tests, stopped by its PIDs at the end, also on failure. If it cannot
        # start, the run fails here with the daemons' last log lines.
        SLURM_DIR="$(mktemp -d /tmp/nusi-slurm.XXXXXX)"
        trap 'scripts/slurm-local.sh stop "$SLURM_DIR" >/dev/null 2>&1 || true' EXIT
        scripts/slurm-local.sh start "$SLURM_DIR"
        export SLURM_CONF="$SLURM_DIR/slurm.conf"
        # install: runs the tests, then puts the jar and its test classes where the tornado module finds them.
        mvn -B -ntp install "$@"
        tornado_tests "$@"
        ;;
    bundle)
        # For a GPU machine without JDK or Maven: a trimmed Java runtime plus the benchmarks jar (which holds the
        # whole tool) and the kernels, under 64 MiB. Run there: .device-bundle/gpu-run.sh OUTDIR
        ensure_build
        cd "$ROOT"
        rm -rf .device-bundle
        mkdir -p .device-bundle
        jlink --add-modules java.base,java.desktop,java.management,jdk.unsupported,java.logging,java.naming,java.xml,java.sql \
            --strip-debug --no-header-files --no-man-pages --compress=2 --output .device-bundle/jre
        cp "$BENCH_JAR" .device-bundle/
        cp -r kernels .device-bundle/
        cp benchmarks/gpu-run.sh .device-bundle/
        du -sh .device-bundle
        ;;
    bench)
        shift
        tornado_bench=0
        if [ "${1:-}" = "--tornado" ]; then
            tornado_bench=1
            shift
        fi
        if [ "${1:-}" = "--quick" ]; then
            # Smoke run: one fork, no warm-up, one short iteration, the smallest grid.
            shift
            set -- -f 1 -wi 0 -i 1 -r 1 -p size=64 "$@"
        fi
        ensure_opencl
        ensure_build
        if [ "$tornado_bench" -eq 1 ]; then
            # One JDK 25 session for cpu, opencl and tornado: the forks get the same class path and JVM arguments.
            tornado_setup
            ensure_tornado_build
            tornado_java
            exec "${TORNADO_JVM[@]}" -Djava.awt.headless=true -cp "$BENCH_JAR:$TORNADO_JAR" org.openjdk.jmh.Main \
                -jvmArgsPrepend "@$ARGFILE @$ROOT/tornado/tornado-exact.args --enable-native-access=ALL-UNNAMED" "$@"
        fi
        exec java -Djava.awt.headless=true -jar "$BENCH_JAR" "$@"
        ;;
    *)
        ensure_opencl
        ensure_build
        if wants_tornado "$@"; then
            tornado_setup
            ensure_tornado_build
            tornado_java
            exec "${TORNADO_JVM[@]}" -Xmx3g -Djava.awt.headless=true -cp "$JAR:$TORNADO_JAR" nusi.cli.Main "$@"
        fi
        if [ "${1:-}" = "devices" ] && SDK="$("$ROOT/scripts/tornado-sdk.sh" check 2>/dev/null)" \
            && JDK25="$("$ROOT/scripts/tornado-sdk.sh" jdk 2>/dev/null)" \
            && ARGFILE="$("$ROOT/scripts/tornado-sdk.sh" argfile 2>/dev/null)"; then
            # TornadoVM's devices too, where its SDK is already built (listing devices does not build it).
            ensure_tornado_build
            tornado_java
            exec "${TORNADO_JVM[@]}" -Djava.awt.headless=true -cp "$JAR:$TORNADO_JAR" nusi.cli.Main "$@"
        fi
        exec java -Xmx3g -Djava.awt.headless=true -jar "$JAR" "$@"
        ;;
esac
