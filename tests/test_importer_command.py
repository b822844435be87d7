"""`gridnews import` as editors run it: one line per input, a summary, exit codes, safe writes,
and image downloads (from a server this test starts on 127.0.0.1)."""

from __future__ import annotations

import contextlib
import http.server
import io
import json
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from importer_quality import INPUTS

GRIDNEWS = str(Path(sys.executable).parent / "gridnews")
ARTICLE = INPUTS / "004_dfec0e08408934dd.txt"


def run(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run gridnews import."""
    return subprocess.run(
        [GRIDNEWS, "import", *map(str, args)], capture_output=True, text=True, cwd=cwd, check=False
    )


def test_each_input_gets_a_line_and_the_batch_a_summary(tmp_path: Path) -> None:
    bad = tmp_path / "empty.txt"
    bad.write_text("", encoding="utf-8")
    result = run(ARTICLE, INPUTS / "003_f53f280827cb1ee0.txt", bad, "--out", tmp_path / "out")
    lines = result.stdout.splitlines()
    assert lines[0].startswith(
        f"ok       {ARTICLE} -> {tmp_path}/out/xiao-wangge-jihuo-da-fuwu-woshi-zai-quanmian.md"
    )
    assert lines[1].startswith("warning ") and "no publication date found" in lines[1]
    assert lines[2] == f"error    {bad}: the file is empty"
    assert lines[3].startswith("2 imported (1 with warnings), 1 failed;")
    assert result.returncode == 1
    assert len(list((tmp_path / "out").glob("*.md"))) == 2


def test_folder_import_writes_stories_that_pass_the_check(tmp_path: Path) -> None:
    out = tmp_path / "content" / "stories"
    result = run(INPUTS, "--out", out)
    assert result.returncode == 0, result.stdout
    assert len(list(out.glob("*.md"))) == len(list(INPUTS.iterdir()))
    check = subprocess.run(
        [GRIDNEWS, "check", str(tmp_path / "content")], capture_output=True, text=True, check=False
    )
    assert check.returncode == 0, check.stdout


def test_dry_run_writes_nothing_and_json_lists_records(tmp_path: Path) -> None:
    result = run(ARTICLE, "--out", tmp_path / "out", "--dry-run", "--json")
    assert not (tmp_path / "out").exists()
    records = json.loads(result.stdout)
    assert records[0]["status"] == "ok"
    assert records[0]["encoding"] == "utf-8" and records[0]["format"] == "text"
    assert records[0]["region"] == "四川省/成都市/彭州市"
    assert {
        "rule": "registration",
        "text": "ICP经营许可证：川B2-20210566 人力资源证：510182102014",
    } in records[0]["removed"]
    assert "dry run: nothing written" in result.stderr


def test_report_file_holds_the_records(tmp_path: Path) -> None:
    report = tmp_path / "report.json"
    run(ARTICLE, "--out", tmp_path / "out", "--report", report)
    assert (
        json.loads(report.read_text(encoding="utf-8"))[0]["slug"]
        == "xiao-wangge-jihuo-da-fuwu-woshi-zai-quanmian"
    )


def test_an_existing_story_is_never_overwritten(tmp_path: Path) -> None:
    out = tmp_path / "out"
    run(ARTICLE, "--out", out)
    story = next(out.glob("*.md"))
    story.write_text(story.read_text(encoding="utf-8") + "\n编辑补充的一段话。\n", encoding="utf-8")
    edited = story.read_text(encoding="utf-8")
    again = run(ARTICLE, "--out", out)
    assert again.returncode == 1
    assert "exists; nothing was written (use --force" in again.stdout
    assert story.read_text(encoding="utf-8") == edited
    forced = run(ARTICLE, "--out", out, "--force")
    assert forced.returncode == 0
    assert story.with_suffix(".md.bak").read_text(encoding="utf-8") == edited
    assert "编辑补充" not in story.read_text(encoding="utf-8")


def test_importing_twice_gives_identical_files(tmp_path: Path) -> None:
    run(INPUTS, "--out", tmp_path / "a")
    run(INPUTS, "--out", tmp_path / "b")
    for first in sorted((tmp_path / "a").glob("*.md")):
        assert first.read_bytes() == (tmp_path / "b" / first.name).read_bytes()


def test_no_temporary_files_are_left_behind(tmp_path: Path) -> None:
    run(INPUTS, "--out", tmp_path / "out")
    assert [p.name for p in (tmp_path / "out").iterdir() if not p.name.endswith(".md")] == []


def test_undecodable_file_is_an_error_naming_what_to_do(tmp_path: Path) -> None:
    noise = tmp_path / "noise.txt"
    noise.write_bytes(bytes(range(128, 256)) * 8)
    result = run(noise, "--out", tmp_path / "out")
    assert result.returncode == 1
    assert "is not UTF-8, GB18030 (GBK) or Big5 text; save it as UTF-8" in result.stdout


# --- --fetch-images ------------------------------------------------------------------------------


def _jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 30, 30)).save(buffer, "JPEG")
    return buffer.getvalue()


class _Handler(http.server.BaseHTTPRequestHandler):
    """Serves a photo, a page that claims to be a photo, a huge photo, and a slow one."""

    def do_GET(self) -> None:
        if self.path.startswith("/slow"):
            threading.Event().wait(3)
        if self.path.startswith(("/photo", "/slow")):
            body, kind = _jpeg(), "image/jpeg"
        elif self.path.startswith("/huge.jpg"):
            body, kind = _jpeg() + b"\0" * 3_000_000, "image/jpeg"
        elif self.path.startswith("/fake.jpg"):
            body, kind = b"<html>not an image</html>", "text/html"
        else:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        """Stay quiet."""


@pytest.fixture
def image_server() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def _article_with_images(folder: Path, base: str) -> Path:
    article = folder / "article.md"
    article.write_text(
        "---\ntitle: 网格员入户走访记\ndate: 2022-06-01\n"
        f"cover: {base}/photo-cover.jpg\n---\n\n"
        "网格员每天走访辖区居民，收集社情民意，及时化解矛盾纠纷。\n\n"
        f"![入户走访](https://cors.zfour.workers.dev/?{base}/photo.jpg)\n\n"
        f"![伪装的图片]({base}/fake.jpg)\n\n![很大的图片]({base}/huge.jpg)\n\n![不存在]({base}/gone.jpg)\n\n"
        "群众满意度不断提高，网格工作得到认可。\n",
        encoding="utf-8",
    )
    return article


def test_fetch_images_downloads_and_rewrites(tmp_path: Path, image_server: str) -> None:
    article = _article_with_images(tmp_path, image_server)
    content = tmp_path / "content"
    result = run(article, "--out", content / "stories", "--fetch-images", "--max-image-mb", "1")
    assert result.returncode == 0, result.stdout + result.stderr
    story = next((content / "stories").glob("*.md")).read_text(encoding="utf-8")
    folder = content / "images" / "wanggeyuan-ruhu-zoufang-ji"
    files = sorted(p.name for p in folder.iterdir())
    assert len(files) == 2 and all(name.endswith(".jpg") for name in files)
    cover = next(name for name in files if name.startswith("photo-cover-"))
    photo = next(name for name in files if name != cover)
    assert f"image: images/wanggeyuan-ruhu-zoufang-ji/{cover}" in story
    assert f"![入户走访](../images/wanggeyuan-ruhu-zoufang-ji/{photo})" in story
    assert f"{image_server}/fake.jpg" in story and f"{image_server}/huge.jpg" in story
    assert "not an image: text/html" in result.stdout
    assert "larger than 1 MB" in result.stdout
    assert "404" in result.stdout or "Not Found" in result.stdout
    check = subprocess.run(
        [GRIDNEWS, "check", str(content)], capture_output=True, text=True, check=False
    )
    assert check.returncode == 0, check.stdout


def test_a_slow_server_times_out_and_keeps_the_remote_address(
    tmp_path: Path, image_server: str
) -> None:
    from gridnews.importer.draft import Options  # noqa: PLC0415
    from gridnews.importer.pipeline import import_bytes  # noqa: PLC0415

    text = f"---\ntitle: 网格员入户走访记\ndate: 2022-06-01\n---\n\n网格员每天走访辖区居民。\n\n![慢]({image_server}/slow.jpg)\n"
    options = Options(fetch_images=True, images_dir=str(tmp_path), image_timeout=0.5)
    result = import_bytes(text.encode(), "slow.md", options)
    assert f"]({image_server}/slow.jpg)" in result.text
    assert any("timed out" in warning for warning in result.draft.warnings)
    shutil.rmtree(tmp_path, ignore_errors=True)
