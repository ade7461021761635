#!/usr/bin/python3
"""Uploads or downloads a list of objects with the AWS Common Runtime S3 client (awscrt.s3).

    crt_driver.py upload   --host H --bucket B --dir D --keys FILE [--concurrency N]
    crt_driver.py download --host H --bucket B --dir D --keys FILE [--concurrency N]

FILE holds one key per line; the local file for key K is D/K. Credentials come from
AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY. Each object is one CRT meta request (the CRT
splits large ones into parts of --part-size itself); at most --concurrency meta requests are
in flight at once. Plain HTTP only: python3-awscrt 0.16.8 dials port 80 for a plain-http
endpoint whatever port the Host header names, so H is a host without a port.

Exit status: 0 when every object succeeded, 1 otherwise (the first errors are printed).
"""
import argparse
import os
import sys
import threading
import urllib.parse

from awscrt import auth, http, io, s3


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("direction", choices=["upload", "download"])
    p.add_argument("--host", required=True, help="Host header and host dialled (port 80)")
    p.add_argument("--bucket", required=True)
    p.add_argument("--dir", required=True, help="local directory the keys are relative to")
    p.add_argument("--keys", required=True, help="file with one key per line")
    p.add_argument("--region", default="us-east-1")
    p.add_argument("--concurrency", type=int, default=64, help="meta requests in flight")
    p.add_argument("--part-size", type=int, default=8 << 20)
    p.add_argument("--throughput-gbps", type=float, default=10.0,
                   help="the CRT sizes its connection pool from this target")
    return p.parse_args()


class Transfers:
    """Counts finished meta requests and keeps the first few errors."""

    def __init__(self, limit):
        self.slots = threading.Semaphore(limit)
        self.lock = threading.Lock()
        self.pending = 0
        self.all_done = threading.Condition(self.lock)
        self.errors = []
        self.failed = 0

    def started(self):
        self.slots.acquire()
        with self.lock:
            self.pending += 1

    def finished(self, key, error, error_headers, error_body):
        with self.lock:
            if error is not None:
                self.failed += 1
                if len(self.errors) < 5:
                    body = (error_body or b"")[:200].decode("utf-8", "replace")
                    self.errors.append(f"{key}: {error} {body}".strip())
            self.pending -= 1
            if self.pending == 0:
                self.all_done.notify_all()
        self.slots.release()

    def wait(self):
        with self.lock:
            while self.pending:
                self.all_done.wait()


def main():
    args = parse_args()
    with open(args.keys, encoding="utf-8") as f:
        keys = [line.rstrip("\n") for line in f if line.strip()]

    event_loops = io.EventLoopGroup()
    bootstrap = io.ClientBootstrap(event_loops, io.DefaultHostResolver(event_loops))
    credentials = auth.AwsCredentialsProvider.new_static(
        os.environ["AWS_ACCESS_KEY_ID"], os.environ["AWS_SECRET_ACCESS_KEY"])
    client = s3.S3Client(bootstrap=bootstrap, region=args.region,
                         tls_mode=s3.S3RequestTlsMode.DISABLED,
                         credential_provider=credentials, part_size=args.part_size,
                         throughput_target_gbps=args.throughput_gbps)

    transfers = Transfers(args.concurrency)
    requests = []  # the CRT needs the request objects alive until they finish
    for key in keys:
        local = os.path.join(args.dir, key)
        path = "/" + args.bucket + "/" + urllib.parse.quote(key)
        headers = [("Host", args.host)]
        kwargs = {}
        if args.direction == "upload":
            headers += [("Content-Length", str(os.path.getsize(local))),
                        ("Content-Type", "application/octet-stream")]
            kwargs = {"type": s3.S3RequestType.PUT_OBJECT, "send_filepath": local}
            method = "PUT"
        else:
            os.makedirs(os.path.dirname(local), exist_ok=True)
            kwargs = {"type": s3.S3RequestType.GET_OBJECT, "recv_filepath": local}
            method = "GET"
        transfers.started()

        def on_done(error=None, error_headers=None, error_body=None, key=key, **_):
            transfers.finished(key, error, error_headers, error_body)

        requests.append(client.make_request(
            request=http.HttpRequest(method, path, http.HttpHeaders(headers)),
            on_done=on_done, **kwargs))
    transfers.wait()

    if transfers.failed:
        first = "".join(f"\ncrt_driver: {e}" for e in transfers.errors)
        print(f"crt_driver: {transfers.failed} of {len(keys)} objects failed{first}",
              file=sys.stderr)
    return 1 if transfers.failed else 0


if __name__ == "__main__":
    sys.exit(main())
