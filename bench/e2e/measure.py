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


def run_measured(argv, env, timeout, log_path, cwd=None):
    """Runs argv with stdout and stderr in log_path; kills its process group after timeout s."""
    usage_path = log_path + ".rusage"
    wrapped = ["/usr/bin/time", "-q", "-o", usage_path, "-f", "%U %S %M"] + list(argv)
    with open(log_path, "wb") as log:
        start = time.monotonic()
        proc = subprocess.Popen(wrapped, env=env, cwd=cwd, stdin=subprocess.DEVNULL, stdout=log,
                                stderr=subprocess.STDOUT, start_new_session=True)
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
