"""Writing the Pagefind index of a built site with Pagefind's extended binary.

How: the pages to index are copied, with the index-only additions (filters, name parts), into a
staging folder, and the binary of `pagefind_bin_extended` indexes that folder in one run, writing
the bundle (index, fragments, the default UI files) into output/pagefind/. The extended build is
the one whose indexer segments Chinese text into words; the standard build would index a run of
Chinese characters as one long word.

Why the binary and not the `pagefind` package's Python API: the API talks to the same binary in
service mode, but its client waits 0.1 s before reading each reply, so adding pages one by one
costs about 0.1 s a page (50 pages took 5 s; a 10,000-page site would take a quarter of an hour),
where one run of the binary over a folder takes well under a second here.

A large site is indexed as several bundles (shards: pagefind/, pagefind-2/, ...), each holding
the pages whose path hashes to it; the search page loads the first and merges the others in
(Pagefind's mergeIndex), so a reader searches them all at once. A build re-indexes only the
shards whose pages changed, and each Pagefind run holds only one shard in memory (see
search.py for how pages are assigned and changes found).

The pages are staged and indexed in a fixed order; Pagefind's filter files still come out in a
different order on every run, which bundle.py puts right, so that the same site gives the same
bytes (tests/test_determinism.py checks the whole site).
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import tempfile
import threading
import time
from pathlib import Path

from .bundle import BundleFormatError, make_stable

logger = logging.getLogger(__name__)

BUNDLE = "pagefind"  # the folder under the output that the search page loads
# Files of Pagefind's own search interfaces: the search page loads them from the first bundle only.
UI_FILES = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-highlight.js",
)
# A memory-backed folder for staging (Linux), used while it keeps this much room free
MEMORY_FOLDER = Path("/dev/shm")
MEMORY_MARGIN = 256 * 1024 * 1024
PREFIX = "gridnews-search-"
UNPLACED = ".pagefind-"  # a bundle being written, or made but not yet in place
INSTALL_HINT = "install the dependencies with `make install` (pip install 'pagefind[extended]')"


class SearchIndexError(Exception):
    """The index could not be written; the message says why and what to do."""


def pagefind_binary() -> Path:
    """The extended Pagefind binary installed with the `pagefind[extended]` package."""
    try:
        from pagefind_bin_extended import get_executable  # noqa: PLC0415 - optional at import
    except ImportError as error:
        raise SearchIndexError(
            f"Pagefind's extended binary is missing ({error}); {INSTALL_HINT}"
        ) from error
    try:
        return get_executable()
    except FileNotFoundError as error:
        raise SearchIndexError(
            f"Pagefind's extended binary is missing: {error}; {INSTALL_HINT}"
        ) from error


def _stage(folder: Path, pages: list[tuple[str, str]]) -> None:
    """Write each (path, HTML) pair under folder."""
    for path, html in pages:
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(html, encoding="utf-8")


def staging_root(size: int, memory: Path | None = None) -> str | None:
    """Where to stage pages of `size` bytes: a memory folder with room, else None (the disk).

    None means the system's temporary folder; GRIDNEWS_SEARCH_STAGING names a folder instead.
    Staged pages live for one Pagefind run. On disk, making and removing the folders of a
    thousand pages costs about a second a shard, most of it in the file system (measured on
    ext4, docs/search.md); in memory, a few hundredths.
    """
    chosen = os.environ.get("GRIDNEWS_SEARCH_STAGING")
    if chosen:  # the machine's own choice of folder
        if not Path(chosen).is_dir():
            raise SearchIndexError(
                f"GRIDNEWS_SEARCH_STAGING names {chosen}, which is not a folder; make the folder,"
                " or unset the variable to stage in memory or in the system's temporary folder"
            )
        return chosen
    memory = memory or MEMORY_FOLDER
    try:
        if (
            memory.is_dir()
            and os.access(memory, os.W_OK | os.X_OK)
            and shutil.disk_usage(memory).free > 2 * size + MEMORY_MARGIN
        ):
            return str(memory)
    except OSError:
        pass
    return None


def _command(binary: Path, site: Path, bundle: Path, language: str) -> list[str]:
    """Pagefind's command line: index site into bundle."""
    return [
        str(binary),
        "--site",
        str(site),
        "--output-path",
        str(bundle),
        # One index for the whole site, in the language of the search page that loads it:
        # stories in 繁體 are segmented the same way and found from the same page.
        "--force-language",
        language,
        "--quiet",
    ]


def _check_run(binary: Path, bundle: Path, returncode: int, said: str) -> None:
    """Raise SearchIndexError, with Pagefind's own words, when its run wrote no bundle."""
    said = " ".join(said.split())
    if returncode != 0:
        raise SearchIndexError(
            f"Pagefind ({binary}) failed with status {returncode}: {said or 'no message'}"
        )
    if said:
        logger.debug("Pagefind: %s", said)
    if not (bundle / "pagefind-ui.js").is_file():
        raise SearchIndexError(
            f"Pagefind ({binary}) wrote no search bundle: {said or 'no message'}"
        )


def _timed_out(binary: Path, timeout: float) -> SearchIndexError:
    return SearchIndexError(
        f"Pagefind ({binary}) did not finish within {timeout:g} s; raise "
        "GRIDNEWS_SEARCH_TIMEOUT, or run the build again"
    )


def _not_started(binary: Path, error: OSError) -> SearchIndexError:
    return SearchIndexError(f"Pagefind ({binary}) could not start: {error}; {INSTALL_HINT}")


def write_index(
    output: Path,
    pages: list[tuple[str, str]],
    language: str,
    timeout: float = 300,
    *,
    bundle_name: str = BUNDLE,
    interface: bool = True,
) -> float:
    """Write output/<bundle_name>/ from (path under output, HTML to index) pairs; returns seconds.

    Without `interface`, Pagefind's interface files are left out (a shard merged into the first).

    The bundle is written into a temporary folder beside it and moved into place only when
    complete, so a failed run leaves the previous index (if any) in place. Raises
    SearchIndexError with what went wrong and what to do.
    """
    began = time.perf_counter()
    run = StartedIndex(output, pages, language, timeout, interface=interface)
    place(run.result(), bundle_name)
    return time.perf_counter() - began


class StartedIndex:
    """A Pagefind run started over staged pages, in the background; `result` waits for it.

    The pages are staged by the caller's thread when the run starts, and Pagefind runs in its
    own process: a Python thread that staged them would wait for the interpreter's lock after
    every file it reads while the build renders pages (about 1.3 s for a shard of 1,000 pages,
    where it takes 0.08 s alone). search.py starts a shard's run while the rest of the site is
    written, and keeps the bundle (`place`) or drops it (`discard`).
    """

    def __init__(
        self,
        output: Path,
        pages: list[tuple[str, str]],
        language: str,
        timeout: float = 300,
        *,
        interface: bool = True,
    ) -> None:
        self.binary = pagefind_binary()
        self.timeout = timeout
        self.interface = interface
        self._done: Path | None = None
        self._lock = threading.Lock()
        output.mkdir(parents=True, exist_ok=True)
        root = staging_root(sum(len(html) * 3 for _, html in pages))  # UTF-8: at most 3 bytes
        self._staging = tempfile.TemporaryDirectory(prefix=PREFIX, dir=root)
        try:
            try:
                _stage(Path(self._staging.name), pages)
            except OSError:
                if root is None:
                    raise
                self._staging.cleanup()  # the memory folder filled up: stage on disk after all
                self._staging = tempfile.TemporaryDirectory(prefix=PREFIX)
                _stage(Path(self._staging.name), pages)
            self.bundle = Path(tempfile.mkdtemp(prefix=UNPLACED, dir=output))
            # mkdtemp makes it private; a web server must be able to read it
            self.bundle.chmod(0o755)
            command = _command(self.binary, Path(self._staging.name), self.bundle, language)
            self._deadline = time.monotonic() + timeout
            try:
                self._process = subprocess.Popen(
                    command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
                )
            except OSError as error:
                raise _not_started(self.binary, error) from error
        except BaseException:
            self._clean(bundle=True)
            raise

    def result(self) -> Path:
        """Wait for the run; the finished bundle's folder (raises SearchIndexError)."""
        with self._lock:
            if self._done is not None:
                return self._done
            try:
                try:
                    out, err = self._process.communicate(
                        timeout=max(0.0, self._deadline - time.monotonic())
                    )
                except subprocess.TimeoutExpired as error:
                    self._process.kill()
                    self._process.communicate()
                    raise _timed_out(self.binary, self.timeout) from error
                _check_run(self.binary, self.bundle, self._process.returncode, err + " " + out)
                self._finish_bundle()
            except BaseException:
                self._clean(bundle=True)
                raise
            self._clean(bundle=False)
            self._done = self.bundle
            return self.bundle

    def discard(self) -> None:
        """Stop the run if it is still going, and remove what it wrote."""
        with self._lock:
            if self._process.poll() is None:
                self._process.kill()
            self._process.communicate()
            self._clean(bundle=True)

    def _finish_bundle(self) -> None:
        try:
            make_stable(self.bundle)
        except (BundleFormatError, OSError, ValueError, KeyError) as error:
            logger.warning(
                "Search: could not put Pagefind's filter files in order (%s); the index works,"
                " but its files change from build to build (see plugins/search/bundle.py)",
                error,
            )
        if not self.interface:
            for name in UI_FILES:
                (self.bundle / name).unlink(missing_ok=True)

    def _clean(self, *, bundle: bool) -> None:
        self._staging.cleanup()
        if bundle and hasattr(self, "bundle"):
            shutil.rmtree(self.bundle, ignore_errors=True)


def place(bundle: Path, bundle_name: str) -> None:
    """Put the bundle of a finished StartedIndex in place as <its output>/<bundle_name>/."""
    final = bundle.parent / bundle_name
    try:
        if final.exists():
            shutil.rmtree(final)
        bundle.rename(final)
    finally:
        if bundle.exists():
            shutil.rmtree(bundle, ignore_errors=True)
