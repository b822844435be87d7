"""Making Pagefind's bundle byte-identical from one build to the next.

Pagefind 1.5 writes the pages' fragments and the word index in a stable order, but the filter
files (filter/*.pf_filter) and the metadata that lists them (pagefind.<hash>.pf_meta) come out of
hash maps: the values of a filter, and the filters themselves, are in a different order on every
run, and so are the files' names. This module puts them in order (filters by name, values by
value), names the rewritten files after their content, and points pagefind-entry.json at the new
metadata file. Only the order changes: the search sees the same filters.

The files are gzip streams of a signature and a CBOR value (RFC 8949); the small codec below reads
and writes the part of CBOR that Pagefind uses (unsigned integers, byte and text strings, arrays,
maps), and each file is checked to come back byte for byte before it is rewritten.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path
from typing import Any

SIGNATURE = b"pagefind_dcd"


class BundleFormatError(Exception):
    """A file is not in the format this module knows (a newer Pagefind?)."""


def _head(major: int, value: int) -> bytes:
    if value < 24:
        return bytes([major << 5 | value])
    for extra, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if value < 1 << (8 * size):
            return bytes([major << 5 | extra]) + value.to_bytes(size, "big")
    raise BundleFormatError(f"integer too large: {value}")


def encode(value: Any) -> bytes:
    """The shortest CBOR encoding of ints (>= 0), bytes, str, lists and dicts."""
    if isinstance(value, bool) or value is None:
        raise BundleFormatError(f"cannot encode {value!r}")
    if isinstance(value, int):
        if value < 0:
            return _head(1, -1 - value)
        return _head(0, value)
    if isinstance(value, bytes):
        return _head(2, len(value)) + value
    if isinstance(value, str):
        data = value.encode("utf-8")
        return _head(3, len(data)) + data
    if isinstance(value, list):
        return _head(4, len(value)) + b"".join(encode(item) for item in value)
    if isinstance(value, dict):
        return _head(5, len(value)) + b"".join(encode(k) + encode(v) for k, v in value.items())
    raise BundleFormatError(f"cannot encode {type(value).__name__}")


def decode(data: bytes) -> Any:
    """Decode one CBOR value that fills data."""
    value, end = _decode(data, 0)
    if end != len(data):
        raise BundleFormatError(f"{len(data) - end} bytes after the value")
    return value


def _decode(data: bytes, at: int) -> tuple[Any, int]:
    if at >= len(data):
        raise BundleFormatError("truncated")
    major, info = data[at] >> 5, data[at] & 31
    at += 1
    if info < 24:
        length = info
    elif info <= 27:
        size = 1 << (info - 24)
        length = int.from_bytes(data[at : at + size], "big")
        at += size
    else:
        raise BundleFormatError(f"unsupported CBOR item {data[at - 1]:#x}")
    if major == 0:
        return length, at
    if major == 1:
        return -1 - length, at
    if major in (2, 3):
        raw = data[at : at + length]
        return (raw if major == 2 else raw.decode("utf-8")), at + length
    if major == 4:
        items = []
        for _ in range(length):
            item, at = _decode(data, at)
            items.append(item)
        return items, at
    if major == 5:
        out = {}
        for _ in range(length):
            key, at = _decode(data, at)
            out[key], at = _decode(data, at)
        return out, at
    raise BundleFormatError(f"unsupported CBOR major type {major}")


def read(path: Path) -> Any:
    """The value of one Pagefind data file, checked to encode back to the same bytes."""
    raw = gzip.decompress(path.read_bytes())
    if not raw.startswith(SIGNATURE):
        raise BundleFormatError(f"{path.name} does not start with {SIGNATURE!r}")
    value = decode(raw[len(SIGNATURE) :])
    if encode(value) != raw[len(SIGNATURE) :]:
        raise BundleFormatError(f"{path.name} does not encode back to the same bytes")
    return value


def _write(value: Any, language: str, digits: int, where: str) -> str:
    """Write a value as a Pagefind data file named after its content; returns the hash part.

    `where` is the file's path with {} in place of the hash part.
    """
    data = gzip.compress(SIGNATURE + encode(value), compresslevel=9, mtime=0)
    name = f"{language}_{hashlib.sha256(data).hexdigest()[:digits]}"
    Path(where.format(name)).write_bytes(data)
    return name


def make_stable(bundle: Path) -> None:
    """Put the filters of a Pagefind bundle in order, and rename the files that change.

    Raises BundleFormatError (leaving the bundle as Pagefind wrote it) when a file is not in the
    expected shape.
    """
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    plans = []
    for language, info in sorted(entry["languages"].items()):
        meta_path = bundle / f"pagefind.{info['hash']}.pf_meta"
        meta = read(meta_path)
        filters = _filter_list(meta, meta_path.name)
        chunks = [(name, bundle / "filter" / f"{chunk}.pf_filter") for name, chunk in filters]
        plans.append((language, info, meta_path, meta, filters, chunks))
        for _name, path in chunks:
            _values(read(path), path.name)
    for language, info, meta_path, meta, filters, chunks in plans:
        renamed = []
        for name, path in sorted(chunks):
            content = read(path)
            _values(content, path.name).sort(key=lambda item: item[0])
            path.unlink()
            renamed.append([name, _write(content, language, 7, f"{path.parent}/{{}}.pf_filter")])
        filters[:] = renamed
        meta_path.unlink()
        info["hash"] = _write(meta, language, 13, f"{bundle}/pagefind.{{}}.pf_meta")
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")))


def _filter_list(meta: Any, name: str) -> list[list[Any]]:
    """The [filter name, file hash] pairs of a metadata file.

    The metadata is [version, pages, word index chunks, filters, sorts, meta fields].
    """
    if not (isinstance(meta, list) and len(meta) == 6 and isinstance(meta[3], list)):
        raise BundleFormatError(f"{name}: not [version, pages, index, filters, sorts, fields]")
    for item in meta[3]:
        if not (isinstance(item, list) and [type(part) for part in item] == [str, str]):
            raise BundleFormatError(f"{name}: a filter is not [name, hash]")
    return meta[3]


def _values(content: Any, name: str) -> list[list[Any]]:
    """The [value, pages] pairs of a filter file: [filter name, [[value, [page…]], …]]."""
    if not (isinstance(content, list) and len(content) == 2 and isinstance(content[1], list)):
        raise BundleFormatError(f"{name}: not [filter name, values]")
    for item in content[1]:
        if not (isinstance(item, list) and len(item) == 2 and isinstance(item[0], str)):
            raise BundleFormatError(f"{name}: a value is not [value, pages]")
    return content[1]
