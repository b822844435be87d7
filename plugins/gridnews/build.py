"""gridnews build: Pelican, unless nothing changed since the last clean build.

`make html` runs this. It reads the settings, takes the fingerprint of every input (settings,
content, theme, plugins; gridnews.buildstate) and compares it with the one the last build into
the same output folder recorded. When they match, the last build logged no warning or error, and
every file in the output folder is as that build left it, there is nothing to do and it says so
at once. Otherwise it runs Pelican, which (with the incremental plugin) writes only the pages
that changed, and records the new fingerprint.

One build at a time writes an output folder (gridnews.buildlock): a second `gridnews build`
waits for the first, and while `make devserver` serves the folder, the build is handed to it,
which brings the output up to date in place where it can, in about the time of an edit.
"""

from __future__ import annotations

import argparse
import ctypes
import gc
import hashlib
import os
import sys
import time
from pathlib import Path
from typing import Any

from gridnews import buildlock, buildserver, buildstate

# How the build tells the incremental plugin its fingerprint, to record with its outputs.
FINGERPRINT = "GRIDNEWS_BUILD_FINGERPRINT"
# How long a build handed to the development server waits for it to start again after a
# change to plugin code (it builds the whole site first).
RESTART_PATIENCE_S = 600.0


def tree_digest(output: Path) -> str:
    """A digest of the names, sizes and times of every file in the output folder.

    Folders are read with scandir, whose entries know their kind without a system call (with
    os.walk, a third of the time went to asking whether each of 11,000 page folders is a link);
    linked folders are not followed, linked files count by what they point to.
    """
    digest = hashlib.sha256()

    def visit(folder: str) -> None:
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError:
            return
        folders = []
        for entry in entries:
            try:
                if entry.is_dir():
                    if not entry.is_symlink():
                        folders.append(entry.path)
                    continue
                info = entry.stat()
            except OSError:
                continue
            digest.update(f"{entry.path}\0{info.st_size}\0{info.st_mtime_ns}\n".encode())
        for path in folders:
            visit(path)

    visit(os.fspath(output))
    return digest.hexdigest()


def fingerprint_of(
    settings: dict[str, Any], settings_file: Path, watch: list[Path], pelican_args: list[str]
) -> str:
    """The fingerprint of a build: every input, the settings file and the options to Pelican."""
    extra = [settings_file.resolve(), *watch]
    text = buildstate.fingerprint(settings, extra) + "\0" + "\0".join(pelican_args)
    return hashlib.sha256(text.encode()).hexdigest()


def record_build(settings: dict[str, Any], output: Path, fingerprint: str) -> None:
    """After a build (or a gridnews.live update): what the next `gridnews build` compares."""
    folder = buildstate.cache_folder(settings)
    state = buildstate.load(folder, output)
    if state.get("problems") or state.get("fingerprint") != fingerprint:
        state["fingerprint"] = ""  # a build that logged problems is never skipped: show them again
    state["tree"] = tree_digest(output)
    buildstate.save(folder, output, state)


# Python's cycle collector runs every 700 allocations, and over the whole heap now and then. A
# build makes millions of objects that live until it ends, and the collector spent 0.5 s of an
# edit rebuild at 4,000 stories (2.1 s at 16,000) finding no garbage; this makes it run about 70
# times less often; the build process's peak memory grew 3% in a cold build (docs/performance.md).
COLLECTOR_THRESHOLDS = (50_000, 20, 10)


def tune_collector() -> None:
    """Set the cycle collector for a process that builds the site."""
    gc.set_threshold(*COLLECTOR_THRESHOLDS)


def release_rendered() -> None:
    """Once every page is written: forget the stories' HTML Pelican kept, and free the memory.

    Pelican keeps each story's text with its links resolved (Content.get_content) for as long
    as the process runs: about 110 MB at 16,000 stories, held while search runs Pagefind beside
    the build, and for as long as the development server runs. Whatever asks for a story's text
    again (an update in place) has it made again. The C library is then asked to hand the freed
    pages back to the system, so that the memory counts as free for the indexers.
    """
    from pelican.contents import Content  # noqa: PLC0415 - Pelican is loaded by then

    Content.__dict__["get_content"].cache.clear()  # pelican.utils.memoized keeps it on the class
    try:
        trim = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError, TypeError):  # no GNU C library: the memory stays reserved
        return
    trim(0)


def run(args: argparse.Namespace) -> int:
    """The `gridnews build` command."""
    if args.stop_server:  # whatever the state of the content and settings (make clean)
        return _stop_server(args)
    if not args.settings.is_file():
        print(
            f"gridnews build: {args.settings} does not exist; give the settings file with -s, "
            "e.g. -s pelicanconf.py",
            file=sys.stderr,
        )
        return 2
    if not args.content.is_dir():
        print(
            f"gridnews build: {args.content} is not a folder; give the content folder, "
            "e.g. gridnews build content",
            file=sys.stderr,
        )
        return 2
    output = args.output.resolve()
    try:
        lock = buildlock.OutputLock(output)
    except buildlock.LockError as error:
        print(f"gridnews build: {error}", file=sys.stderr)
        return 2
    if not lock.acquire(wait=False):
        holder = buildserver.described(lock) or {}  # None: the lock is ours now
        kind = holder.get("kind")
        if kind in (buildlock.BUILD_SERVER, buildserver.BUILD_SERVER_STARTING) and not (
            _may_hand_over(args, holder)
        ):
            # the build server keeps another build of the folder: let it go, build here
            buildserver.stop(lock)
        elif kind in (buildlock.SERVER, buildlock.BUILD_SERVER):
            handed = _hand_over(args, lock, holder)
            if handed is not None:
                return handed
        if not lock.acquire(wait=False):
            print(
                f"Waiting for {buildlock.who(lock.holder())} to finish building {args.output} ...",
                flush=True,
            )
            lock.acquire(wait=True)
    lock.describe(buildlock.BUILD)
    settings: dict[str, Any] = {}
    try:
        status = _build_here(args, settings)
        if status == 0 and _serving(args):
            idle = buildserver.idle_seconds()  # a wrong value is told before a server starts
            log = buildstate.cache_folder(settings) / buildserver.LOG_NAME
            try:
                buildserver.start(args.content, output, args.settings, log, lock)
            except OSError as error:  # the site is built; only the next build is slower
                print(f"No build server started: {error}", file=sys.stderr)
                return status
            print(
                "A build server now keeps the site in memory for the next build of "
                f"{args.output} (it stops after {idle / 60:.0f} minutes "
                "without one; gridnews build --stop-server stops it, GRIDNEWS_BUILD_SERVER=0 "
                "does without)."
            )
    finally:
        lock.release()  # nothing left to release once the server has the lock
    return status


def _build_here(args: argparse.Namespace, settings: dict[str, Any]) -> int:
    """Build in this process (the caller holds the lock); fills in `settings` as read."""
    content, output = args.content.resolve(), args.output.resolve()
    # Imported here: a build handed to a server does without Pelican.
    from pelican import main as pelican_main  # noqa: PLC0415
    from pelican.settings import read_settings  # noqa: PLC0415

    settings.update(
        read_settings(
            str(args.settings), override={"PATH": str(content), "OUTPUT_PATH": str(output)}
        )
    )
    fingerprint = fingerprint_of(
        settings, args.settings, [Path(p) for p in args.watch], args.pelican
    )
    state = buildstate.load(buildstate.cache_folder(settings), output)
    if (
        not args.force
        and state.get("fingerprint") == fingerprint
        and state.get("tree") == tree_digest(output)
    ):
        print(f"Nothing changed since the last build of {args.output}; nothing to do.")
        return 0
    os.environ[FINGERPRINT] = fingerprint
    tune_collector()
    try:
        pelican_main([str(content), "-o", str(output), "-s", str(args.settings), *args.pelican])
    except SystemExit as stop:
        return int(stop.code or 0)
    finally:
        os.environ.pop(FINGERPRINT, None)
    record_build(settings, output, fingerprint)
    return 0


def _plain(args: argparse.Namespace) -> bool:
    """Whether a build server may make this build: no options for Pelican, no --no-server."""
    return not (args.no_server or args.pelican or args.watch)


def _serving(args: argparse.Namespace) -> bool:
    """Whether this build leaves a build server behind for the next (gridnews.buildserver)."""
    return _plain(args) and buildserver.wanted()


def _may_hand_over(args: argparse.Namespace, holder: dict[str, Any]) -> bool:
    """Whether the build server described by holder can make this build."""
    return (
        "socket" in holder
        and _plain(args)
        and holder.get("content") == str(args.content.resolve())
        and holder.get("settings") == str(args.settings.resolve())
        and holder.get("environment") == buildserver.environment_digest()
    )


def _stop_server(args: argparse.Namespace) -> int:
    """`gridnews build --stop-server`: stop the build server of the folder, if one runs."""
    try:
        lock = buildlock.OutputLock(args.output.resolve())
    except buildlock.LockError as error:
        print(f"gridnews build: {error}", file=sys.stderr)
        return 2
    # None: the folder is free (a server that was starting may have stopped meanwhile)
    holder = None if lock.acquire(wait=False) else buildserver.described(lock)
    if holder is None:
        lock.release()
        print(f"No build server holds {args.output}.")
        return 0
    if holder.get("kind") not in (buildlock.BUILD_SERVER, buildserver.BUILD_SERVER_STARTING):
        print(f"{buildlock.who(holder)} holds {args.output}, not a build server; left alone.")
        return 0
    stopped = buildserver.stop(lock)
    lock.release()
    print(f"Stopped {buildlock.who(holder)}." if stopped else "The build server did not stop.")
    return 0 if stopped else 1


def _hand_over(
    args: argparse.Namespace, lock: buildlock.OutputLock, holder: dict[str, Any]
) -> int | None:
    """Have the server that holds the output folder build it; its exit status.

    None when the server stopped meanwhile and this process now holds the lock (and builds).
    """
    server = buildlock.who(holder)
    in_window = holder.get("kind") == buildlock.SERVER
    if args.pelican or args.watch or "socket" not in holder:
        print(
            f"gridnews build: {server} is serving {args.output} and builds it with its own "
            "options; stop it (Ctrl-C in its window) to build it here, or build into another "
            "folder with -o",
            file=sys.stderr,
        )
        return 1
    request = {
        "content": str(args.content.resolve()),
        "settings": str(args.settings.resolve()),
        "force": args.force,
    }
    print(f"{server} holds {args.output} in memory: it brings it up to date ...", flush=True)
    began = time.monotonic()
    deadline = began + RESTART_PATIENCE_S
    while True:
        try:
            reply = buildlock.ask_server(holder, request, timeout=None)
        except (OSError, KeyError) as error:  # it stopped, or started again
            reply = {"ok": False, "retry": True, "error": str(error)}
        except ValueError as error:  # an answer that is not one: say so, rather than guess
            reply = {"ok": False, "error": f"its answer could not be read ({error})"}
        if not reply.get("retry") or time.monotonic() > deadline:
            break
        time.sleep(0.5)
        if lock.acquire(wait=False):
            return None  # the server has stopped: build here
        holder = lock.holder()
    for line in reply.get("messages", []):
        print(line, file=sys.stderr)
    if not reply.get("ok"):
        where = "; its messages are in its window" if in_window else ""
        print(
            f"gridnews build: {server} could not build: {reply.get('error')}{where}",
            file=sys.stderr,
        )
        return 1
    stories = len(reply["changed"])
    did = {
        "none": "nothing had changed",
        "text": f"updated {stories} {'story' if stories == 1 else 'stories'} in place, "
        f"{reply['written']} files written",
        "full": "built the whole site again",
    }.get(reply["kind"], reply["kind"])
    took = time.monotonic() - began
    told = "; its messages are in its window" if in_window else ""
    print(f"Done by {server}: {did} in {took:.2f} s{told}.")
    return 0


def add_parser(commands: argparse._SubParsersAction) -> None:
    """Add `gridnews build` to the command line."""
    parser = commands.add_parser(
        "build", help="build the site with Pelican, skipping the build when nothing changed"
    )
    parser.add_argument("content", nargs="?", type=Path, default=Path("content"))
    parser.add_argument("-o", "--output", type=Path, default=Path("output"))
    parser.add_argument("-s", "--settings", type=Path, default=Path("pelicanconf.py"))
    parser.add_argument("--force", action="store_true", help="build even if nothing changed")
    parser.add_argument(
        "--watch", action="append", default=[], help="another input file or folder (repeatable)"
    )
    parser.add_argument(
        "--no-server",
        action="store_true",
        help="build in this process, and leave no build server behind (gridnews.buildserver)",
    )
    parser.add_argument(
        "--stop-server", action="store_true", help="stop the build server of the output folder"
    )
    parser.epilog = "Options after -- go to pelican: gridnews build -- --fatal warnings"
    parser.set_defaults(run=run)
