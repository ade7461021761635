"""The S3-compatible servers the rows run against, all on 127.0.0.1: `hoist serve --discard`
or `hoist serve --root DIR` (or s3rver when hoist has no serve verb), and helpers to make
buckets, seed them and count what a bucket holds."""
import concurrent.futures
import os
import socket
import subprocess
import tempfile
import time

import boto3
import boto3.s3.transfer
import botocore.config
import botocore.exceptions

from measure import process_cpu_seconds

HOIST_KEYS = ("hoistbench", "hoistbenchsecret")
S3RVER_KEYS = ("S3RVER", "S3RVER")


def hoist_has_serve(hoist):
    probe = subprocess.run([hoist, "serve", "--help"], capture_output=True, text=True)
    return probe.returncode == 0 and "--discard" in probe.stdout


class Server:
    """One server process listening on 127.0.0.1:port."""

    def __init__(self, kind, port, root, log_path, hoist=None, s3rver=None, discard=True):
        self.kind, self.port, self.root, self.hoist = kind, port, root, hoist
        self.discard = kind == "hoist" and discard
        self.keys = HOIST_KEYS if kind == "hoist" else S3RVER_KEYS
        self.url = f"http://127.0.0.1:{port}"
        os.makedirs(root, exist_ok=True)
        if kind == "hoist":
            argv = [hoist, "serve", "--listen", f"127.0.0.1:{port}",
                    "--access-key", self.keys[0], "--secret-key", self.keys[1]]
            argv += ["--discard"] if self.discard else ["--root", root]
        else:
            argv = ["node", s3rver, "-d", root, "-a", "127.0.0.1", "-p", str(port), "--silent"]
        if listening(port):
            raise RuntimeError(f"127.0.0.1:{port} is already in use")
        self.log = open(log_path, "wb")
        self.proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=self.log,
                                     stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + 30
        while not listening(port):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                with open(log_path, encoding="utf-8", errors="replace") as f:
                    raise RuntimeError(f"{kind} server on port {port} did not start: "
                                       f"{' '.join(f.read()[-400:].split())}")
            time.sleep(0.05)
        self.s3 = boto3.client(
            "s3", endpoint_url=self.url, region_name="us-east-1",
            aws_access_key_id=self.keys[0], aws_secret_access_key=self.keys[1],
            config=botocore.config.Config(s3={"addressing_style": "path"},
                                          retries={"max_attempts": 3}))

    def cpu_seconds(self):
        return process_cpu_seconds(self.proc.pid)

    def make_bucket(self, bucket):
        self.s3.create_bucket(Bucket=bucket)

    def seed(self, bucket, dataset, data_dir):
        """Uploads the dataset: on `hoist serve --root` with hoist, so every object has a
        CRC32C FULL_OBJECT checksum (multipart ones too) that downloads can verify; else with
        boto3, which sends no x-amz-checksum-* headers. Then syncs, so the rows that follow
        do not share the disk with the write-back of the seed."""
        self.make_bucket(bucket)
        if self.kind == "hoist" and not self.discard:
            env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
            env.update(AWS_ACCESS_KEY_ID=self.keys[0], AWS_SECRET_ACCESS_KEY=self.keys[1],
                       AWS_REGION="us-east-1", AWS_EC2_METADATA_DISABLED="true",
                       AWS_SHARED_CREDENTIALS_FILE=os.devnull, AWS_CONFIG_FILE=os.devnull)
            with tempfile.TemporaryDirectory(prefix="hoist-seed-") as state:
                argv = [self.hoist, "--endpoint-url", self.url, "--addressing-style", "path",
                        "-q", "cp", "--checksum-algorithm", "CRC32C", "--state-dir", state]
                if dataset.count == 1:
                    key = dataset.keys()[0]
                    argv += [os.path.join(data_dir, key), f"s3://{bucket}/{key}"]
                else:
                    argv += ["--recursive", "--no-progress", data_dir.rstrip("/") + "/",
                             f"s3://{bucket}/"]
                done = subprocess.run(argv, env=env, stdin=subprocess.DEVNULL,
                                      capture_output=True, text=True)
            if done.returncode != 0:
                raise RuntimeError(f"seeding s3://{bucket} with hoist failed: "
                                   f"{' '.join(done.stderr.split())[-400:]}")
            subprocess.run(["sync"], check=False)
            return
        config = boto3.s3.transfer.TransferConfig(max_concurrency=8)
        with concurrent.futures.ThreadPoolExecutor(16) as pool:
            for done in [pool.submit(self.s3.upload_file, os.path.join(data_dir, key), bucket,
                                     key, Config=config) for key in dataset.keys()]:
                done.result()

    def held(self, bucket):
        """(bytes, objects) the server lists in bucket."""
        try:
            return self._sum_listing("list_objects_v2", bucket)
        except botocore.exceptions.ClientError:
            # s3rver 3.7 answers InternalError to ListObjectsV2 past 1,000 objects; v1 works.
            return self._sum_listing("list_objects", bucket)

    def _sum_listing(self, operation, bucket):
        total = count = 0
        for page in self.s3.get_paginator(operation).paginate(Bucket=bucket):
            for obj in page.get("Contents", []):
                total += obj["Size"]
                count += 1
        return total, count

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()


def listening(port):
    """Whether a socket listens on the TCP port (IPv4), read from /proc/net/tcp: connecting to
    find out would count as a client (and ends a one-off `iperf3 -s -1`)."""
    with open("/proc/net/tcp", encoding="ascii") as f:
        next(f)
        for line in f:
            fields = line.split()
            if fields[3] == "0A" and int(fields[1].rsplit(":", 1)[1], 16) == port:
                return True
    return False


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
