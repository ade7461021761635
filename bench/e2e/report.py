"""Summarises the matrix's runs (medians), and writes the "## End-to-end" section of
bench/RESULTS.md and the gnuplot bar chart beside it. Other sections are left as they are."""
import datetime
import os
import platform
import re
import statistics
import subprocess
import tempfile

import clients

SECTION = "## End-to-end"
GIB = 1 << 30
MIB = 1 << 20
RSS_SLACK = 64 * MIB  # the rule: hoist's peak RSS within --max-memory + 64 MiB in every row


def first_line(argv):
    try:
        out = subprocess.run(argv, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as e:
        return f"unavailable ({e})"
    text = (out.stdout or out.stderr).strip()
    return text.splitlines()[0] if text else f"unavailable (exit {out.returncode})"


def package_version(name):
    return first_line(["dpkg-query", "-W", "-f=${Version}", name])


def load_average():
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def machine_and_versions(args, matrix):
    cpu = "unknown"
    with open("/proc/cpuinfo", encoding="utf-8") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo", encoding="utf-8") as f:
        mem_kib = int(re.search(r"MemTotal:\s+(\d+)", f.read()).group(1))
    return {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "mode": "--quick" if args.quick else "full",
        "runs": matrix.runs,
        "budget": matrix.budget,
        "note": args.note,
        "cpu": cpu,
        "nproc": os.cpu_count(),
        "memory": f"{mem_kib / (1 << 20):.1f} GiB",
        "kernel": platform.release(),
        "load_before": load_average(),
        "built": os.environ.get("HOIST_BENCH_BUILT"),
        "versions": {
            "hoist": first_line([args.hoist, "--version"]),
            "python3-awscrt": package_version("python3-awscrt"),
            "aws-cli": first_line([clients.AWS, "--version"]),
            "rclone": first_line(["rclone", "version"]),
            "curl": first_line(["curl", "--version"]),
            "iperf3": first_line(["iperf3", "--version"]),
            "python3": first_line([clients.PYTHON, "--version"]),
            "gnuplot": first_line(["gnuplot", "--version"]),
        },
    }


def describe_server(matrix):
    main, crt = matrix.servers["main"], matrix.servers["crt"]
    if main.kind != "hoist":
        what = "s3rver (stores every byte on disk), one server for every row"
    elif main.discard:
        what = "uploads: `hoist serve --discard` (counts and drops the bytes)"
    else:
        what = ("downloads: `hoist serve --root DIR` (objects stored as files on the local "
                "disk, read from the page cache; seeded by hoist with CRC32C FULL_OBJECT "
                "checksums)")
    if main is crt:
        return f"{what} on {main.url}"
    return f"{what} on {main.url}; the AWS CRT rows had none: {crt}"


def summarise(rows, clients_in_order):
    """One line per (dataset, direction, client): medians over the runs that succeeded."""
    groups = {}
    for row in rows:
        groups.setdefault((row["slug"], row["direction"], row["client"]), []).append(row)
    lines = []
    for (slug, direction, client), runs in groups.items():
        ok = [r for r in runs if r["status"] == "ok"]
        first = runs[0]
        line = {"dataset": first["dataset"], "slug": slug, "direction": direction,
                "client": client, "name": first["name"], "runs": len(runs), "ok": len(ok)}
        if ok:
            gib = first["bytes"] / GIB
            line.update(
                mbps=statistics.median(r["mbps"] for r in ok),
                objps=statistics.median(r["objps"] for r in ok),
                cpu_per_gib=median_of(r["cpu"] and r["cpu"] / gib for r in ok),
                rss_mib=median_of(r["maxrss_kib"] and r["maxrss_kib"] / 1024 for r in ok))
            server_cpu = [r["server_cpu"] / gib for r in ok if "server_cpu" in r]
            if server_cpu:
                line["server_cpu_per_gib"] = statistics.median(server_cpu)
            line["other_cpu"] = max((r["other_cpu_share"] for r in ok
                                     if "other_cpu_share" in r), default=None)
            engine = [r for r in ok if r.get("engine")]
            if engine:
                line["p50_ms"] = median_of(r["engine"]["request_p50_ms"] for r in engine)
                line["p99_ms"] = median_of(r["engine"]["request_p99_ms"] for r in engine)
                line["retries"] = sum(r["engine"]["retries"] or 0 for r in engine)
                line["max_memory_mib"] = max(r["engine"]["max_memory"] for r in engine) / MIB
                # The rule holds for a row when it holds in every run.
                worst = max(engine, key=lambda r: (r["maxrss_kib"] or 0) * 1024
                            - r["engine"]["max_memory"])
                line["rss_max_mib"] = (worst["maxrss_kib"] or 0) / 1024
                line["rss_ok"] = all(
                    r["maxrss_kib"] is not None
                    and r["maxrss_kib"] * 1024 <= r["engine"]["max_memory"] + RSS_SLACK
                    for r in engine)
        notes = []
        if first["capped"]:
            notes.append(f"own cap: {len(runs)} run, {first['timeout']} s limit")
        for r in runs:
            if r["status"] != "ok":
                reason = " ".join(r.get("reason", "").split())
                notes.append(f"run {r['run']} {r['status']}: {reason}")
        if line.get("retries"):
            notes.append(f"hoist retried {line['retries']} requests over the runs")
        line["notes"] = notes
        lines.append(line)
    for line in lines:
        hoist = next((h for h in lines if h["name"] == "hoist" and h["slug"] == line["slug"]
                      and h["direction"] == line["direction"] and "mbps" in h), None)
        if hoist and "mbps" in line:
            line["ratio"] = line["mbps"] / hoist["mbps"]
    return lines


def median_of(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def fmt(value, digits=1):
    return "—" if value is None else f"{value:,.{digits}f}"


def rss_rule(x):
    if "rss_ok" not in x:
        return "—"
    verdict = "pass" if x["rss_ok"] else "**FAIL**"
    return f"{verdict} (max {x['rss_max_mib']:,.0f})"


def latency(x):
    if x.get("p50_ms") is None:
        return "—"
    return f"{x['p50_ms']:,.2f} / {x['p99_ms']:,.2f}"


def markdown_table(lines):
    out = ["| dataset | direction | client | runs ok | MB/s | objects/s | client CPU s/GiB "
           "| peak RSS MiB | max-memory MiB | RSS ≤ max-memory + 64 MiB | request p50 / p99 ms "
           "| server CPU s/GiB | other CPU % | MB/s vs hoist | notes |",
           "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: "
           "| ---: | ---: | --- |"]
    for x in lines:
        notes = "; ".join(x["notes"]).replace("|", "\\|")
        out.append(
            f"| {x['dataset']} | {x['direction']} | {x['client']} | {x['ok']}/{x['runs']} "
            f"| {fmt(x.get('mbps'))} | {fmt(x.get('objps'))} | {fmt(x.get('cpu_per_gib'), 2)} "
            f"| {fmt(x.get('rss_mib'))} | {fmt(x.get('max_memory_mib'), 0)} | {rss_rule(x)} "
            f"| {latency(x)} | {fmt(x.get('server_cpu_per_gib'), 2)} "
            f"| {fmt(x['other_cpu'] * 100 if x.get('other_cpu') is not None else None, 0)} "
            f"| {fmt(x.get('ratio'), 2)} | {notes} |")
    return "\n".join(out)


def goals(lines, sets):
    """The issue's goals, each as (goal, measured, met): "met" is yes, no, or n/a when a row
    it needs has no result. Datasets by role: one file (1 x 4 GiB, 1 x 256 MiB with --quick),
    1 MiB files, 16 KiB files."""
    def find(dataset, direction, name):
        if dataset is None:
            return None
        return next((x for x in lines if x["slug"] == dataset.slug and x["name"] == name
                     and x["direction"] == direction and "mbps" in x), None)

    big = next((d for d in sets if d.count == 1), None)
    mid = next((d for d in sets if d.count > 1 and d.size == MIB), None)
    small = next((d for d in sets if d.count > 1 and d.size == 16 << 10), None)

    def ratio(goal, dataset, direction, peer, field, unit, minimum=None, maximum=None):
        h, p = find(dataset, direction, "hoist"), find(dataset, direction, peer)
        if not h or not p or not h.get(field) or not p.get(field):
            return (goal, "no result", "n/a")
        r = h[field] / p[field]
        digits = 2 if field == "cpu_per_gib" else 0 if field == "objps" else 1
        measured = (f"{r:.2f}x ({fmt(h[field], digits)} vs {fmt(p[field], digits)} {unit})")
        met = (minimum is None or r >= minimum) and (maximum is None or r <= maximum)
        return (goal, measured, "yes" if met else "**no**")

    out = []
    if big:
        out.append(ratio(f"{big.name} upload (CRC32C): MB/s ≥ 1.5x AWS CRT's", big, "upload",
                         "crt", "mbps", "MB/s", minimum=1.5))
        out.append(ratio(f"{big.name} upload: client CPU s/GiB ≤ 1.25x `curl -T`'s", big,
                         "upload", "curl", "cpu_per_gib", "s/GiB", maximum=1.25))
    if small:
        out.append(ratio(f"{small.name} upload: objects/s ≥ 2x AWS CRT's", small, "upload",
                         "crt", "objps", "objects/s", minimum=2))
        out.append(ratio(f"{small.name} upload: objects/s ≥ 0.9x 16 parallel curl transfers",
                         small, "upload", "curl16", "objps", "objects/s", minimum=0.9))
    if mid:
        for direction in ("upload", "download"):
            out.append(ratio(f"{mid.name} {direction}: MB/s ≥ 2x AWS CRT's", mid, direction,
                             "crt", "mbps", "MB/s", minimum=2))
    if big:
        out.append(ratio(f"{big.name} download (hoist verifies CRC32C): MB/s ≥ 1.5x AWS "
                         "CRT's", big, "download", "crt", "mbps", "MB/s", minimum=1.5))
    hoist = [x for x in lines if x["name"] == "hoist" and "rss_ok" in x]
    if hoist:
        bad = [x for x in hoist if not x["rss_ok"]]
        worst = max(hoist, key=lambda x: x["rss_max_mib"] - x["max_memory_mib"])
        measured = (f"{len(hoist) - len(bad)} of {len(hoist)} hoist rows; closest: "
                    f"{worst['dataset']} {worst['direction']}, {worst['rss_max_mib']:,.0f} MiB "
                    f"against {worst['max_memory_mib']:,.0f} + 64 MiB")
        out.append(("hoist's peak RSS ≤ --max-memory + 64 MiB in every row", measured,
                    "yes" if not bad else "**no**"))
    else:
        out.append(("hoist's peak RSS ≤ --max-memory + 64 MiB in every row",
                    "no hoist row reported max_memory", "n/a"))
    return out


def goals_table(lines, sets):
    out = ["| goal | measured (hoist vs peer, medians) | met? |", "| --- | --- | --- |"]
    out += [f"| {g} | {m} | {ok} |" for g, m, ok in goals(lines, sets)]
    return "\n".join(out)


def args_built(meta):
    if meta.get("built"):
        return f"RelWithDebInfo build of commit {meta['built']} (`HOIST_BENCH_REV`)"
    return "the binary given (HOIST_BENCH_HOIST) or a RelWithDebInfo build of the working tree"


def section(meta, lines, matrix, chart_name):
    v = meta["versions"]
    quick = meta["mode"] == "--quick"
    sets = ", ".join(d.name for d in matrix.sets)
    out = [SECTION, "",
           "`bench/e2e/run.sh" + (" --quick" if quick else "") + "`: every client uploads and "
           "downloads each dataset over loopback (127.0.0.1 only) in the same run; "
           f"datasets {sets} of random bytes; {meta['runs']} run(s) a row, median.", ""]
    if quick:
        out += ["**This is a `--quick` run (small datasets, one run a row), not the full "
                "matrix.**", ""]
    if meta.get("note"):
        out += [f"**{meta['note']}**", ""]
    out += [
        f"- Date: {meta['date']}; the matrix took {meta['wall_s']:.0f} s "
        f"(budget {meta['budget']} s)",
        f"- Machine: {meta['cpu']}; `nproc` {meta['nproc']}; memory {meta['memory']}; "
        f"Linux {meta['kernel']}; load average (1, 5, 15 min) {meta['load_before']} before, "
        f"{meta['load_after']} after",
        f"- Server: {meta.get('server', 'not started')}",
        f"- hoist: {args_built(meta)}",
        "- Versions: " + "; ".join(f"{k}: {val}" for k, val in v.items()),
        "- Clients:",
    ]
    for c in matrix.clients:
        out.append(f"  - {c.label()}: {c.tuning()}")
    out += ["", "Goals:", "", goals_table(lines, matrix.sets)]
    out += ["", markdown_table(lines), "", f"![MB/s by dataset, direction and client]"
            f"({chart_name})", "", "Notes:", ""]
    out += [
        "- MB/s is dataset bytes (10^6 a MB) over the wall time of the client process, start "
        "to exit (process start-up, listing and all); objects/s likewise.",
        "- Client CPU is user + system seconds of the client's whole process tree "
        "(GNU time's `wait4()` on it), per GiB of the dataset; peak RSS is the largest "
        "single process in that tree (`ru_maxrss`). Server CPU is the server process's own, over the same row, for "
        "reading how the two shared the cores.",
        "- Uploads read the dataset from the page cache (the harness reads it through, untimed, "
        "before each upload row: this VM's DAMON pageout scheme evicts page-cache pages left "
        "unread for a while), each run into a new bucket; hoist "
        "sends a CRC32C checksum with every PUT and part, which the server verifies; the "
        "other clients send none (python3-awscrt 0.16.8 has no checksum option). Every "
        "download row reads one bucket that the harness seeded beforehand (untimed) with "
        "hoist, so each object has a stored CRC32C FULL_OBJECT checksum: hoist verifies it "
        "(HeadObject with checksum mode, a CRC a ranged part, combined), the peers verify "
        "nothing. Every client downloads into a scratch directory on the same file system "
        "as the datasets (each object to a file of its own), deleted after each run. Just "
        "before each download row the harness writes and deletes a file of the dataset's "
        "size there (untimed), so every client writes into page-cache memory in the same "
        "state: on this VM, memory left free for a few seconds goes back to the host "
        "(virtio-balloon free page reporting) and writing 4 GiB into it cost 8-10 s of "
        "system time instead of about 1 s, which made download rows depend on the client "
        "order.",
        "- After each upload the harness lists the bucket and sums the sizes; after each "
        "download it sums the files written. A row counts only when all the bytes are there.",
        f"- Time limits: {meta.get('limits', 'none recorded')}; the whole matrix skips the "
        f"rows left once {meta['budget']} s have passed.",
        "- hoist's request p50 / p99 (median over the runs), max-memory and retries come "
        "from its `--output json` summary; peak RSS is measured from outside as for every "
        "client, and \"RSS ≤ max-memory + 64 MiB\" must hold in every run of the row (max is "
        "the run closest to the limit).",
        "- \"MB/s vs hoist\" is the row's MB/s over hoist's for the same dataset and "
        "direction.",
        "- \"Other CPU %\" is what the rest of the machine (anything but the client and the "
        "server) kept busy while the row ran, as a share of both cores' time, from "
        "/proc/stat; the worst of the row's runs. Loopback softirq work that the kernel "
        "charges to no process lands here too, so a few % is the floor; tens of % mean "
        "someone else's build shared the cores and the row's numbers are disturbed.",
    ]
    if matrix.server_kind == "s3rver":
        out.append("- s3rver 3.7 answers InternalError to ListObjectsV2 once a bucket holds more "
                   "than 1,000 objects (ListObjects v1 works; the harness's own check falls "
                   "back to it), so clients that list with v2 fail there.")
    if any(not ln["ok"] for ln in lines):
        out.append("- Rows with no successful run show — and say why in their notes.")
    return "\n".join(out) + "\n"


def write_section(path, text):
    with open(path, encoding="utf-8") as f:
        current = f.read()
    start = current.find("\n" + SECTION + "\n")
    if start < 0:
        updated = current.rstrip("\n") + "\n\n" + text
    else:
        start += 1
        nxt = re.search(r"^## ", current[start + len(SECTION):], re.M)
        end = start + len(SECTION) + nxt.start() if nxt else len(current)
        updated = current[:start] + text + ("\n" + current[end:] if nxt else "")
    with open(path, "w", encoding="utf-8") as f:
        f.write(updated)


def chart(path, lines, clients_in_order, title):
    labels = [c.label() for c in clients_in_order]
    clusters = []
    for x in lines:
        key = f"{x['dataset']} {x['direction']}"
        if key not in clusters:
            clusters.append(key)
    with tempfile.TemporaryDirectory() as tmp:
        data = os.path.join(tmp, "e2e.dat")
        with open(data, "w", encoding="utf-8") as f:
            f.write("cluster " + " ".join(f'"{lb}"' for lb in labels) + "\n")
            for cluster in clusters:
                values = []
                for lb in labels:
                    hit = next((x for x in lines if f"{x['dataset']} {x['direction']}" == cluster
                                and x["client"] == lb and "mbps" in x), None)
                    values.append(f"{hit['mbps']:.3f}" if hit else "-")
                f.write(f'"{cluster}" ' + " ".join(values) + "\n")
        script = f"""
set terminal pngcairo size 1400,700 font ",10"
set output "{path}"
set title "{title}"
set style data histogram
set style histogram cluster gap 1
set style fill solid 0.85 border -1
set boxwidth 0.9
set logscale y
set yrange [0.1:*]
set grid ytics
set ylabel "MB/s"
set datafile missing "-"
set key outside right top
set xtics rotate by -20
plot for [i=2:{len(labels) + 1}] "{data}" using i:xtic(1) title columnheader(i)
"""
        subprocess.run(["gnuplot"], input=script, text=True, check=True)


def write(results_path, chart_path, meta, lines, matrix):
    run = "--quick run" if meta["mode"] == "--quick" else "full matrix"
    server = ("hoist serve (--discard for uploads, --root for downloads)"
              if matrix.server_kind == "hoist" else "s3rver")
    chart(chart_path, lines, matrix.clients,
          f"hoist end-to-end over loopback, {run} against {server}, {meta['date']}: "
          f"MB/s (log scale, higher is better)")
    rel = os.path.relpath(chart_path, os.path.dirname(os.path.abspath(results_path)))
    write_section(results_path, section(meta, lines, matrix, rel))
