#!/usr/bin/env bash
# The GPU checks, run from a bundle made by ./run.sh bundle (no JDK or Maven needed on the GPU machine):
#   .device-bundle/gpu-run.sh OUTDIR        (SIZES="256 512 1024" by default)
# 1. makes NVIDIA's OpenCL driver visible to the ICD loader if it did not register itself,
# 2. lists the devices, 3. checks the GPU against the Java reference on a Fig. 3 propagation (F and time),
# 4. runs the JMH operator benchmarks (apply, real and complex sweep) and the full CRAM propagation on the GPU,
#    JSON into OUTDIR.
set -euo pipefail
B="$(cd "$(dirname "$0")" && pwd)"
OUT="${1:-${OUT:-$B/out}}"
SIZES="${SIZES:-256 512 1024}"
mkdir -p "$OUT"
cd "$B"   # kernels/ is read from the working directory
JAVA="$B/jre/bin/java"
# Keep the JVM's SIGSEGV handler in charge when the OpenCL driver installs its own (see run.sh).
export LD_PRELOAD="$B/jre/lib/libjsig.so${LD_PRELOAD:+:$LD_PRELOAD}"
export LD_LIBRARY_PATH="${LD_LIBRARY_PATH:-}:/usr/local/cuda/lib64:/usr/lib/x86_64-linux-gnu"
if ! compgen -G '/etc/OpenCL/vendors/*.icd' >/dev/null; then
    lib="$(ldconfig -p 2>/dev/null | awk '/libnvidia-opencl\.so\.1/{print $NF; exit}')"
    if [ -n "$lib" ]; then
        mkdir -p "$B/vendors" && echo "$lib" > "$B/vendors/nvidia.icd"
        export OCL_ICD_VENDORS="$B/vendors"
        echo "registered $lib through OCL_ICD_VENDORS=$B/vendors"
    fi
fi
csv() { echo "$1" | tr ' ' ','; }
{
    echo "== devices"; "$JAVA" -cp benchmarks.jar nusi.cli.Main devices
    for n in 96 ${SIZES%% *}; do
        for b in cpu opencl; do
            echo "== propagate --solver 2d $n x $n --backend $b"
            "$JAVA" -Xmx8g -cp benchmarks.jar nusi.cli.Main propagate --log-m -3.5 --log-g -1.75 --solver 2d \
                --energy-bins "$n" --angle-bins "$n" --backend "$b" --out "$OUT/fig3_${n}_$b" | grep -E '^F =|backend'
        done
    done
} 2>&1 | tee "$OUT/gpu-check.log"
"$JAVA" -jar benchmarks.jar OperatorBenchmark -p size="$(csv "$SIZES")" -p backend=opencl-fp64,opencl-fp32 \
    -wi 2 -w 1 -i 5 -r 1 -rf json -rff "$OUT/gpu_operator.json" 2>&1 | tail -20 | tee -a "$OUT/gpu-check.log"
"$JAVA" -jar benchmarks.jar PropagationBenchmark -p size="$(csv "$SIZES")" -p backend=opencl-fp64,opencl-fp32 -p integrator=cram \
    -wi 0 -i 2 -rf json -rff "$OUT/gpu_propagation.json" 2>&1 | tail -12 | tee -a "$OUT/gpu-check.log"
