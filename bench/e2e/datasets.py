"""The benchmark datasets: N files of S random (incompressible) bytes each, generated once under
the cache directory and reused while every file is present with the right size."""
import dataclasses
import json
import os


@dataclasses.dataclass(frozen=True)
class Dataset:
    count: int
    size: int  # bytes per file

    @property
    def name(self):
        return f"{self.count:,} x {human_size(self.size)}"

    @property
    def slug(self):  # usable in bucket names and paths
        return f"{self.count}x{human_size(self.size).replace(' ', '').lower()}"

    @property
    def total(self):
        return self.count * self.size

    def keys(self):
        if self.count == 1:
            return ["big.bin"]
        return [f"f{i:05d}.bin" for i in range(self.count)]


FULL = [Dataset(1, 4 << 30), Dataset(1000, 1 << 20), Dataset(20000, 16 << 10)]
QUICK = [Dataset(1, 256 << 20), Dataset(200, 1 << 20), Dataset(2000, 16 << 10)]


def human_size(n):
    for unit, shift in (("GiB", 30), ("MiB", 20), ("KiB", 10)):
        if n >= 1 << shift and n % (1 << shift) == 0:
            return f"{n >> shift} {unit}"
    return f"{n} B"


def prepare(dataset, cache_dir):
    """Returns the dataset's directory, generating whatever files are missing or the wrong size."""
    directory = os.path.join(cache_dir, "datasets", dataset.slug)
    stamp = os.path.join(directory, ".complete")
    keys = dataset.keys()
    if os.path.exists(stamp) and all(
            _size_or_none(os.path.join(directory, k)) == dataset.size for k in keys):
        return directory
    os.makedirs(directory, exist_ok=True)
    if os.path.exists(stamp):
        os.unlink(stamp)
    chunk = 8 << 20
    for key in keys:
        path = os.path.join(directory, key)
        if _size_or_none(path) == dataset.size:
            continue
        with open(path + ".tmp", "wb") as f:
            left = dataset.size
            while left:
                n = min(left, chunk)
                f.write(os.urandom(n))
                left -= n
        os.replace(path + ".tmp", path)
    with open(stamp, "w", encoding="ascii") as f:
        json.dump({"count": dataset.count, "size": dataset.size}, f)
    return directory


def read_through(dataset, directory):
    """Reads every file of the dataset once, so the upload row that follows finds it all in
    the page cache. On this benchmark's VM a DAMON "pageout" scheme reclaims page-cache pages
    that went unread for a while, so without this the first client after a pause (hoist, the
    first of each run) read part of the dataset from the disk."""
    buf = bytearray(8 << 20)
    for key in dataset.keys():
        with open(os.path.join(directory, key), "rb", buffering=0) as f:
            while f.readinto(buf):
                pass


def write_key_list(dataset, path):
    with open(path, "w", encoding="utf-8") as f:
        f.writelines(k + "\n" for k in dataset.keys())
    return path


def local_bytes(dataset, directory):
    """Total size and count of the dataset's files present under directory (a client's
    temporary or partial files do not count)."""
    total = count = 0
    for key in dataset.keys():
        size = _size_or_none(os.path.join(directory, key))
        if size is not None:
            total += size
            count += 1
    return total, count


def _size_or_none(path):
    try:
        return os.path.getsize(path)
    except OSError:
        return None
