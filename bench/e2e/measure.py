"""Runs one client command under a hard time limit and measures its whole process tree.

The client runs under GNU time, whose wait4() on it returns the CPU time of the client and of
every descendant it waited for (xargs waits for each hoist it starts, so all of them count),
and the tree's peak RSS: the largest single process (ru_maxrss), not a sum. The wrapper is a
small process on purpose: a child's ru_maxrss starts from what its parent had mapped when it
forked, so a client forked straight from this Python process would report at least this
process's RSS.
"""
import dataclasses
import os
import signal
import subprocess
import threading
import time


@dataclasses.dataclass
class Measured:
    elapsed: float         # wall seconds from start to exit
    cpu: float             # user + sys seconds of the process tree (None if killed)
    maxrss_kib: int        # ru_maxrss of the tree (None if killed)
    returncode: int
    timed_out: bool
    output_tail: str       # last lines of stdout+stderr, for failure messages


def run_measured(argv, env, timeout, log_path, cwd=None, stdout_path=None):
    """Runs argv with stdout and stderr in log_path (stdout in stdout_path instead when given,
    for a client that prints a machine-readable summary); kills its process group after
    timeout s."""
    usage_path = log_path + ".rusage"
    wrapped = ["/usr/bin/time", "-q", "-o", usage_path, "-f", "%U %S %M"] + list(argv)
    with open(log_path, "wb") as log, open(stdout_path or os.devnull, "wb") as out:
        start = time.monotonic()
        proc = subprocess.Popen(wrapped, env=env, cwd=cwd, stdin=subprocess.DEVNULL,
                                stdout=out if stdout_path else log,
                                stderr=log if stdout_path else subprocess.STDOUT,
                                start_new_session=True)
        timed_out = threading.Event()

        def kill():
            timed_out.set()
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

        timer = threading.Timer(timeout, kill)
        timer.start()
        try:
            proc.wait()
        finally:
            timer.cancel()
        elapsed = time.monotonic() - start
    # Anything the client left behind in its group (a daemonised child) goes too.
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    cpu = maxrss_kib = None
    try:
        with open(usage_path, encoding="ascii") as f:
            user, system, maxrss = f.read().split()[-3:]
        cpu, maxrss_kib = float(user) + float(system), int(maxrss)
    except (OSError, ValueError):
        pass
    return Measured(elapsed=elapsed, cpu=cpu, maxrss_kib=maxrss_kib,
                    returncode=proc.returncode, timed_out=timed_out.is_set(),
                    output_tail=tail(log_path))


def tail(path, lines=6, limit=600):
    with open(path, "rb") as f:
        f.seek(0, os.SEEK_END)
        f.seek(max(0, f.tell() - 8192))
        text = f.read().decode("utf-8", "replace")
    text = " | ".join(line.strip() for line in text.strip().splitlines()[-lines:])
    return text[-limit:]


def process_cpu_seconds(pid):
    """user + sys seconds a running process (all its threads) has used so far, or None."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def busy_cpu_seconds():
    """Seconds every CPU of the machine has spent busy (not idle or waiting for I/O) since boot,
    from /proc/stat: the difference over a row, less the client's and the server's own CPU,
    is what everything else on the machine used meanwhile."""
    with open("/proc/stat", encoding="ascii") as f:
        fields = [int(x) for x in f.readline().split()[1:]]
    # user nice system idle iowait irq softirq steal guest guest_nice; guest time is already
    # in user and nice.
    return (sum(fields[:8]) - fields[3] - fields[4]) / os.sysconf("SC_CLK_TCK")


def warm_memory(directory, nbytes, chunk=8 << 20):
    """Writes nbytes of zeros to a file in directory in chunk-sized writes, then deletes it:
    run just before a download row, so that every client writes its download into page-cache
    memory in the same state.

    On this benchmark's VM (virtio-balloon free page reporting) free memory that stayed free
    for a couple of seconds is handed back to the host, and the next write into it pays a
    hypervisor fault per page: writing 4 GiB into the page cache in 8 MiB writes cost 8-10 s
    of system time when the memory was cold and about 1 s when a file of that size had just
    been deleted. Without this, whichever client ran right after another client's download
    was deleted got warm memory, and the first client of each run (after iperf3 or seeding)
    got cold memory: download rows measured their place in the order."""
    path = os.path.join(directory, ".warm-up")
    zeros = bytes(chunk)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        left = nbytes
        while left > 0:
            left -= os.write(fd, zeros[:min(left, chunk)])
    finally:
        os.close(fd)
        os.unlink(path)
