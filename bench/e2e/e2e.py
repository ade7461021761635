#!/usr/bin/python3
"""The end-to-end matrix: every client uploads and downloads every dataset over loopback to a
local S3-compatible server, in the same run, and the results go to bench/RESULTS.md
("## End-to-end") and bench/e2e-throughput.png. Started by bench/e2e/run.sh.

Each row runs under a hard time limit; a row that fails or times out records why and the
matrix goes on. The run exits 1, after writing the report, when an upload left the server
holding fewer bytes than the dataset, or a download produced fewer bytes than the dataset,
although the client reported success.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

import clients
import datasets
import report
from measure import busy_cpu_seconds, run_measured, warm_memory
from servers import Server, free_port, hoist_has_serve, listening

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SERVER_PORT = 80  # python3-awscrt 0.16.8 dials port 80 for plain http whatever the URL says
SMALL_FILES = 10000  # datasets with at least this many objects cap the slow clients
SLOW_CAP_S = 240


def parse_args():
    p = argparse.ArgumentParser(description="hoist end-to-end benchmark matrix")
    p.add_argument("--quick", action="store_true",
                   help="small datasets, one run each (development and CI-sized checks)")
    p.add_argument("--hoist", required=True, help="the hoist binary")
    p.add_argument("--server", choices=["auto", "hoist", "s3rver"], default="auto",
                   help="auto: `hoist serve --discard` when the binary has it, else s3rver")
    p.add_argument("--s3rver", help="s3rver.js (default: found in a build directory)")
    p.add_argument("--runs", type=int, help="runs a row (default 3, 1 with --quick)")
    p.add_argument("--budget", type=int,
                   help="seconds the matrix may take; rows after that are skipped "
                        "(default 1800, 900 with --quick)")
    p.add_argument("--only", help="comma-separated clients to run (hoist,crt,awscli,rclone,"
                                  "curl,iperf3)")
    p.add_argument("--results", default=os.path.join(REPO, "bench", "RESULTS.md"))
    p.add_argument("--chart", default=os.path.join(REPO, "bench", "e2e-throughput.png"))
    p.add_argument("--note", help="a sentence for the report, e.g. what else loaded the machine")
    p.add_argument("--no-report", action="store_true",
                   help="print the table; leave RESULTS.md and the chart alone")
    return p.parse_args()


class Iperf3:
    """Raw TCP on loopback, one stream: what the kernel moves with no HTTP at all."""
    name = "iperf3"
    server = None
    slow_small = False

    def label(self):
        return "iperf3 (raw TCP, floor)"

    def supports(self, dataset):
        return dataset.count == 1

    def tuning(self):
        return "`iperf3 -c 127.0.0.1 -n <dataset bytes>` (-R for download), one stream"


class Matrix:
    def __init__(self, args, work_dir):
        self.args = args
        self.work_dir = work_dir
        self.cache = os.environ.get("HOIST_BENCH_CACHE") or os.path.expanduser(
            "~/.cache/hoist-bench")
        self.sets = datasets.QUICK if args.quick else datasets.FULL
        self.runs = args.runs or (1 if args.quick else 3)
        self.budget = args.budget or (900 if args.quick else 1800)
        self.start = time.monotonic()
        self.rows = []
        self.loud = []       # verification failures of clients that reported success
        self.sources = {}    # (server root, dataset slug) -> the bucket download rows read
        self.servers = {}    # "main" or "crt" -> Server, or the reason it could not start
        self.mode = None     # what the running server keeps: "discard" or "stored"
        hoist = clients.Hoist(work_dir, args.hoist)
        self.clients = [hoist] + [c(work_dir) for c in clients.ALL[1:]] + [Iperf3()]
        if args.only:
            wanted = set(args.only.split(","))
            self.clients = [c for c in self.clients if c.name in wanted]
        self.hoist = hoist
        self.descriptions = {}  # mode -> how its server ran, for the report

    # --- servers -------------------------------------------------------------------------

    def choose_server(self):
        kind = self.args.server
        if kind == "auto":
            kind = "hoist" if hoist_has_serve(self.args.hoist) else "s3rver"
        self.server_kind = kind
        self.s3rver = self.args.s3rver or find_s3rver()
        if kind == "s3rver" and not self.s3rver:
            sys.exit("e2e: hoist has no `serve --discard` and no s3rver.js was found; build "
                     "the s3rver_install target or pass --s3rver")

    def use_server(self, direction):
        """Starts the server a direction's rows run against, stopping the other. With hoist
        serve, uploads go to `--discard` (nothing written, the disk is out of the picture)
        and downloads read a `--root` store (files in the page cache) that was seeded with
        CRC32C FULL_OBJECT checksums: --discard serves generated bytes and so claims no
        checksum, and a download it serves cannot be verified. s3rver stores everything and
        is one server for both."""
        mode = "stored" if self.server_kind == "s3rver" or direction == "download" \
            else "discard"
        if mode == self.mode:
            return
        self.stop_servers()
        self.mode = mode
        # One server on port 80 serves every row of a direction, so each dataset is seeded
        # once (a stored server keeps its root across restarts). When port 80 cannot be had,
        # the other rows use a server on a free port and the CRT rows fail with the reason.
        def start(port):
            root = os.path.join(self.work_dir, "stored-root" if mode == "stored"
                                else f"root-{port}")
            return Server(self.server_kind, port, root,
                          os.path.join(self.work_dir, f"server-{mode}-{port}.log"),
                          hoist=self.args.hoist, s3rver=self.s3rver,
                          discard=mode == "discard")
        self.servers = {}
        try:
            self.servers["main"] = self.servers["crt"] = start(SERVER_PORT)
        except RuntimeError as e:
            self.servers["crt"] = str(e)
            self.servers["main"] = start(free_port())
        self.descriptions[mode] = report.describe_server(self)

    def stop_servers(self):
        for server in set(self.servers.values()):
            if isinstance(server, Server):
                server.stop()

    # --- the matrix ----------------------------------------------------------------------

    def runs_for(self, client, dataset):
        if client.slow_small and dataset.count >= SMALL_FILES and not self.args.quick:
            return 1
        return self.runs

    def timeout_for(self, client, dataset):
        if client.slow_small and dataset.count >= SMALL_FILES:
            return SLOW_CAP_S
        return int(60 + dataset.total / 20e6 + dataset.count * 0.01)

    def run(self):
        for dataset in self.sets:
            print(f"e2e: dataset {dataset.name}: preparing under {self.cache}", flush=True)
            data_dir = datasets.prepare(dataset, self.cache)
            for direction in ("upload", "download"):
                self.use_server(direction)
                for run in range(self.runs):
                    for client in self.clients:
                        if client.supports(dataset) and run < self.runs_for(client, dataset):
                            self.one(client, dataset, data_dir, direction, run)

    def one(self, client, dataset, data_dir, direction, run):
        row = {"dataset": dataset.name, "slug": dataset.slug, "bytes": dataset.total,
               "objects": dataset.count, "direction": direction, "client": client.label(),
               "name": client.name, "run": run + 1, "timeout": self.timeout_for(client, dataset),
               "capped": client.slow_small and dataset.count >= SMALL_FILES}
        spent = time.monotonic() - self.start
        if spent > self.budget:
            row.update(status="skipped", reason=f"the matrix's {self.budget} s budget was spent")
        else:
            try:
                if client.name == "iperf3":
                    self.iperf3(row, dataset, direction)
                else:
                    self.transfer(row, client, dataset, data_dir, direction, run)
            except Exception as e:  # a row records its failure; the matrix goes on
                row.update(status="failed", reason=f"{type(e).__name__}: {e}"[:400])
        self.rows.append(row)
        shown = (f"{row['mbps']:.1f} MB/s" if row["status"] == "ok"
                 else f"{row['status']}: {row.get('reason', '')}")
        print(f"e2e: {dataset.name} {direction} {client.label()} run {run + 1}: {shown}",
              flush=True)

    def transfer(self, row, client, dataset, data_dir, direction, run):
        server = self.servers[client.server]
        if not isinstance(server, Server):
            raise RuntimeError(server)
        if direction == "upload":
            bucket = f"{client.name}-{dataset.slug}-r{run + 1}"
            server.make_bucket(bucket)
            local = data_dir
            datasets.read_through(dataset, data_dir)  # untimed; see its comment
        else:
            bucket = self.source(server, dataset, data_dir)
            local = os.path.join(self.cache, "scratch", f"{client.name}-{run + 1}")
            shutil.rmtree(local, ignore_errors=True)
            os.makedirs(local)
            warm_memory(os.path.dirname(local), dataset.total)  # untimed; see its comment
        argv, env = client.command(direction, dataset, local, bucket, server)
        server_cpu = server.cpu_seconds()
        busy = busy_cpu_seconds()
        summary = client is self.hoist and self.hoist.json
        m = self.measure(row, argv, env, summary)
        busy = busy_cpu_seconds() - busy
        if summary:
            engine = self.hoist.summary(row["log"] + ".json")
            if engine:
                row["engine"] = {k: engine.get(k) for k in (
                    "request_p50_ms", "request_p99_ms", "retries", "bytes_sent",
                    "peak_buffer_bytes", "max_memory", "concurrency", "part_size", "seconds",
                    "mb_per_s", "objects", "failures")}
        if server_cpu is not None and server.cpu_seconds() is not None:
            row["server_cpu"] = server.cpu_seconds() - server_cpu
            if m.cpu is not None:
                # What other processes (other people's builds) took from the cores while the
                # row ran, as a share of all the CPU time there was.
                other = max(0.0, busy - m.cpu - row["server_cpu"])
                row["other_cpu_share"] = other / (m.elapsed * (os.cpu_count() or 1))
        if direction == "upload":
            got, objects = server.held(bucket)
            where = f"the server holds {got:,} bytes in {objects:,} objects"
        else:
            got, objects = datasets.local_bytes(dataset, local)
            shutil.rmtree(local, ignore_errors=True)
            where = f"the download produced {got:,} bytes in {objects:,} files"
        self.verify(row, m, got, objects, dataset, where)

    def source(self, server, dataset, data_dir):
        """The bucket every download row on this server reads, seeded once (not timed); every
        client downloads the same objects. On `hoist serve --root` hoist seeds it, so each
        object carries a CRC32C FULL_OBJECT checksum a client can verify; on s3rver boto3
        seeds it, without checksums."""
        key = (server.root, dataset.slug)
        if key not in self.sources:
            bucket = f"seed-{dataset.slug}"
            how = "hoist" if server.kind == "hoist" else "boto3"
            print(f"e2e: seeding s3://{bucket} on {server.url} with {how}", flush=True)
            server.seed(bucket, dataset, data_dir)
            got, objects = server.held(bucket)
            if got < dataset.total or objects < dataset.count:
                raise RuntimeError(f"seeding s3://{bucket} left {got:,} bytes in {objects:,} "
                                   f"objects on the server")
            self.sources[key] = bucket
        return self.sources[key]

    def iperf3(self, row, dataset, direction):
        port = free_port()
        log = os.path.join(self.work_dir, "iperf3-server.log")
        with open(log, "wb") as out:
            srv = subprocess.Popen(["iperf3", "-s", "-1", "-B", "127.0.0.1", "-p", str(port)],
                                   stdin=subprocess.DEVNULL, stdout=out, stderr=out,
                                   start_new_session=True)
        try:
            deadline = time.monotonic() + 10
            while not listening(port) and time.monotonic() < deadline:
                time.sleep(0.05)
            argv = ["iperf3", "-c", "127.0.0.1", "-p", str(port), "-n", str(dataset.total), "-J"]
            m = self.measure(row, argv + (["-R"] if direction == "download" else []),
                             dict(os.environ))
            try:
                with open(row["log"], encoding="utf-8") as f:
                    # The sender's count: the receiver stops counting when the test ends,
                    # which can leave the last few MB in flight out of sum_received.
                    got = int(json.load(f)["end"]["sum_sent"]["bytes"])
            except (ValueError, KeyError, OSError):
                got = 0
            self.verify(row, m, got, 1, dataset, f"iperf3 sent {got:,} bytes")
        finally:
            srv.kill()
            srv.wait()

    def measure(self, row, argv, env, summary=False):
        row["log"] = os.path.join(
            self.work_dir, f"{row['name']}-{row['slug']}-{row['direction']}-{row['run']}.log")
        row["command"] = " ".join(argv[:16]) + (" ..." if len(argv) > 16 else "")
        m = run_measured(argv, env, row["timeout"], row["log"],
                         stdout_path=row["log"] + ".json" if summary else None)
        row.update(elapsed=m.elapsed, cpu=m.cpu, maxrss_kib=m.maxrss_kib)
        return m

    def verify(self, row, m, got, objects, dataset, where):
        short = got < dataset.total or objects < dataset.count
        if m.timed_out:
            row.update(status="timed out", reason=f"timed out after {row['timeout']} s; {where}")
        elif m.returncode != 0:
            row.update(status="failed", reason=f"exit {m.returncode}: {m.output_tail}")
        elif short:
            reason = (f"{where}, fewer than the dataset's {dataset.total:,} bytes in "
                      f"{dataset.count:,} objects, although the client exited 0")
            row.update(status="failed", reason=reason)
            self.loud.append(f"{row['dataset']} {row['direction']} {row['client']} run "
                             f"{row['run']}: {reason}")
            print(f"e2e: VERIFICATION FAILED: {self.loud[-1]}", file=sys.stderr, flush=True)
        else:
            row.update(status="ok", mbps=dataset.total / m.elapsed / 1e6,
                       objps=dataset.count / m.elapsed)


def find_s3rver():
    for build in ("build-bench", "build"):
        path = os.path.join(REPO, build, "s3rver", "node_modules", "s3rver", "bin", "s3rver.js")
        if os.path.exists(path):
            return path
    return None


def main():
    args = parse_args()
    work_dir = tempfile.mkdtemp(prefix="hoist-e2e-")
    matrix = Matrix(args, work_dir)
    meta = report.machine_and_versions(args, matrix)
    try:
        matrix.choose_server()
        slow = ", ".join(c.label() for c in matrix.clients if c.slow_small)
        meta["limits"] = "each row is killed after 60 s + 1 s per 20 MB + 0.01 s per object"
        if slow:
            meta["limits"] += (f"; on datasets of {SMALL_FILES:,} objects or more, {slow} get "
                               f"their own cap: {SLOW_CAP_S} s, and one run in the full matrix")
        matrix.run()
    finally:
        matrix.stop_servers()
        # The stored server's files (the datasets again) are not worth keeping with the logs.
        shutil.rmtree(os.path.join(work_dir, "stored-root"), ignore_errors=True)
    meta["server"] = "; ".join(matrix.descriptions.values()) or "not started"
    meta["wall_s"] = time.monotonic() - matrix.start
    meta["load_after"] = report.load_average()
    table = report.summarise(matrix.rows, matrix.clients)
    print(report.markdown_table(table))
    raw = os.path.join(matrix.cache, "results", time.strftime("%Y%m%d-%H%M%S") + ".json")
    os.makedirs(os.path.dirname(raw), exist_ok=True)
    with open(raw, "w", encoding="utf-8") as f:
        json.dump({"meta": meta, "rows": matrix.rows}, f, indent=1)
    print(f"e2e: every run's measurements: {raw}; logs in {work_dir}")
    if not args.no_report:
        report.write(args.results, args.chart, meta, table, matrix)
        print(f"e2e: wrote {args.results} (## End-to-end) and {args.chart}")
    if matrix.loud:
        print("e2e: FAILED: a client reported success but the bytes were not all there:",
              file=sys.stderr)
        for line in matrix.loud:
            print(f"  {line}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
