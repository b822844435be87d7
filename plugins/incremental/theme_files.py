"""The theme's own files (style sheets, scripts) put into the output only when they changed.

Pelican copies every file of the theme's static folders into the output on every build, so
after any edit the style sheet and scripts get a new time stamp: a server that dates its
caches by the file's time (Last-Modified, most ETags) makes every reader fetch them again, and
rsync sends them again. `use_quiet_theme_copy` gives the static generator, when it is made (the
`static_generator_init` signal), a copy of the same files to the same places
(`THEME_STATIC_PATHS` into `THEME_STATIC_DIR`, skipping `IGNORE_FILES`) that writes a file only
when its bytes differ from what is there (`gridnews.buildstate.write_output`); a theme file
the theme no longer has is removed from the output by the next build, like any recorded output.
"""

from __future__ import annotations

import fnmatch
import logging
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from types import MethodType
from typing import Any

from gridnews import buildstate

logger = logging.getLogger(__name__)


def _ignored(name: str, ignores: Iterable[str]) -> bool:
    return any(fnmatch.fnmatch(name, pattern) for pattern in ignores)


def _files(source: Path, target: Path, ignores: list[str]) -> Iterator[tuple[Path, Path]]:
    """Every file under source (or source itself), with where it goes under target."""
    if _ignored(source.name, ignores):
        return
    if source.is_file():
        yield source, target
        return
    for folder, subfolders, names in os.walk(source, followlinks=True):
        subfolders[:] = sorted(name for name in subfolders if not _ignored(name, ignores))
        here = Path(folder)
        for name in sorted(names):
            if not _ignored(name, ignores):
                yield here / name, target / here.relative_to(source) / name


def copy_theme_paths(  # noqa: PLR0917 - Pelican's signature of _copy_paths
    generator: Any,
    paths: Iterable[str],
    source: str,
    destination: str,
    output_path: str,
    final_path: str | None = None,
) -> None:
    """Put the theme's static paths where Pelican's copy puts them, writing changed files only.

    With final_path (Pelican passes '.'), a file goes into the destination folder under its own
    name, and a folder's content into the destination folder itself.
    """
    ignores = list(generator.settings.get("IGNORE_FILES", []))
    written = 0
    for path in paths:
        origin = Path(source) / path
        if final_path:
            target = Path(output_path) / destination / final_path
            if origin.is_file():
                target = target / origin.name
        else:
            target = Path(output_path) / destination / path
        if not origin.exists():
            logger.warning(
                "THEME_STATIC_PATHS names %s, which the theme does not have; add it to the "
                "theme or take it out of THEME_STATIC_PATHS",
                origin,
            )
            continue
        for file, place in _files(origin, target, ignores):
            written += buildstate.write_output(Path(os.path.normpath(place)), file.read_bytes())
    logger.info("Theme files: %d written", written)


def use_quiet_theme_copy(generator: Any) -> None:
    """Give a static generator the copy of theme files that leaves unchanged files alone."""
    generator._copy_paths = MethodType(copy_theme_paths, generator)
