#!/usr/bin/python3
"""No-change re-sync of a tree of many small files: how long `hoist sync` takes to find that
nothing changed, against aws-cli's and rclone's sync of the same tree to the same bucket, in
the same run, on `hoist serve --root` over loopback. Also proves the no-change pass reads no
file: it runs once more under strace and counts the files below the tree opened for reading.

    bench/sync/resync.py --hoist build/tools/hoist [--files 20000] [--results bench/RESULTS.md]

Prints a Markdown section; with --results, replaces the "## Sync" section of that file.
"""
import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "e2e"))
from clients import base_env  # noqa: E402
from servers import Server, free_port  # noqa: E402

LIMIT_S = 600


def make_tree(root, files):
    for i in range(files):
        d = os.path.join(root, f"d{i % 100:02d}", f"e{(i // 100) % 10}")
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, f"f{i:06d}.bin"), "wb") as f:
            f.write(os.urandom(1024 + i % 3000))


def timed(argv, env):
    start = time.monotonic()
    done = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=LIMIT_S)
    seconds = time.monotonic() - start
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(argv[:4])}...: exit {done.returncode}: {done.stderr[-300:]}")
    return seconds, done.stdout


def cpu_model():
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor()


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--hoist", required=True)
    p.add_argument("--files", type=int, default=20000)
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--results", help="RESULTS.md whose '## Sync' section to replace")
    args = p.parse_args()
    hoist = os.path.abspath(args.hoist)

    work = tempfile.mkdtemp(prefix="hoist-resync-")
    try:
        tree = os.path.join(work, "tree")
        make_tree(tree, args.files)
        port = free_port()
        server = Server("hoist", port, os.path.join(work, "server"), os.path.join(work, "log"),
                        hoist=hoist, discard=False)
        try:
            server.s3.create_bucket(Bucket="resync")
            env = base_env(server)
            env.update(RCLONE_CONFIG_B_TYPE="s3", RCLONE_CONFIG_B_PROVIDER="Other",
                       RCLONE_CONFIG_B_ENDPOINT=server.url, RCLONE_CONFIG_B_REGION="us-east-1",
                       RCLONE_CONFIG_B_ACCESS_KEY_ID=server.keys[0],
                       RCLONE_CONFIG_B_SECRET_ACCESS_KEY=server.keys[1],
                       RCLONE_CONFIG_B_FORCE_PATH_STYLE="true")
            state = os.path.join(work, "state")
            hoist_sync = [hoist, "--endpoint-url", server.url, "--output", "json", "sync", tree,
                          "s3://resync/h", "--state-dir", state, "--no-progress"]
            peers = {
                "aws s3 sync": ["/usr/bin/aws", "--endpoint-url", server.url, "s3", "sync",
                                tree, "s3://resync/a", "--only-show-errors"],
                "rclone sync": ["rclone", "sync", tree, "b:resync/r", "--transfers", "32",
                                "--checkers", "32", "--s3-no-check-bucket"],
            }
            first, _ = timed(hoist_sync, env)
            for argv in peers.values():
                timed(argv, env)
            rows = {}
            variants = {
                "hoist sync": hoist_sync,
                "hoist sync --checksum": hoist_sync + ["--checksum"],
                "hoist sync --no-state-cache": hoist_sync + ["--no-state-cache"],
            }
            timed(variants["hoist sync --checksum"], env)  # fills the file checksum cache
            summaries = {}
            for name, argv in list(variants.items()) + list(peers.items()):
                times = []
                for _ in range(args.runs):
                    seconds, out = timed(argv, env)
                    times.append(seconds)
                    if name.startswith("hoist"):
                        summaries[name] = json.loads(out)
                rows[name] = sorted(times)[len(times) // 2]

            # The proof that the no-change pass reads no file: every open of a path below the
            # tree that is not a directory. A --checksum pass without the cache must read every
            # file, which shows the count would see reads.
            def files_opened(argv):
                trace = os.path.join(work, "strace.log")
                subprocess.run(["strace", "-f", "-qq", "-e", "trace=open,openat,openat2", "-o",
                                trace] + argv, env=env, capture_output=True, timeout=LIMIT_S,
                               check=True)
                pattern = re.compile(r'"' + re.escape(tree) + r'/[^"]*"(.*)')
                with open(trace) as f:
                    return sum(1 for line in f
                               if (m := pattern.search(line)) and "O_DIRECTORY" not in m.group(1))
            opened = files_opened(hoist_sync)
            opened_hashing = files_opened(hoist_sync + ["--checksum", "--no-state-cache"])
        finally:
            server.stop()
    finally:
        shutil.rmtree(work, ignore_errors=True)

    base = rows["hoist sync"]
    default = summaries["hoist sync"]
    lines = [
        "## Sync: no-change re-sync",
        "",
        f"`bench/sync/resync.py --files {args.files}`: a tree of {args.files:,} files "
        f"(1-4 KiB, 1,000 directories) synced once to `hoist serve --root` on loopback by each "
        f"tool, then synced again unchanged; median of {args.runs} runs, same run for all.",
        "",
        f"- Date: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; machine: {cpu_model()}, "
        f"`nproc` {os.cpu_count()}; load average before the report "
        f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}",
        f"- First `hoist sync` of the tree (upload): {first:.1f} s",
        f"- No-change `hoist sync`: {default['objects']} objects sent, "
        f"{default['unchanged']:,} unchanged, {default['objects_headed']} HeadObject requests, "
        f"{default['files_hashed']} files hashed; under strace it opened "
        f"**{opened} files** below the tree (directories excluded): it reads no file contents "
        f"(a `--checksum --no-state-cache` pass, which must read them all, opened "
        f"{opened_hashing:,}).",
        "",
        "| no-change re-sync | seconds | vs `hoist sync` |",
        "| --- | --- | --- |",
    ]
    for name, seconds in rows.items():
        lines.append(f"| {name} | {seconds:.2f} | {seconds / base:.1f}x |")
    lines.append("")
    section = "\n".join(lines)
    print(section)
    if args.results:
        with open(args.results) as f:
            text = f.read()
        start = text.find("## Sync: no-change re-sync")
        if start < 0:
            text = text.rstrip("\n") + "\n\n" + section
        else:
            end = text.find("\n## ", start + 1)
            text = text[:start] + section + (text[end + 1:] if end >= 0 else "")
        with open(args.results, "w") as f:
            f.write(text)
    return 0 if opened == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
