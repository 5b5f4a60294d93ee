#!/usr/bin/env bash
# A one-node Slurm cluster on loopback, for the Slurm end-to-end test and for trying `--executor=slurm` by hand
# (design.md §11). Debian's slurm-wlm + munge; no systemd, no accounting storage; runs as root.
#
#   build/slurm/local-cluster.sh start    install the packages if missing, write slurm.conf, start munged,
#                                          slurmctld and slurmd, wait until the node is idle
#   build/slurm/local-cluster.sh stop     stop the three daemons
#   build/slurm/local-cluster.sh status   exit 0 when the cluster answers and the node is up
#
# State, logs and the config live in $IDIM_SLURM_DIR (default /tmp/idim-slurm); the config is also linked from
# /etc/slurm/slurm.conf (where sbatch/squeue look) unless a foreign config is already there.
set -euo pipefail

state="${IDIM_SLURM_DIR:-/tmp/idim-slurm}"
conf="$state/slurm.conf"
marker="# written by idim build/slurm/local-cluster.sh"

log() { echo "local-cluster: $*" >&2; }

install_packages() {
  if command -v slurmctld >/dev/null && command -v slurmd >/dev/null && command -v sbatch >/dev/null && command -v munged >/dev/null; then
    return
  fi
  if [ "$(id -u)" -ne 0 ]; then
    log "slurm-wlm/munge are not installed and this is not root: install slurmctld slurmd slurm-client munge"
    exit 3
  fi
  log "installing slurmctld slurmd slurm-client munge (Debian packages)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null || true
  apt-get install -y -qq --no-install-recommends slurmctld slurmd slurm-client munge >/dev/null
}

write_config() {
  mkdir -p "$state/ctld" "$state/d" "$state/log"
  local cpus mem host
  cpus="$(nproc)"
  # Leave a little memory to the system; slurmd refuses to register a node claiming more than it has.
  mem="$(( $(awk '/MemTotal/ {print int($2/1024)}' /proc/meminfo) * 9 / 10 ))"
  host="$(hostname -s)"
  cat > "$conf" <<CONF
$marker
ClusterName=idim-local
SlurmctldHost=$host(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
StateSaveLocation=$state/ctld
SlurmdSpoolDir=$state/d
SlurmctldPidFile=$state/slurmctld.pid
SlurmdPidFile=$state/slurmd.pid
SlurmctldLogFile=$state/log/slurmctld.log
SlurmdLogFile=$state/log/slurmd.log
SlurmctldPort=6817
SlurmdPort=6818
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
MpiDefault=none
SchedulerType=sched/backfill
SelectType=select/cons_tres
# Cores only: memory is not a consumable here, so array tasks share the node instead of each claiming all of it.
SelectTypeParameters=CR_Core
ReturnToService=2
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
MinJobAge=600
SlurmctldTimeout=30
SlurmdTimeout=30
InactiveLimit=0
KillWait=5
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP OverSubscribe=YES
CONF
  mkdir -p /etc/slurm
  if [ -e /etc/slurm/slurm.conf ] && ! grep -qF "$marker" /etc/slurm/slurm.conf; then
    log "/etc/slurm/slurm.conf is not ours: leaving it; use SLURM_CONF=$conf"
  else
    ln -sfn "$conf" /etc/slurm/slurm.conf
  fi
}

start_munge() {
  if pgrep -x munged >/dev/null; then return; fi
  mkdir -p /run/munge /var/log/munge /var/lib/munge
  chown munge:munge /run/munge /var/log/munge /var/lib/munge 2>/dev/null || true
  if [ ! -s /etc/munge/munge.key ]; then
    log "creating /etc/munge/munge.key"
    if command -v mungekey >/dev/null; then mungekey --create --force >/dev/null; else dd if=/dev/urandom of=/etc/munge/munge.key bs=1 count=1024 status=none; fi
    chown munge:munge /etc/munge/munge.key; chmod 600 /etc/munge/munge.key
  fi
  # munged drops to the munge user when started by root through runuser; --force tolerates a root-owned /run.
  if id munge >/dev/null 2>&1; then
    runuser -u munge -- /usr/sbin/munged --force
  else
    /usr/sbin/munged --force
  fi
}

wait_for_node() {
  for _ in $(seq 1 60); do
    if state_line="$(SLURM_CONF="$conf" sinfo -h -o '%T' 2>/dev/null)" && [[ "$state_line" =~ ^(idle|mixed|allocated) ]]; then
      log "up: node $(hostname -s) is $state_line (config $conf, logs $state/log)"
      return 0
    fi
    sleep 1
  done
  log "the node did not come up within 60 s; see $state/log/slurmctld.log and $state/log/slurmd.log"
  return 1
}

start() {
  install_packages
  write_config
  start_munge
  if ! pgrep -x slurmctld >/dev/null; then SLURM_CONF="$conf" /usr/sbin/slurmctld -c; fi
  if ! pgrep -x slurmd >/dev/null; then SLURM_CONF="$conf" /usr/sbin/slurmd; fi
  # A node left DOWN by an earlier, killed cluster comes back with ReturnToService=2; nudge it all the same.
  SLURM_CONF="$conf" scontrol update nodename="$(hostname -s)" state=resume >/dev/null 2>&1 || true
  wait_for_node
}

stop() {
  for daemon in slurmd slurmctld; do
    if pgrep -x "$daemon" >/dev/null; then pkill -x "$daemon" || true; fi
  done
  for _ in $(seq 1 20); do pgrep -x slurmd >/dev/null || pgrep -x slurmctld >/dev/null || break; sleep 0.5; done
  log "stopped slurmctld and slurmd (munged left running for other users of munge)"
}

status() {
  [ -f "$conf" ] || { log "not configured ($conf missing)"; return 1; }
  SLURM_CONF="$conf" sinfo -h -o '%T' 2>/dev/null | grep -Eq '^(idle|mixed|allocated)' || { log "not up"; return 1; }
  log "up"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
