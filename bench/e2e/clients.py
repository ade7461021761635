"""The clients compared, each as the command line that moves one dataset one way.

A client's command(direction, dataset, local_dir, bucket, server) returns (argv, env). For an
upload local_dir holds the dataset's files; for a download the files are written under it with
the same names. Keys are the dataset's file names at the root of the bucket.
"""
import json
import os
import re
import subprocess

HERE = os.path.dirname(os.path.abspath(__file__))
PYTHON = "/usr/bin/python3"  # Debian's, which has python3-awscrt
AWS = "/usr/bin/aws"         # Debian's awscli (v2); the aws first on PATH may be another


def base_env(server):
    """The caller's environment without AWS_* and RCLONE_* settings, plus the server's keys.
    AWS_CA_BUNDLE goes too: every row is plain HTTP, and rclone refuses to start while it
    names a bundle it cannot parse."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("AWS_", "RCLONE_"))}
    env.update(AWS_ACCESS_KEY_ID=server.keys[0], AWS_SECRET_ACCESS_KEY=server.keys[1],
               AWS_REGION="us-east-1", AWS_EC2_METADATA_DISABLED="true",
               AWS_SHARED_CREDENTIALS_FILE=os.devnull, AWS_CONFIG_FILE=os.devnull)
    return env


class Client:
    name = ""           # short, used in bucket names
    server = "main"     # "main", or "crt" for the server on port 80
    slow_small = False  # gets its own run count and time cap on the many-small-files dataset

    def __init__(self, work_dir):
        self.work_dir = work_dir

    def label(self):
        return self.name

    def supports(self, dataset):
        return True

    def tuning(self):
        return ""


class Hoist(Client):
    name = "hoist"
    JOBS = 8  # hoist processes at once when driving it file by file

    def __init__(self, work_dir, binary):
        super().__init__(work_dir)
        self.binary = binary
        top_help = subprocess.run([binary, "--help"], capture_output=True, text=True).stdout
        cp_help = subprocess.run([binary, "cp", "--help"], capture_output=True, text=True).stdout
        self.recursive = re.search(r"--recursive\b", cp_help) is not None
        # The engine's `cp`: one process a tree, a JSON summary on stdout with --output json
        # (request p50/p99, max_memory ...), and a resume journal kept under --state-dir.
        self.json = re.search(r"--output\b", top_help) is not None and "--state-dir" in cp_help
        self.state_dir = os.path.join(work_dir, "hoist-state")
        self.slow_small = not self.recursive

    def label(self):
        if self.json:
            return "hoist"
        return "hoist (recursive)" if self.recursive else "hoist (file by file)"

    def tuning(self):
        if self.json:
            return ("one `hoist --output json cp` process a dataset (`-r DIR s3://bucket/` for "
                    "trees, `FILE s3://bucket/key` for one file, the reverse to download), "
                    "defaults for --concurrency, --part-size (8 MiB), --multipart-threshold and "
                    "--max-memory; uploads with --checksum-algorithm CRC32C; --no-progress; "
                    "--state-dir in the run's temporary directory")
        if self.recursive:
            return "one `hoist cp --recursive` process a dataset"
        return (f"single-object `hoist cp`; many-file datasets one process a file, "
                f"{self.JOBS} at once (xargs -P {self.JOBS})")

    def command(self, direction, dataset, local_dir, bucket, server):
        hoist = [self.binary, "--endpoint-url", server.url, "--addressing-style", "path"]
        hoist += ["--output", "json", "cp", "--state-dir", self.state_dir] if self.json else \
            ["-q", "cp"]
        if self.json and direction == "upload":
            hoist += ["--checksum-algorithm", "CRC32C"]
        env = base_env(server)
        remote, local = f"s3://{bucket}/", local_dir.rstrip("/") + "/"
        if dataset.count == 1 or self.recursive:
            if dataset.count == 1:
                key = dataset.keys()[0]
                remote, local = remote + key, local + key
            else:
                hoist.append("--recursive")
                if self.json:
                    hoist.append("--no-progress")
            pair = [local, remote] if direction == "upload" else [remote, local]
            return hoist + pair, env
        pairs = os.path.join(self.work_dir, f"hoist-{direction}-{dataset.slug}.pairs")
        with open(pairs, "wb") as f:
            for key in dataset.keys():
                pair = [local + key, remote + key]
                if direction == "download":
                    pair.reverse()
                f.write(b"".join(p.encode() + b"\0" for p in pair))
        return ["xargs", "-0", "-n", "2", "-P", str(self.JOBS), "-a", pairs] + hoist, env

    def summary(self, stdout_path):
        """hoist's --output json summary of the run, or None."""
        try:
            with open(stdout_path, encoding="utf-8") as f:
                text = f.read()
        except OSError:
            return None
        start = text.find("{")
        if start < 0:
            return None
        try:
            return json.JSONDecoder().raw_decode(text[start:])[0]
        except ValueError:
            return None


class Crt(Client):
    name = "crt"
    server = "crt"
    CONCURRENCY = 64

    def label(self):
        return "AWS CRT (awscrt.s3)"

    def tuning(self):
        return (f"bench/e2e/crt_driver.py: one meta request an object, {self.CONCURRENCY} in "
                f"flight, 8 MiB parts, throughput target 10 Gbps; server on 127.0.0.1:80")

    def command(self, direction, dataset, local_dir, bucket, server):
        keys = os.path.join(self.work_dir, f"keys-{dataset.slug}")
        if not os.path.exists(keys):
            with open(keys, "w", encoding="utf-8") as f:
                f.writelines(k + "\n" for k in dataset.keys())
        return [PYTHON, os.path.join(HERE, "crt_driver.py"), direction, "--host", "127.0.0.1",
                "--bucket", bucket, "--dir", local_dir, "--keys", keys,
                "--concurrency", str(self.CONCURRENCY)], base_env(server)


class AwsCli(Client):
    name = "awscli"
    slow_small = True
    CONFIG = """[default]
region = us-east-1
s3 =
  preferred_transfer_client = default
  max_concurrent_requests = 20
  max_queue_size = 10000
  multipart_threshold = 8MB
  multipart_chunksize = 8MB
  addressing_style = path
"""

    def label(self):
        return f"aws-cli ({AWS})"

    def tuning(self):
        return ("classic transfer client (`preferred_transfer_client = default`, which is the "
                "classic one in this version), max_concurrent_requests 20, 8 MiB parts "
                "(multipart_threshold and multipart_chunksize), path-style addressing")

    def command(self, direction, dataset, local_dir, bucket, server):
        config = os.path.join(self.work_dir, "aws-config")
        with open(config, "w", encoding="ascii") as f:
            f.write(self.CONFIG)
        env = base_env(server)
        env["AWS_CONFIG_FILE"] = config
        argv = [AWS, "--endpoint-url", server.url, "s3", "cp", "--no-progress",
                "--only-show-errors"]
        remote, local = f"s3://{bucket}/", local_dir.rstrip("/") + "/"
        if dataset.count == 1:
            key = dataset.keys()[0]
            remote, local = remote + key, local + key
        else:
            argv.append("--recursive")
        return argv + ([local, remote] if direction == "upload" else [remote, local]), env


class Rclone(Client):
    name = "rclone"

    def transfers(self, dataset):
        return 4 if dataset.count == 1 else 32

    def tuning(self):
        return ("remote from RCLONE_CONFIG_BENCH_* (provider Other, path style); --transfers 32 "
                "(4 for one file), --checkers 32, --s3-upload-concurrency 8, --s3-chunk-size 8M, "
                "--multi-thread-streams 8, --no-check-dest, --s3-no-check-bucket, --s3-no-head; "
                "--ignore-checksum against `hoist serve`, whose ETags are not MD5s under "
                "--discard")

    def command(self, direction, dataset, local_dir, bucket, server):
        env = base_env(server)
        env.update(RCLONE_CONFIG_BENCH_TYPE="s3", RCLONE_CONFIG_BENCH_PROVIDER="Other",
                   RCLONE_CONFIG_BENCH_ENDPOINT=server.url,
                   RCLONE_CONFIG_BENCH_ACCESS_KEY_ID=server.keys[0],
                   RCLONE_CONFIG_BENCH_SECRET_ACCESS_KEY=server.keys[1],
                   RCLONE_CONFIG_BENCH_REGION="us-east-1",
                   RCLONE_CONFIG_BENCH_FORCE_PATH_STYLE="true",
                   RCLONE_CONFIG="/nonexistent/rclone.conf")
        n = str(self.transfers(dataset))
        argv = ["rclone", "copy", "--transfers", n, "--checkers", n,
                "--s3-upload-concurrency", "8", "--s3-chunk-size", "8M",
                "--multi-thread-streams", "8", "--no-check-dest", "--s3-no-check-bucket",
                "--s3-no-head", "--retries", "1", "--low-level-retries", "2"]
        if server.kind == "hoist":
            # --discard's ETags are not MD5s of the bytes (nothing is stored to hash); rclone
            # skips its MD5 check against the download rows' --root server too, as before.
            argv.append("--ignore-checksum")
        remote, local = f"bench:{bucket}", local_dir
        if dataset.count == 1:
            argv[1] = "copyto"
            key = dataset.keys()[0]
            remote, local = f"{remote}/{key}", os.path.join(local, key)
        return argv + ([local, remote] if direction == "upload" else [remote, local]), env


class Curl(Client):
    """The HTTP floor: one PUT (or GET) of the whole object on one connection, signed with
    curl's --aws-sigv4."""
    name = "curl"

    def label(self):
        return "curl (one stream, floor)"

    def supports(self, dataset):
        return dataset.count == 1

    def tuning(self):
        return ("`curl -T FILE` / `curl -o FILE`, --aws-sigv4 aws:amz:us-east-1:s3, "
                "UNSIGNED-PAYLOAD, at most 50 ms waiting for 100 Continue")

    def command(self, direction, dataset, local_dir, bucket, server):
        key = dataset.keys()[0]
        local = os.path.join(local_dir, key)
        argv = ["curl", "-sS", "--fail", "--expect100-timeout", "0.05",
                "-H", "x-amz-content-sha256: UNSIGNED-PAYLOAD", "--aws-sigv4", "aws:amz:us-east-1:s3",
                "--user", f"{server.keys[0]}:{server.keys[1]}"]
        argv += ["-T", local, "-o", os.devnull] if direction == "upload" else ["-o", local]
        return argv + [f"{server.url}/{bucket}/{key}"], base_env(server)


class CurlParallel(Client):
    """The HTTP floor for many objects: one curl process moving the whole dataset with
    --parallel (16 transfers at once, connections reused), each request signed with
    --aws-sigv4."""
    name = "curl16"
    PARALLEL = 16

    def label(self):
        return f"curl --parallel ({self.PARALLEL} transfers, floor)"

    def supports(self, dataset):
        return dataset.count > 1

    def tuning(self):
        return (f"one `curl --parallel --parallel-max {self.PARALLEL} -K LIST` a dataset, LIST "
                "naming every file and URL (`upload-file` / `output`), --aws-sigv4, "
                "UNSIGNED-PAYLOAD, at most 50 ms waiting for 100 Continue")

    def command(self, direction, dataset, local_dir, bucket, server):
        config = os.path.join(self.work_dir, f"curl16-{direction}-{dataset.slug}.cfg")
        with open(config, "w", encoding="utf-8") as f:
            for key in dataset.keys():
                local = os.path.join(local_dir, key)
                if direction == "upload":
                    f.write(f'upload-file = "{local}"\noutput = "{os.devnull}"\n')
                else:
                    f.write(f'output = "{local}"\n')
                f.write(f'url = "{server.url}/{bucket}/{key}"\n')
        argv = ["curl", "-sS", "--no-progress-meter", "--fail", "--parallel", "--parallel-max",
                str(self.PARALLEL), "--expect100-timeout", "0.05",
                "-H", "x-amz-content-sha256: UNSIGNED-PAYLOAD",
                "--aws-sigv4", "aws:amz:us-east-1:s3",
                "--user", f"{server.keys[0]}:{server.keys[1]}", "-K", config]
        return argv, base_env(server)


ALL = (Hoist, Crt, AwsCli, Rclone, Curl, CurlParallel)
