"""Site search: the Pagefind index of the content pages, and the /search/ page in a browser."""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import pytest
from search import bundle, indexer, search
from search.documents import PARTS_CLOSE, PARTS_OPEN, SearchDocument, index_html, tails

from browser import serve
from helpers import ROOT, Build, build_site, story, write_files

WORKER = "workers/yangweicai-pengzhou/"  # 杨维彩 of 彭州市, in the sample content
STORY = "stories/pengzhou-xiao-wangge-da-fuwu/"
LABEL = "搜索新闻、网格员、网格、活动和地区"  # the search field's label


def fragments(output: Path) -> dict[str, dict[str, Any]]:
    """Every indexed page's record (url, content, filters, meta), by site-relative URL."""
    out = {}
    for path in sorted(output.glob("pagefind*/fragment/*.pf_fragment")):
        raw = gzip.decompress(path.read_bytes())
        assert raw.startswith(bundle.SIGNATURE)
        record = json.loads(raw[len(bundle.SIGNATURE) :])
        out[record["url"].lstrip("/")] = record
    return out


@pytest.fixture(scope="session")
def indexed(site: Build) -> dict[str, dict[str, Any]]:
    return fragments(site.output)


# --- the index --------------------------------------------------------------------------------


def test_the_index_and_pagefinds_own_ui_are_written(site: Build) -> None:
    folder = site.output / "pagefind"
    for name in ("pagefind.js", "pagefind-ui.js", "pagefind-ui.css", "pagefind-entry.json"):
        assert (folder / name).is_file(), name
    entry = json.loads((folder / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert list(entry["languages"]) == ["zh-cn"]
    assert entry["languages"]["zh-cn"]["page_count"] == len(fragments(site.output))
    assert list((folder / "filter").glob("*.pf_filter"))


def test_only_content_pages_are_indexed(site: Build, indexed: dict[str, Any]) -> None:
    urls = set(indexed)
    stories = {f"stories/{p.parent.name}/" for p in site.output.glob("stories/*/index.html")}
    holders = {
        p.parent.relative_to(site.output).as_posix() + "/"
        for pattern in ("workers/*/index.html", "grids/*/index.html", "events/*/index.html")
        for p in site.output.glob(pattern)
    }
    assert stories and holders
    assert stories | holders | {"about/"} <= urls
    assert "recaps/2018/" in urls and "recaps/2018/sichuan-chengdu-pengzhou/" in urls
    assert "regions/sichuan/chengdu/pengzhou/" in urls
    lists = ("", "archives/", "tags/", "categories/", "authors/", "honours/", "workers/")
    for url in urls:
        assert (site.output / url / "index.html").is_file(), url
        assert url not in lists, url
        assert not url.startswith(("tags/", "categories/", "authors/", "archives/", "search/")), url
        assert not url.startswith("honours/"), url
    assert "regions/" not in urls and "recaps/" not in urls and "events/" not in urls


def test_pages_carry_kind_province_and_year_filters(indexed: dict[str, Any]) -> None:
    assert indexed[WORKER]["filters"] == {
        "类别": ["网格员", "荣誉"],
        "省份": ["四川省"],
        "年份": ["2018"],
    }
    assert indexed[WORKER]["meta"]["title"] == "杨维彩（网格员）"
    assert indexed[STORY]["filters"] == {
        "类别": ["新闻", "荣誉"],
        "省份": ["四川省"],
        "年份": ["2019"],
    }
    event = next(url for url in indexed if url.startswith("events/"))
    assert indexed[event]["filters"] == {"类别": ["活动"], "省份": ["江苏省"], "年份": ["2022"]}
    grid = next(url for url in indexed if url.startswith("grids/"))
    assert indexed[grid]["filters"]["类别"] == ["网格", "荣誉"]
    region = indexed["regions/sichuan/chengdu/pengzhou/"]
    assert region["filters"] == {"类别": ["地区"], "省份": ["四川省"]}
    assert region["meta"]["title"] == "四川省成都市彭州市"
    assert indexed["recaps/2021/gansu-jiuquan-yumen/"]["filters"]["省份"] == ["甘肃省"]
    assert indexed["about/"]["filters"] == {"类别": ["页面"]}
    kinds = {kind for record in indexed.values() for kind in record["filters"]["类别"]}
    assert kinds == {"新闻", "荣誉", "活动", "网格员", "网格", "年度回顾", "地区", "页面"}


def test_header_footer_and_navigation_are_left_out(indexed: dict[str, Any]) -> None:
    # The site's name and subtitle are on every page, outside <main>: no page may match them.
    for record in indexed.values():
        assert "网格化服务管理新闻与光荣榜" not in record["content"].replace("\u200b", "")


def test_name_parts_are_indexed_but_never_published(site: Build, indexed: dict[str, Any]) -> None:
    content = indexed[WORKER]["content"].replace("\u200b", "")
    assert f"{PARTS_OPEN}维彩{PARTS_CLOSE}" in content
    assert f"{PARTS_OPEN}维彩{PARTS_CLOSE}" in indexed[STORY]["content"].replace("\u200b", "")
    for page in site.output.rglob("*.html"):
        if page != site.output / "search/index.html":  # which knows the marks, to hide them
            assert PARTS_OPEN not in page.read_text(encoding="utf-8"), page


def test_tails_of_a_name() -> None:
    assert tails("杨维彩") == ["维彩", "彩"]
    assert tails("欧阳娜娜") == ["阳娜娜", "娜娜", "娜"]
    assert tails("张") == []
    assert tails("朝阳中路社区 008网格")[:2] == ["阳中路社区008网格", "中路社区008网格"]


def test_the_indexed_copy_adds_body_filters_and_parts() -> None:
    page = (
        '<html><body><header>网格新闻</header><main id="main"><h1>杨维彩</h1><p>网格员。</p>'
        "<footer><p>光荣榜</p></footer></main></body></html>"
    )
    document = SearchDocument(
        WORKER, WORKER + "index.html", ("网格员",), ("四川省",), (2018,), ("杨维彩",)
    )
    html = index_html(page, document, terms=("网格员", "光荣榜"))
    assert html is not None
    assert '<main data-pagefind-body id="main">' in html
    assert "<header>" not in html  # the site's header, outside <main>
    assert "<h1>杨维彩</h1><p>⟦格员⟧ ⟦员⟧ ⟦维彩⟧ ⟦彩⟧</p><p>网格员。</p>" in html
    assert "⟦荣榜⟧" not in html  # 光荣榜 is only in the footer, which Pagefind leaves out
    assert '<span data-pagefind-filter="省份:四川省"></span>' in html
    assert '<span data-pagefind-filter="年份:2018"></span>' in html
    without = index_html(page, document, name_parts=False, terms=())
    assert without is not None and PARTS_OPEN not in without
    assert index_html("<html><body><p>没有 main</p></body></html>", document) is None


# --- the search page --------------------------------------------------------------------------


def test_search_page_loads_pagefind_ui_from_the_site(site: Build) -> None:
    page = site.page("search/")
    assert page.find("h1").get_text() == "搜索"
    assert page.find("label", id="search-label")
    assert page.select_one("#search")
    addresses = [
        tag.get("src") or tag.get("href") for tag in page.select("script[src], link[href]")
    ]
    for address in addresses:
        assert not urlsplit(address).scheme and not address.startswith("//"), address
    local = [a for a in addresses if "pagefind" in a or "search.css" in a]
    assert sorted(Path(a).name for a in local) == [
        "pagefind-ui.css",
        "pagefind-ui.js",
        "search.css",
    ]
    for address in local:
        assert (site.output / "search" / address).resolve().is_file(), address
    assert "search.css" not in site.page("").decode()


def test_the_filter_order_is_made_stable(site: Build, tmp_path: Path) -> None:
    copy = tmp_path / "pagefind"
    shutil.copytree(site.output / "pagefind", copy)
    bundle.make_stable(copy)  # already in order: nothing changes
    before = {
        p.relative_to(site.output / "pagefind"): p.read_bytes()
        for p in (site.output / "pagefind").rglob("*")
        if p.is_file()
    }
    after = {p.relative_to(copy): p.read_bytes() for p in copy.rglob("*") if p.is_file()}
    assert before == after


def test_cbor_round_trip() -> None:
    value = ["1.5.2", [["zh-cn_abc", 24], ["类别", [0, 1, 65535, 70000]]], {"title": b"\x00"}, []]
    assert bundle.decode(bundle.encode(value)) == value
    with pytest.raises(bundle.BundleFormatError):
        bundle.decode(bundle.encode(value) + b"\x00")


# --- failures -----------------------------------------------------------------------------------


@pytest.fixture
def small_content(tmp_path: Path) -> Path:
    return write_files(
        tmp_path / "content",
        {"stories/a.md": story("网格员走访", slug="a", region="四川省/成都市/彭州市")},
    )


def test_a_failed_index_is_an_error_and_the_site_is_still_built(
    small_content: Path, tmp_path: Path
) -> None:
    extra = ["-e", "GRIDNEWS_SEARCH_TIMEOUT=0.001"]
    build = build_site(small_content, tmp_path / "out", fatal=False, extra=extra)
    assert build.returncode == 0, build.log
    log = " ".join(build.log.split())
    assert "Search index not written" in log and "GRIDNEWS_SEARCH_TIMEOUT" in log
    assert (tmp_path / "out/stories/a/index.html").is_file()
    assert (tmp_path / "out/search/index.html").is_file()
    assert not (tmp_path / "out/pagefind").exists()
    assert not list((tmp_path / "out").glob(".pagefind-*"))
    strict = build_site(small_content, tmp_path / "strict", extra=extra)
    assert strict.returncode != 0


def test_a_small_site_is_indexed(small_content: Path, tmp_path: Path) -> None:
    build = build_site(small_content, tmp_path / "out")
    assert build.returncode == 0, build.log
    assert set(fragments(build.output)) == {
        "stories/a/",
        "regions/sichuan/",
        "regions/sichuan/chengdu/",
        "regions/sichuan/chengdu/pengzhou/",
    }


def test_a_site_with_nothing_to_index_builds_without_an_index(tmp_path: Path) -> None:
    content = write_files(tmp_path / "content", {"stories/a.md": story("草稿", status="draft")})
    build = build_site(content, tmp_path / "out")
    assert build.returncode == 0, build.log
    assert (tmp_path / "out/search/index.html").is_file()
    assert not (tmp_path / "out/pagefind").exists()


# --- shards ---------------------------------------------------------------------------------


def _document(path: str) -> SearchDocument:
    return SearchDocument(url=path.removesuffix("index.html"), path=path, kinds=("新闻",))


def test_pages_keep_their_shard_as_the_site_grows() -> None:
    docs = [_document(f"stories/s{n}/index.html") for n in range(40)]
    shards = search.plan(docs, {"GRIDNEWS_SEARCH_SHARD_PAGES": 10})
    assert list(shards) == ["pagefind", "pagefind-2", "pagefind-3", "pagefind-4"]
    assert sorted(d.path for docs in shards.values() for d in docs) == sorted(d.path for d in docs)
    assert all(5 <= len(docs) <= 15 for docs in shards.values())  # spread, not piled up
    grown = search.plan(
        [*docs, _document("stories/new/index.html")], {"GRIDNEWS_SEARCH_SHARD_PAGES": 12}
    )
    before = {d.path: name for name, docs in shards.items() for d in docs}
    after = {d.path: name for name, docs in grown.items() for d in docs}
    assert all(after[path] == shard for path, shard in before.items())
    assert list(search.plan(docs[:3], {})) == ["pagefind"]


def test_shards_are_indexed_two_at_a_time_only_when_memory_allows() -> None:
    # A cold build's process held about 340 MiB while it indexed at 4,000 stories, 580 to 610 MiB
    # at 16,000 (docs/performance.md); 730 MiB stands for a larger site.
    # Pagefind holds about 210 MiB for a shard of 500 pages, 360 MiB for 1,000.
    assert search.shards_at_once(385, 500, 1024) == 2
    assert search.shards_at_once(385, 1000, 1024) == 1
    assert search.shards_at_once(730, 500, 1024) == 1
    assert search.shards_at_once(730, 250, 1024) == 2  # smaller shards fit two at a time
    assert search.shards_at_once(2000, 500, 1024) == 1  # never fewer than one


def _sharded_site(tmp_path: Path) -> Path:
    """Twelve stories in three provinces, to be indexed as several shards."""
    regions = ("四川省/成都市/彭州市", "江苏省/苏州市/昆山市", "山东省/威海市/文登区")
    return write_files(
        tmp_path / "content",
        {
            f"stories/s{n}.md": story(
                f"网格员走访第{n}户",
                body=f"网格员入户走访，记下第{n}户的诉求。",
                slug=f"s{n}",
                region=regions[n % 3],
            )
            for n in range(12)
        },
    )


def _bundles(output: Path) -> dict[str, bytes]:
    return {
        p.relative_to(output).as_posix(): p.read_bytes()
        for p in output.glob("pagefind*/**/*")
        if p.is_file()
    }


def test_a_shards_key_takes_a_pages_recorded_digest_while_its_file_is_as_recorded(
    tmp_path: Path,
) -> None:
    """The build's record of a page stands for its bytes while the file keeps the recorded size
    and time; once the file differs from the record (or there is none), its bytes count."""
    page = tmp_path / "stories" / "a" / "index.html"
    page.parent.mkdir(parents=True)
    page.write_text("<main>网格员走访</main>", encoding="utf-8")
    docs = [SearchDocument("stories/a/", "stories/a/index.html", ("story",))]
    info = page.stat()
    recorded = {"stories/a/index.html": ["digest-1", info.st_size, info.st_mtime_ns]}

    def key(record: dict[str, Any]) -> str:
        return search._shard_key("salt", tmp_path, docs, record)

    by_record, by_bytes = key(recorded), key({})
    assert by_record != by_bytes
    # the record names what the page was made from: another digest is another key
    assert key({"stories/a/index.html": ["digest-2", info.st_size, info.st_mtime_ns]}) != by_record
    # rewritten: the file's time no longer matches the record, so its new bytes count
    page.write_text("<main>网格员夜访</main>", encoding="utf-8")
    os.utime(page, ns=(info.st_atime_ns, info.st_mtime_ns + 1_000_000))
    assert key(recorded) == key({}) != by_bytes
    # a page without a recorded digest (a plugin's file) counts by its bytes
    assert key({"stories/a/index.html": ["", info.st_size, info.st_mtime_ns]}) == key({})


def test_a_change_reindexes_only_its_shard_and_equals_a_clean_build(tmp_path: Path) -> None:
    content = _sharded_site(tmp_path)
    shards = ["-e", "GRIDNEWS_SEARCH_SHARD_PAGES=5", "-v"]
    first = build_site(content, tmp_path / "out", extra=shards)
    count = len(list(first.output.glob("pagefind*")))
    assert count >= 3 and "unchanged" in first.log
    per_bundle = [
        len(list(b.glob("fragment/*.pf_fragment"))) for b in first.output.glob("pagefind*")
    ]
    assert all(per_bundle) and sum(per_bundle) == len(fragments(first.output))  # each page once
    # every shard is new: all are indexed at the end, none while the pages are written
    assert "0 indexed while the pages were written" in " ".join(first.log.split())
    again = build_site(content, tmp_path / "out", extra=shards)
    assert f"into 0 of {count} bundles" in " ".join(again.log.split())
    story_file = content / "stories/s4.md"
    story_file.write_text(story_file.read_text(encoding="utf-8") + "\n补充：走访时发现一处隐患。\n")
    edited = build_site(content, tmp_path / "out", extra=shards)
    assert f"into 1 of {count} bundles" in " ".join(edited.log.split())
    # the story's shard was indexed while the other sections were written, and kept
    assert "1 indexed while the pages were written" in " ".join(edited.log.split())
    assert not list(edited.output.glob(".pagefind-*"))
    assert "走访时发现一处隐患" in fragments(edited.output)["stories/s4/"]["content"].replace(
        "\u200b", ""
    )
    # The clean build has no memory to spare: its shards are indexed one at a time, alike.
    one_at_a_time = ["-e", "GRIDNEWS_SEARCH_SHARD_PAGES=5", "GRIDNEWS_SEARCH_MEMORY_MIB=1", "-v"]
    clean = build_site(content, tmp_path / "clean", extra=one_at_a_time)
    assert "one shard at a time" in " ".join(clean.log.split())
    assert "one shard at a time" not in " ".join(edited.log.split())
    assert _bundles(edited.output) == _bundles(clean.output)
    (content / "stories/s4.md").unlink()
    for n in range(5, 12):
        (content / f"stories/s{n}.md").unlink()
    shrunk = build_site(content, tmp_path / "out", extra=shards)
    assert (
        len(list(shrunk.output.glob("pagefind*"))) < count
    )  # the shards it no longer has are gone
    assert _bundles(shrunk.output) == _bundles(
        build_site(content, tmp_path / "clean2", extra=shards).output
    )


def test_a_shard_indexed_early_is_indexed_again_when_a_later_page_changes_it(
    tmp_path: Path,
) -> None:
    """A new title shows on the story's page, written first, and on its region's page, written
    later: the index made from the shard as it was after the stories is out of date, dropped,
    and made again, so the output still equals a clean build's."""
    content = _sharded_site(tmp_path)
    built = build_site(content, tmp_path / "out", extra=["-v"])  # one shard: every page in it
    assert built.returncode == 0, built.log
    region_page = next((built.output / "regions").glob("**/kunshan*/index.html"))
    story_file = content / "stories/s1.md"
    story_file.write_text(
        story_file.read_text(encoding="utf-8").replace("网格员走访第1户", "网格员夜访第1户")
    )
    edited = build_site(content, tmp_path / "out", extra=["-v"])
    log = " ".join(edited.log.split())
    assert "网格员夜访第1户" in region_page.read_text(encoding="utf-8")
    assert "pages of pagefind/ changed after it was indexed early; indexed again" in log
    assert "0 indexed while the pages were written" in log
    assert "夜访" in fragments(edited.output)["stories/s1/"]["content"].replace("\u200b", "")
    assert not list(edited.output.glob(".pagefind-*"))  # the early bundle is gone
    clean = build_site(content, tmp_path / "clean")
    assert _bundles(edited.output) == _bundles(clean.output)


def test_early_runs_left_by_a_failed_build_are_stopped_and_removed(tmp_path: Path) -> None:
    """A build that fails after the stories are written never reaches the end, where an early
    shard is put in place or dropped: at exit (or at the next build) its run is stopped, and
    neither its bundle nor its staged pages are left behind."""
    document = SearchDocument("stories/a/", "stories/a/index.html", ("story",))
    html = index_html("<main><h1>网格员走访</h1><p>入户走访。</p></main>", document)
    assert html is not None
    output = tmp_path / "out"
    run = indexer.StartedIndex(output, [(document.path, html)], "zh-cn")
    staging = Path(run._staging.name)
    assert staging.is_dir() and len(list(output.glob(".pagefind-*"))) == 1
    search._early[str(output)] = {"pagefind": search._Early("key", run, 1)}
    search._discard_all_early()
    assert search._early == {}
    assert run._process.poll() is not None  # stopped, or had ended
    assert not list(output.glob(".pagefind-*")) and not staging.exists()
    assert not (output / "pagefind").exists()  # nothing was put in place


# --- in a browser -----------------------------------------------------------------------------


def _results(page: Any) -> list[str]:
    """The site paths the result links point to (sub-results left out)."""
    links = page.locator(".pagefind-ui__result > .pagefind-ui__result-inner > p > a")
    hrefs = links.evaluate_all("links => links.map((a) => a.href)")
    return [urlsplit(href).path.lstrip("/") for href in hrefs]


def _count(page: Any) -> int:
    """The number of results the message states (0 when it says there are none)."""
    found = re.search(r"找到 (\d+) 个", page.locator(".pagefind-ui__message").inner_text())
    return int(found.group(1)) if found else 0


def _wait_for_results(page: Any, query: str) -> None:
    """Wait until the page says what it found for a query, and shows that many results."""
    page.locator(".pagefind-ui__message", has_text=f"与“{query}”相关的结果").wait_for()
    if _count(page):
        page.locator(".pagefind-ui__result").first.wait_for()


def _search(page: Any, base: str, query: str) -> None:
    """Open the search page and type a query."""
    page.goto(base + "search/")
    page.get_by_label(LABEL).fill(query)
    _wait_for_results(page, query)


@pytest.fixture(scope="session")
def sharded_site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The sample site with its index cut into shards of ten pages, served on 127.0.0.1."""
    output = tmp_path_factory.mktemp("sharded")
    build = build_site(ROOT / "content", output, extra=["-e", "GRIDNEWS_SEARCH_SHARD_PAGES=10"])
    assert build.returncode == 0, build.log
    assert (output / "pagefind-3/pagefind-entry.json").is_file()
    with serve(output) as url:
        yield url


@pytest.fixture(params=["one bundle", "shards"])
def search_url(request: pytest.FixtureRequest, site_url: str) -> str:
    """The sample site, indexed in one bundle and in several merged by the search page."""
    return (
        site_url if request.param == "one bundle" else request.getfixturevalue("sharded_site_url")
    )


@pytest.fixture
def search_page(browser: Any, search_url: str) -> Any:
    page = browser.new_page()
    outside: list[str] = []
    page.on(
        "request", lambda r: outside.append(r.url) if not r.url.startswith(search_url) else None
    )
    yield page
    page.close()
    assert outside == []


@pytest.mark.slow
def test_typing_a_word_finds_pages(search_page: Any, search_url: str) -> None:
    _search(search_page, search_url, "网格员")
    assert _count(search_page) >= 10
    assert any(url.startswith("stories/") for url in _results(search_page))


@pytest.mark.slow
def test_part_of_a_name_finds_the_worker(search_page: Any, search_url: str) -> None:
    _search(search_page, search_url, "维彩")
    assert _results(search_page)[0] == WORKER
    search_page.locator(f'.pagefind-ui__result-link[href$="{WORKER}"]').first.click()
    search_page.wait_for_url(f"**/{WORKER}")
    assert search_page.locator("h1").inner_text() == "杨维彩"


@pytest.mark.slow
def test_a_query_in_the_address_runs_on_arrival(search_page: Any, search_url: str) -> None:
    search_page.goto(search_url + "search/?q=" + quote("维彩"))
    _wait_for_results(search_page, "维彩")
    assert WORKER in _results(search_page)
    assert search_page.get_by_label(LABEL).input_value() == "维彩"


@pytest.mark.slow
def test_a_filter_narrows_the_results(
    search_page: Any, search_url: str, indexed: dict[str, Any]
) -> None:
    def expected(**wanted: str) -> list[str]:
        return sorted(
            url
            for url, record in indexed.items()
            if "网格员" in record["content"].replace("\u200b", "")
            and all(value in record["filters"].get(name, []) for name, value in wanted.items())
        )

    _search(search_page, search_url, "网格员")
    everything = _count(search_page)
    search_page.locator(".pagefind-ui__filter-name", has_text="类别").click()
    search_page.locator('input[name="类别"][value="网格员"]').check()
    workers = expected(类别="网格员")
    search_page.get_by_text(f"找到 {len(workers)} 个").wait_for()
    assert 0 < len(workers) < everything
    assert sorted(_results(search_page)) == workers
    search_page.locator(".pagefind-ui__filter-name", has_text="省份").click()
    search_page.locator('input[name="省份"][value="江苏省"]').check()
    in_jiangsu = expected(类别="网格员", 省份="江苏省")
    search_page.get_by_text(f"找到 {len(in_jiangsu)} 个").wait_for()
    assert 0 < len(in_jiangsu) < len(workers)
    assert sorted(_results(search_page)) == in_jiangsu


@pytest.mark.slow
def test_without_name_parts_the_given_name_misses_the_worker(browser: Any, tmp_path: Path) -> None:
    """The check above can fail: the same site, indexed without name parts."""
    build = build_site(
        ROOT / "content", tmp_path / "out", extra=["-e", "GRIDNEWS_SEARCH_NAME_PARTS=false"]
    )
    assert build.returncode == 0, build.log
    page = browser.new_page()
    try:
        with serve(build.output) as base:
            _search(page, base, "网格员")
            assert _count(page) > 0
            _search(page, base, "维彩")
            assert WORKER not in _results(page)
    finally:
        page.close()


# --- staging ----------------------------------------------------------------------------------

PAGE = "<html><body><main><h1>网格巡查</h1><p>网格员每天走访居民。</p></main></body></html>"


def test_pages_are_staged_in_memory_when_it_has_room(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("GRIDNEWS_SEARCH_STAGING", raising=False)
    memory = tmp_path / "shm"
    memory.mkdir()
    assert indexer.staging_root(1000, memory) == str(memory)
    free = shutil.disk_usage(memory).free
    assert indexer.staging_root(free, memory) is None  # no room: the system's folder
    assert indexer.staging_root(1000, tmp_path / "missing") is None


def test_a_staging_folder_named_by_the_machine_is_used_or_refused_clearly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GRIDNEWS_SEARCH_STAGING", str(tmp_path))
    assert indexer.staging_root(1000, tmp_path / "shm") == str(tmp_path)
    monkeypatch.setenv("GRIDNEWS_SEARCH_STAGING", str(tmp_path / "nowhere"))
    with pytest.raises(indexer.SearchIndexError) as error:
        indexer.write_index(tmp_path / "out", [("stories/a/index.html", PAGE)], "zh-cn")
    message = str(error.value)
    assert f"GRIDNEWS_SEARCH_STAGING names {tmp_path / 'nowhere'}" in message
    assert "make the folder, or unset the variable" in message


def test_staging_falls_back_to_disk_when_memory_fills_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("GRIDNEWS_SEARCH_STAGING", raising=False)
    memory = tmp_path / "shm"
    memory.mkdir()
    monkeypatch.setattr(indexer, "MEMORY_FOLDER", memory)
    staged_in: list[Path] = []
    real_stage = indexer._stage

    def stage(folder: Path, pages: list[tuple[str, str]]) -> None:
        staged_in.append(folder)
        if folder.is_relative_to(memory):
            raise OSError(28, "No space left on device")
        real_stage(folder, pages)

    monkeypatch.setattr(indexer, "_stage", stage)
    indexer.write_index(tmp_path / "out", [("stories/a/index.html", PAGE)], "zh-cn")
    assert [folder.is_relative_to(memory) for folder in staged_in] == [True, False]
    assert list(memory.iterdir()) == []  # the memory folder is left clean
    assert not any(folder.exists() for folder in staged_in)
    records = fragments(tmp_path / "out")
    assert list(records) == ["stories/a/"]
    assert "走访" in records["stories/a/"]["content"]
