#!/usr/bin/env bash
# A real one-node Slurm on this machine for the tests (no systemd: daemons as background processes).
#   scripts/slurm-local.sh start DIR   starts munged, slurmctld and slurmd with everything under DIR, waits (with a
#                                      deadline) for the node to be idle, and writes DIR/env (source it: SLURM_CONF)
#   scripts/slurm-local.sh stop DIR    stops them by their PIDs
# On failure it prints the daemons' last log lines and exits non-zero. Facts behind the settings: shared/slurm.md
# (no cgroups: proctrack/linuxproc, task/none; munge socket dir 0755; addresses on 127.0.0.1; RealMemory below
# what slurmd -C reports, or the node goes 'inval').
set -euo pipefail
cmd="${1:-}"
dir="${2:-}"
[ -n "$cmd" ] && [ -n "$dir" ] || { echo "usage: $0 start|stop DIR" >&2; exit 2; }

stop() {
    for p in slurmd slurmctld munged; do
        if [ -f "$dir/$p.pid" ]; then
            kill "$(cat "$dir/$p.pid")" 2>/dev/null || true
        fi
    done
    for p in slurmd slurmctld munged; do
        if [ -f "$dir/$p.pid" ]; then
            pid="$(cat "$dir/$p.pid")"
            for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
            kill -9 "$pid" 2>/dev/null || true
            rm -f "$dir/$p.pid"
        fi
    done
}

fail() {
    echo "slurm-local: $1" >&2
    for log in munged.log slurmctld.log slurmd.log; do
        [ -f "$dir/$log" ] && { echo "--- $log (last lines)" >&2; tail -n 5 "$dir/$log" >&2; }
    done
    stop
    exit 1
}

if [ "$cmd" = stop ]; then
    stop
    exit 0
fi
[ "$cmd" = start ] || { echo "usage: $0 start|stop DIR" >&2; exit 2; }
for b in munged mungekey slurmctld slurmd sinfo sbatch; do
    command -v "$b" >/dev/null 2>&1 || fail "$b is not installed (apt-get install slurmctld slurmd slurm-client munge)"
done
mkdir -p "$dir"/munge-key "$dir"/munge-run "$dir"/state "$dir"/spool
chmod 0700 "$dir"/munge-key
chmod 0755 "$dir"/munge-run "$dir"
[ -f "$dir/munge-key/munge.key" ] || mungekey --create --keyfile="$dir/munge-key/munge.key" >/dev/null 2>&1 \
    || fail "mungekey could not create a key"
munged -F --key-file "$dir/munge-key/munge.key" --socket "$dir/munge-run/munge.socket" \
    --pid-file "$dir/munge-run/munged.pidfile" --seed-file "$dir/munge-run/seed" --log-file "$dir/munged.log" \
    >>"$dir/munged.log" 2>&1 &
echo $! > "$dir/munged.pid"
node="$(hostname -s 2>/dev/null || echo localhost)"
read -r cpus mem < <(slurmd -C 2>/dev/null | awk '/NodeName/ {for (i = 1; i <= NF; i++) {split($i, kv, "="); v[kv[1]] = kv[2]}; print v["CPUs"], v["RealMemory"]}')
mem=$(( ${mem:-2000} * 95 / 100 ))
user="$(id -un)"
cat > "$dir/slurm.conf" <<CONF
ClusterName=nusi-test
SlurmctldHost=$node(127.0.0.1)
SlurmUser=$user
SlurmdUser=$user
AuthType=auth/munge
AuthInfo=socket=$dir/munge-run/munge.socket
CredType=cred/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SwitchType=switch/none
MpiDefault=none
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pidfile
SlurmdPidFile=$dir/slurmd.pidfile
SlurmctldLogFile=$dir/slurmctld.log
SlurmdLogFile=$dir/slurmd.log
SlurmctldPort=6817
SlurmdPort=6818
ReturnToService=2
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
JobCompType=jobcomp/none
AccountingStorageType=accounting_storage/none
MinJobAge=300
NodeName=$node NodeAddr=127.0.0.1 CPUs=${cpus:-2} RealMemory=$mem State=UNKNOWN
PartitionName=debug Nodes=$node Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$dir/slurm.conf"
for port in 6817 6818; do
    if (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null; then fail "port $port is already in use (another Slurm?)"; fi
done
slurmctld -D -c -i -f "$dir/slurm.conf" >>"$dir/slurmctld.log" 2>&1 &
echo $! > "$dir/slurmctld.pid"
slurmd -D -N "$node" -f "$dir/slurm.conf" >>"$dir/slurmd.log" 2>&1 &
echo $! > "$dir/slurmd.pid"
deadline=$(( $(date +%s) + 60 ))
until sinfo -h -o %T 2>/dev/null | grep -qx idle; do
    for p in munged slurmctld slurmd; do
        kill -0 "$(cat "$dir/$p.pid")" 2>/dev/null || fail "$p died while starting"
    done
    [ "$(date +%s)" -lt "$deadline" ] || fail "the node did not become idle within 60 s ($(sinfo -h -o %T 2>&1 | head -1))"
    sleep 0.5
done
echo "export SLURM_CONF=$dir/slurm.conf" > "$dir/env"
echo "slurm-local: node $node idle (SLURM_CONF=$dir/slurm.conf)"
