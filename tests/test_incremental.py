"""Incremental builds: after any kind of change, the output equals a clean build's, byte for byte.

Each test builds a small site with `gridnews build` (as `make html` does), changes one kind of
input, builds again into the same folder, then builds the changed site from nothing into a new
folder and compares the two trees. The caches (story bodies, build state, images) live in the
test's own folder, as they would in CI.
"""

from __future__ import annotations

import filecmp
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import ROOT

STORIES = ("weihai-wendeng-wangge-fuwu.md", "yandu-doumei-wangge.md", "yumen-2021-wangge-jiyi.md")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of a few sample stories, their images, the theme and settings of their own."""
    return make_project(tmp_path)


def make_project(tmp_path: Path) -> Path:
    """Make the project of the `project` fixture in a folder."""
    content = tmp_path / "content"
    (content / "stories").mkdir(parents=True)
    for name in STORIES:
        shutil.copy2(ROOT / "content" / "stories" / name, content / "stories" / name)
    shutil.copytree(ROOT / "content" / "pages", content / "pages")
    shutil.copytree(ROOT / "content" / "images", content / "images")
    shutil.copytree(ROOT / "theme", tmp_path / "theme")
    (tmp_path / "settings.py").write_text(
        "import sys\n"
        f"sys.path.insert(0, {str(ROOT)!r})\n"
        "from pelicanconf import *  # noqa: F403\n"
        f"THEME = {str(tmp_path / 'theme')!r}\n"
        f"GRIDNEWS_ROOT = {str(tmp_path)!r}\n"
        'PLUGINS = [p for p in PLUGINS if p != "search"]  # noqa: F405 - search is tested apart\n',
        encoding="utf-8",
    )
    return tmp_path


def gridnews_build(project: Path, output: str, *extra: str, force: bool = False) -> str:
    """Run `gridnews build` on the project (with force, even if nothing changed); return its log."""
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "gridnews.cli",
            "build",
            str(project / "content"),
            "-o",
            str(project / output),
            "-s",
            str(project / "settings.py"),
            *(["--force"] if force else []),
            "--",
            "--fatal",
            "warnings",
            "-v",
            *extra,
        ],
        capture_output=True,
        text=True,
        cwd=project,
        env={**os.environ, "COLUMNS": "300"},
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout + result.stderr


def renders_skipped(log: str) -> int:
    """How many renders a build's log (`-v`) says it skipped."""
    found = re.search(r"\((\d+) renders skipped\)", log)
    assert found, log
    return int(found.group(1))


def assert_same_tree(built: Path, clean: Path) -> None:
    """Every file in both folders, with the same bytes."""
    built_files = sorted(p.relative_to(built) for p in built.rglob("*") if p.is_file())
    clean_files = sorted(p.relative_to(clean) for p in clean.rglob("*") if p.is_file())
    assert built_files == clean_files
    _, mismatch, errors = filecmp.cmpfiles(built, clean, built_files, shallow=False)
    assert mismatch == [] and errors == []


def rebuild_matches_clean(project: Path, *extra: str) -> str:
    """Build incrementally into output/, and from nothing into clean/; compare; return the log."""
    log = gridnews_build(project, "output", *extra)
    shutil.rmtree(project / "clean", ignore_errors=True)
    gridnews_build(project, "clean", *extra)
    assert_same_tree(project / "output", project / "clean")
    return log


def edit_story(project: Path) -> None:
    story = project / "content" / "stories" / "yandu-doumei-wangge.md"
    story.write_text(story.read_text(encoding="utf-8") + "\n编辑补充的一段话。\n", "utf-8")


def add_story(project: Path) -> None:
    name = "pengzhou-xiao-wangge-da-fuwu.md"
    shutil.copy2(ROOT / "content" / "stories" / name, project / "content" / "stories" / name)


def delete_story(project: Path) -> None:
    (project / "content" / "stories" / "yandu-doumei-wangge.md").unlink()


def edit_style_sheet(project: Path) -> None:
    sheet = project / "theme" / "static" / "css" / "site.css"
    sheet.write_text(sheet.read_text(encoding="utf-8") + "\n#story-edited { color: red; }\n")


def edit_template(project: Path) -> None:
    template = project / "theme" / "templates" / "article.html"
    text = template.read_text(encoding="utf-8")
    template.write_text(text.replace("</article>", "<p>模板已修改</p></article>", 1), "utf-8")


def edit_settings(project: Path) -> None:
    settings = project / "settings.py"
    settings.write_text(
        settings.read_text(encoding="utf-8") + 'SITENAME = "盐都网格新闻"\n', "utf-8"
    )


def change_image(project: Path, name: str = "cover.jpg") -> None:
    from PIL import Image  # noqa: PLC0415

    photo = project / "content" / "images" / "yumen-2021" / name
    with Image.open(photo) as image:
        image.crop((0, 0, image.width // 2, image.height // 2)).save(photo, quality=90)


def test_after_each_kind_of_change_the_output_equals_a_clean_build(project: Path) -> None:
    """One site goes through every kind of change in turn; after each, the incremental output
    is compared with a build from nothing, and the rebuild shows it did only what it had to."""
    output = project / "output"
    gridnews_build(project, "output")
    page = output / "stories" / "yandu-doumei-wangge" / "index.html"
    other = output / "stories" / "yumen-2021-wangge-jiyi" / "index.html"

    times = {p: p.stat().st_mtime_ns for p in output.rglob("*.html")}
    kept = [output / "sitemap.xml", output / "theme" / "css" / "site.css"]
    kept_times = [path.stat().st_mtime_ns for path in kept]
    edit_story(project)
    log = rebuild_matches_clean(project)
    assert "Stories: 1 read" in log
    # the edit changes no address or date, nor the theme: the sitemap and the style sheet have
    # the same bytes, so their files are left alone (readers' caches and rsync go by the time)
    assert [path.stat().st_mtime_ns for path in kept] == kept_times
    # rendered once ahead of the reader, then found by it with the three other bodies
    assert "Story bodies: 4 from the cache, 1 rendered" in log
    changed = {p for p, t in times.items() if p.stat().st_mtime_ns != t}
    assert page in changed and other not in changed
    assert len(changed) < len(times) / 2
    # pages that do not show the story were not even rendered (on a three-story site most
    # pages list every story, so only a few are left: the about page, the other workers...)
    assert renders_skipped(log) >= 10, log
    # what the rebuild recorded of its files (kept or written) is what is on disk: a build made
    # anyway finds every page as recorded, and writes none
    assert "Pages: 0 written" in gridnews_build(project, "output", force=True)

    add_story(project)
    rebuild_matches_clean(project)
    assert (output / "stories" / "pengzhou-xiao-wangge-da-fuwu" / "index.html").exists()

    delete_story(project)
    log = rebuild_matches_clean(project)
    assert not page.exists()
    assert "removed" in log

    # templates compiled by earlier builds are kept; an edited one is compiled again
    assert list((project / "cache" / "build" / "templates").glob("*.cache"))
    edit_template(project)
    rebuild_matches_clean(project)
    assert "模板已修改" in other.read_text(encoding="utf-8")

    edit_style_sheet(project)
    log = rebuild_matches_clean(project)
    assert "Theme files: 1 written" in log
    assert "#story-edited" in (output / "theme" / "css" / "site.css").read_text(encoding="utf-8")

    edit_settings(project)
    rebuild_matches_clean(project)
    assert "盐都网格新闻" in (output / "index.html").read_text(encoding="utf-8")

    times = {p: p.stat().st_mtime_ns for p in output.rglob("*.html")}
    change_image(project)
    log = rebuild_matches_clean(project)
    assert "Images: 1 processed" in log
    # only the pages that show the photo are made again: its story's page, not the others
    remade = [
        p.relative_to(output).as_posix() for p, t in times.items() if p.stat().st_mtime_ns != t
    ]
    assert remade == ["stories/yumen-2021-wangge-jiyi/index.html"], log
    from PIL import Image  # noqa: PLC0415

    with Image.open(project / "content" / "images" / "yumen-2021" / "cover.jpg") as image:
        assert f'width="{image.width}"' in other.read_text(encoding="utf-8")

    # a photo in the story's text (1200 x 800, now cut to half) is in the site's feed too, which
    # is made again with it
    change_image(project, "visit.jpg")
    rebuild_matches_clean(project)
    feed = (output / "feeds" / "all.atom.xml").read_text(encoding="utf-8")
    assert 'width="600" height="400"' in feed


def test_editing_a_story_renders_only_the_list_pages_that_show_it(project: Path) -> None:
    """With one story per list page, an edit re-renders the index page that shows the story
    and the one that shows its neighbour (a story's record includes its previous and next
    story); the third page is neither rendered nor written, and the output equals a clean
    build. Before list pages were keyed page by page, every page of the list was rendered."""
    one_per_page = ("-e", "DEFAULT_PAGINATION=1", "-D")
    gridnews_build(project, "output", *one_per_page)
    index_pages = ["index.html", "page/2/index.html", "page/3/index.html"]
    shown = {
        name: set(re.findall(r"stories/([a-z0-9-]+)/", (project / "output" / name).read_text()))
        for name in index_pages
    }
    # newest first: the edited story, then its neighbour, then the neighbour's neighbour
    assert [sorted(s) for s in shown.values()] == [
        ["yandu-doumei-wangge"],
        ["yumen-2021-wangge-jiyi"],
        ["weihai-wendeng-wangge-fuwu"],
    ]
    edit_story(project)
    log = rebuild_matches_clean(project, *one_per_page)
    kept = [name for name in index_pages if f"not rendered: {name}" in log]
    assert kept == ["page/3/index.html"], log


def test_a_feed_is_made_again_only_when_a_story_it_shows_changed(project: Path) -> None:
    """With one story per feed, editing the oldest story leaves the site's feed unmade; editing
    the newest makes it again with the new text. Both times the output equals a clean build."""
    one_item = ("-e", "FEED_MAX_ITEMS=1", "-D")
    gridnews_build(project, "output", *one_item)
    feed = project / "output" / "feeds" / "all.atom.xml"
    assert "stories/yandu-doumei-wangge/" in feed.read_text(encoding="utf-8")  # the newest
    oldest = project / "content" / "stories" / "weihai-wendeng-wangge-fuwu.md"
    oldest.write_text(oldest.read_text(encoding="utf-8") + "\n旧稿补充。\n", "utf-8")
    log = rebuild_matches_clean(project, *one_item)
    assert "Unchanged feed, not made: feeds/all.atom.xml" in log, log
    edit_story(project)
    log = rebuild_matches_clean(project, *one_item)
    assert "not made: feeds/all.atom.xml" not in log
    assert "编辑补充的一段话" in feed.read_text(encoding="utf-8")


def test_nothing_changed_is_answered_at_once_and_touches_nothing(project: Path) -> None:
    gridnews_build(project, "output")
    output = project / "output"
    times = {p: p.stat().st_mtime_ns for p in output.rglob("*") if p.is_file()}
    log = gridnews_build(project, "output")
    assert "Nothing changed" in log
    assert {p: p.stat().st_mtime_ns for p in output.rglob("*") if p.is_file()} == times
    # a page removed by hand is noticed, and made again
    (output / "index.html").unlink()
    log = gridnews_build(project, "output")
    assert "Nothing changed" not in log
    assert (output / "index.html").exists()


def test_a_changed_plugin_shows_in_the_output(project: Path) -> None:
    """A plugin of the site's own whose code changes between builds, though no value a page
    is made from does (a template filter): every page that uses it shows the change, and the
    output equals a clean build's."""
    plugins = project / "local-plugins" / "stamp"
    plugins.mkdir(parents=True)
    code = (
        "from pelican import signals\n"
        "def stamp(text):\n"
        "    return {word!r} + text\n"
        "def add_filter(generator):\n"
        "    generator.env.filters['stamp'] = stamp\n"
        "def register():\n"
        "    signals.generator_init.connect(add_filter)\n"
    )
    (plugins / "__init__.py").write_text(code.format(word="插件第一版"), "utf-8")
    settings = project / "settings.py"
    settings.write_text(
        settings.read_text(encoding="utf-8")
        + f"PLUGIN_PATHS = [*PLUGIN_PATHS, {str(project / 'local-plugins')!r}]  # noqa: F405\n"
        + 'PLUGINS = [*PLUGINS, "stamp"]\n',
        "utf-8",
    )
    template = project / "theme" / "templates" / "article.html"
    text = template.read_text(encoding="utf-8")
    template.write_text(
        text.replace("</article>", "<p>{{ article.title | stamp }}</p></article>", 1),
        "utf-8",
    )
    gridnews_build(project, "output")
    page = project / "output" / "stories" / "yandu-doumei-wangge" / "index.html"
    assert "插件第一版" in page.read_text(encoding="utf-8")

    (plugins / "__init__.py").write_text(code.format(word="插件第二版"), "utf-8")
    rebuild_matches_clean(project)
    assert "插件第二版" in page.read_text(encoding="utf-8")
    assert "插件第一版" not in page.read_text(encoding="utf-8")


def test_a_plugin_file_is_written_only_when_its_bytes_change(tmp_path: Path) -> None:
    from gridnews import buildstate  # noqa: PLC0415

    target = tmp_path / "output" / "events.json"
    assert buildstate.write_output(target, b"[1]")
    stamp = target.stat().st_mtime_ns
    assert not buildstate.write_output(target, b"[1]")
    assert target.stat().st_mtime_ns == stamp
    assert buildstate.write_output(target, b"[1, 2]")
    assert target.read_bytes() == b"[1, 2]"
    # a link in the output is replaced, never written through to what it points at
    source = tmp_path / "theme" / "site.css"
    source.parent.mkdir()
    source.write_text("a {}")
    linked = tmp_path / "output" / "site.css"
    linked.symlink_to(source)
    assert buildstate.write_output(linked, b"a {}")
    assert not linked.is_symlink()
    assert source.read_text() == "a {}"
    assert buildstate.take_recorded() >= {str(target), str(linked)}
    assert sorted(p.name for p in target.parent.iterdir()) == ["events.json", "site.css"]


def test_theme_files_go_where_pelican_puts_them_and_a_missing_path_is_named(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    from incremental.theme_files import copy_theme_paths  # noqa: PLC0415

    class Generator:
        settings = {"IGNORE_FILES": [".#*"]}  # noqa: RUF012 - Pelican's settings are a dict

    static = tmp_path / "theme" / "static"
    (static / "css").mkdir(parents=True)
    (static / "css" / "site.css").write_text("body {}")
    (static / "css" / ".#site.css").write_text("an editor's lock file")
    output = tmp_path / "output"
    with caplog.at_level("WARNING"):
        copy_theme_paths(
            Generator(), ["static", "fonts"], str(tmp_path / "theme"), "theme", str(output), "."
        )
    assert sorted(p.relative_to(output).as_posix() for p in output.rglob("*") if p.is_file()) == [
        "theme/css/site.css"
    ]
    assert "THEME_STATIC_PATHS names" in caplog.text
    assert str(tmp_path / "theme" / "fonts") in caplog.text


def test_compiled_templates_are_kept_and_a_lost_cache_folder_is_no_error(tmp_path: Path) -> None:
    """Templates compiled once are loaded from the build cache; when the folder goes away (the
    build cache deleted while the development server runs), templates are compiled and the
    folder made again."""
    from incremental import incremental  # noqa: PLC0415
    from jinja2 import DictLoader, Environment  # noqa: PLC0415

    folder = tmp_path / "templates"
    cache = incremental._TemplateCache(str(folder))

    def render() -> str:
        environment = Environment(
            loader=DictLoader({"page.html": "{{ SITENAME }}：网格动态"}), bytecode_cache=cache
        )
        return environment.get_template("page.html").render(SITENAME="盐都网格")

    assert render() == "盐都网格：网格动态"
    assert len(list(folder.glob("*.cache"))) == 1
    shutil.rmtree(folder)
    assert render() == "盐都网格：网格动态"
    assert len(list(folder.glob("*.cache"))) == 1


def test_the_output_trees_digest_follows_every_file_but_not_linked_folders(tmp_path: Path) -> None:
    """What a build records of its output folder, for `Nothing changed`: each file's name, size
    and time; a folder linked in (say, to a shared image store) is not read."""
    from gridnews.build import tree_digest  # noqa: PLC0415

    output = tmp_path / "output"
    page = output / "stories" / "a" / "index.html"
    page.parent.mkdir(parents=True)
    page.write_text("<p>网格员走访</p>", encoding="utf-8")
    (output / "index.html").write_text("首页", encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "big.jpg").write_bytes(b"x" * 10)
    (output / "linked").symlink_to(elsewhere, target_is_directory=True)
    first = tree_digest(output)
    assert tree_digest(output) == first
    (elsewhere / "big.jpg").write_bytes(b"y" * 20)  # behind a link: not part of the output's record
    assert tree_digest(output) == first
    info = page.stat()
    os.utime(page, ns=(info.st_atime_ns, info.st_mtime_ns + 1_000_000))
    touched = tree_digest(output)
    assert touched != first
    page.unlink()
    assert tree_digest(output) not in {first, touched}


def test_the_build_state_is_read_once_and_each_reader_gets_its_own_top_level(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A build reads its state four times; the text is parsed once while the file is the one
    last read or written, and again as soon as another process has written it."""
    from gridnews import buildstate  # noqa: PLC0415

    cache, output = tmp_path / "cache", tmp_path / "out"
    output.mkdir()
    outputs = {
        "stories/a/index.html": ["d1", 120, 1_700_000_000_000_000_000, [["image", "a.jpg"]], ""]
    }
    buildstate.save(cache, output, {"outputs": outputs, "calls": {"k": ["stories/a/index.html"]}})
    parsed = []
    real_loads = buildstate.json.loads
    monkeypatch.setattr(buildstate.json, "loads", lambda text: parsed.append(1) or real_loads(text))
    first = buildstate.load(cache, output)
    on_disk = real_loads(buildstate.state_file(cache, output).read_text(encoding="utf-8"))
    assert first == on_disk and parsed == []  # what was written, as JSON gives it back
    first["fingerprint"] = "changed by one reader"
    assert "fingerprint" not in buildstate.load(cache, output)
    # another process writes the file: its new text is read
    on_disk["outputs"] = {}
    path = buildstate.state_file(cache, output)
    other = path.with_name("other.json")
    other.write_text(buildstate.json.dumps(on_disk), encoding="utf-8")
    other.replace(path)
    assert buildstate.load(cache, output)["outputs"] == {} and parsed == [1]
    assert buildstate.load(cache, output)["outputs"] == {} and parsed == [1]


def test_the_state_of_an_output_folder_that_is_gone_is_dropped(tmp_path: Path) -> None:
    """However many pages a build recorded, the next save finds the folder a state is for."""
    from gridnews import buildstate  # noqa: PLC0415

    cache, gone, kept = tmp_path / "cache", tmp_path / "gone", tmp_path / "kept"
    gone.mkdir()
    kept.mkdir()
    many = {f"k{n}": [f"stories/s{n}/index.html"] for n in range(2000)}  # well past 4 KB
    buildstate.save(cache, gone, {"outputs": {}, "calls": many})
    buildstate.save(cache, kept, {"outputs": {}, "calls": many})
    assert buildstate.state_file(cache, gone).is_file()
    gone.rmdir()
    buildstate.save(cache, kept, {"outputs": {}, "calls": {}})
    assert not buildstate.state_file(cache, gone).exists()
    assert buildstate.state_file(cache, kept).is_file()


def test_with_pelicans_content_cache_off_no_file_is_stamped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pelican's content cache takes each file's time before asking an empty cache for it;
    with the cache off, the generators' and readers' caches answer "not cached" at once."""
    from incremental import incremental  # noqa: PLC0415
    from pelican.cache import FileStampDataCacher  # noqa: PLC0415
    from pelican.settings import DEFAULT_CONFIG  # noqa: PLC0415

    class Generator(FileStampDataCacher):
        def __init__(self, caching: bool) -> None:
            self.settings = {
                **DEFAULT_CONFIG,
                "CACHE_PATH": str(tmp_path),
                "CACHE_CONTENT": caching,
                "LOAD_CONTENT_CACHE": caching,
            }
            super().__init__(self.settings, "Generator", caching, caching)
            self.readers = FileStampDataCacher(self.settings, "Readers", caching, caching)

    def refuse(filename: str) -> float:
        raise AssertionError(f"{filename} was stamped")

    off, on = Generator(caching=False), Generator(caching=True)
    for generator in (off, on):
        incremental.skip_file_stamps(generator)
        for cacher in (generator, generator.readers):
            monkeypatch.setattr(cacher, "_filestamp_func", refuse)
    for cacher in (off, off.readers):
        cacher.cache_data("stories/a.md", "read")
        assert cacher.get_cached_data("stories/a.md", "not cached") == "not cached"
    for cacher in (on, on.readers):  # a cache in use still checks the file's time
        with pytest.raises(AssertionError, match="was stamped"):
            cacher.get_cached_data("stories/a.md", "not cached")
