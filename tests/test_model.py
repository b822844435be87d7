"""The content model's validator: each kind of bad front matter gets its own precise message."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from gridnews.errors import ContentError
from gridnews.frontmatter import FrontMatterError, parse
from gridnews.model import Story, rate_tolerance, validate_story
from gridnews.story import new_markdown, read_story

FIXTURES = Path(__file__).parent / "fixtures" / "front_matter"


def problems_of(name: str) -> list[str]:
    """Read a fixture and return its problems as 'line: field: message' strings."""
    path = FIXTURES / name
    try:
        matter = parse(path.read_text(encoding="utf-8"), name)
    except FrontMatterError as error:
        return [str(error.problem)]
    return [str(p) for p in validate_story(matter, name).problems]


# fixture, then the exact start of its one problem: file:line: field: message
CASES = [
    (
        "missing_opening_fence.md",
        "missing_opening_fence.md:1: front matter: the file does not start with a '---' line",
    ),
    (
        "missing_closing_fence.md",
        "missing_closing_fence.md:1: front matter: the front matter opened here is never closed; add a line '---'",
    ),
    ("broken_yaml_indent.md", "broken_yaml_indent.md:4: front matter: YAML cannot be read"),
    (
        "duplicate_key.md",
        "duplicate_key.md:4: title: 'title' is given twice (first on line 2); keep one",
    ),
    (
        "not_a_mapping.md",
        "not_a_mapping.md:2: front matter: the front matter must be 'key: value' lines",
    ),
    (
        "missing_title.md",
        "missing_title.md:1: title: 'title' is missing; add it, for example title:",
    ),
    ("missing_date.md", "missing_date.md:2: title: a published story needs 'date'"),
    (
        "date_not_iso.md",
        "date_not_iso.md:3: date: '2021年12月14日' is not a date; write an ISO 8601 date such as 2021-12-14",
    ),
    (
        "unknown_key_author.md",
        "unknown_key_author.md:4: author: 'author' is not a field of the content model; did you mean 'authors'?",
    ),
    (
        "authors_in_one_string.md",
        "authors_in_one_string.md:4: authors: looks like several items in one text; write a list: [朱爱春, 潘潇]",
    ),
    (
        "region_with_spaces.md",
        "region_with_spaces.md:4: region: '四川省 成都市 彭州市' has an empty or spaced part; write the levels joined by '/'",
    ),
    (
        "region_too_deep.md",
        "region_too_deep.md:4: region: '中国/四川省/成都市/彭州市/天彭街道/朝阳中路社区' has 6 levels; at most 5",
    ),
    (
        "source_url_without_scheme.md",
        "source_url_without_scheme.md:4: source_url: 'www.example.com/a' is not a web address; write the full address starting with https://",
    ),
    (
        "slug_not_ascii.md",
        "slug_not_ascii.md:4: slug: '网格 新闻' is not a slug; use lower-case letters, digits and hyphens",
    ),
    (
        "honour_bad_level.md",
        "honour_bad_level.md:10: honours[0].level: '市' is not allowed (did you mean 市级?); write one of 国家级, 省级, 市级, 县级, 乡镇级",
    ),
    (
        "honour_bad_kind.md",
        "honour_bad_kind.md:5: honours[0].kind: 'person' is not allowed; write one of worker, grid",
    ),
    (
        "honour_missing_year.md",
        "honour_missing_year.md:5: honours[0].year: 'year' is missing; add it, for example year: 2018",
    ),
    (
        "honour_not_a_mapping.md",
        "honour_not_a_mapping.md:5: honours[0]: each honour is a mapping of fields, such as {name: 张婷, kind: worker",
    ),
    (
        "winner_unknown_prize.md",
        "winner_unknown_prize.md:9: events[0].winners[0].prize: '金奖' is not allowed; write one of 特等奖, 一等奖, 二等奖, 三等奖, 优秀奖",
    ),
    (
        "event_date_not_iso.md",
        "event_date_not_iso.md:6: events[0].date: '9月7日' is not a date; write it as 2022-09-07",
    ),
    (
        "stat_value_with_unit.md",
        "stat_value_with_unit.md:6: stats[0].value: expected a number, got '42.5万'; write the number alone (write 42.5万 as 425000",
    ),
    (
        "stat_rate_contradicts_parts.md",
        "stat_rate_contradicts_parts.md:7: stats[2].value: 98.3% contradicts its parts: 3195 / 3216 = 99.35%; correct the value or the parts",
    ),
    (
        "stat_rate_unknown_part.md",
        "stat_rate_unknown_part.md:6: stats[1].denominator: no stat is labelled '上报事件' in this list; use one of: 办结事件, 办结率",
    ),
    (
        "review_unknown_key.md",
        "review_unknown_key.md:5: review.honors: 'honors' is not a review field",
    ),
]


@pytest.mark.parametrize(("fixture", "expected"), CASES, ids=[case[0] for case in CASES])
def test_bad_front_matter_gets_a_precise_message(fixture: str, expected: str) -> None:
    problems = problems_of(fixture)
    assert len(problems) == 1, problems
    assert problems[0].startswith(expected), problems[0]


def test_every_error_of_a_file_is_listed() -> None:
    problems = problems_of("many_errors.md")
    fields = [p.split(": ")[1] for p in problems]
    assert fields == ["date", "authors", "honours[0].year", "stats[0].value"]
    assert [p.split(":")[1] for p in problems] == ["3", "4", "6", "8"]


@pytest.mark.parametrize(
    "fixture", ["leading_blank_lines.md", "bom_and_crlf.md", "draft_without_date.md"]
)
def test_good_front_matter_passes(fixture: str) -> None:
    assert problems_of(fixture) == []


def test_leading_blank_lines_keep_line_numbers() -> None:
    matter = parse((FIXTURES / "leading_blank_lines.md").read_text(encoding="utf-8"), "x")
    assert matter.data["title"] == "前面有空行的稿件"
    assert matter.lines[("title",)] == 4
    assert matter.body_line == 7


def test_sample_story_becomes_typed_records() -> None:
    root = Path(__file__).resolve().parent.parent / "content"
    read = read_story(
        root / "stories/pengzhou-xiao-wangge-da-fuwu.md", new_markdown(), content_root=root
    )
    story: Story = read.story
    assert story.date.isoformat() == "2019-03-27T00:00:00+08:00"
    assert [(h.name, h.kind, h.level, h.year) for h in story.honours][:2] == [
        ("天彭街道朝阳中路社区008网格", "grid", "市级", 2018),
        ("张婷", "worker", "市级", 2018),
    ]
    assert story.honours[2].count == 5
    assert story.authors[0].name == "杨婷" and story.authors[0].role == "本刊记者"


def test_yaml_keeps_values_as_written() -> None:
    matter = parse("---\ntitle: no\ndate: 2021-12-14\nslug: on\n---\n", "x.md")
    assert matter.data == {"title": "no", "date": "2021-12-14", "slug": "on"}


def test_naive_times_are_read_as_shanghai_time() -> None:
    matter = parse("---\ntitle: 时间\ndate: 2022-10-12 17:32\n---\n", "x.md")
    story = validate_story(matter, "x.md").record
    assert story.date.isoformat() == "2022-10-12T17:32:00+08:00"


def test_rate_within_rounding_passes() -> None:
    assert rate_tolerance(99.3) == pytest.approx(0.05)
    matter = parse(
        "---\ntitle: 比率\ndate: 2021-12-14\nstats:\n"
        "  - {label: 上报, value: 227693}\n  - {label: 办结, value: 227510}\n"
        "  - {label: 办结率, value: 99.9, unit: '%', numerator: 办结, denominator: 上报}\n---\n",
        "x.md",
    )
    assert validate_story(matter, "x.md").problems == []


def test_missing_image_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "stories").mkdir()
    path = tmp_path / "stories" / "a.md"
    path.write_text(
        "---\ntitle: 图\ndate: 2021-12-14\n---\n\n正文。\n\n![现场](../images/none.jpg)\n",
        encoding="utf-8",
    )
    with pytest.raises(ContentError) as error:
        read_story(path, new_markdown(), content_root=tmp_path)
    assert "a.md:8: body: '../images/none.jpg' is not a file under content/" in str(error.value)


@pytest.fixture
def body_cache(tmp_path: Path):
    """A body cache in use, as during a build."""
    from gridnews import bodycache  # noqa: PLC0415

    cache = bodycache.BodyCache(tmp_path / "cache" / "bodies.sqlite", "salt")
    bodycache.use(cache)
    yield cache
    bodycache.use(None)
    cache.close()


def test_an_unchanged_story_is_not_parsed_or_checked_again(
    tmp_path: Path, body_cache: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gridnews.story  # noqa: PLC0415

    (tmp_path / "images").mkdir()
    (tmp_path / "images/cover.jpg").write_bytes(b"not checked here")
    path = tmp_path / "a.md"
    path.write_text(
        "---\ntitle: 网格员走访\ndate: 2021-12-14\nimage: images/cover.jpg\n---\n\n正文。\n",
        encoding="utf-8",
    )
    first = read_story(path, new_markdown(), content_root=tmp_path)

    def refuse(*_: object) -> None:
        raise AssertionError("the front matter was parsed again")

    monkeypatch.setattr(gridnews.story, "parse", refuse)
    monkeypatch.setattr(gridnews.story, "validate_story", refuse)
    again = read_story(path, new_markdown(), content_root=tmp_path)
    assert again == first and again.slug == first.slug != ""
    # what the file system says is still checked, with the right line, from the stored record
    (tmp_path / "images/cover.jpg").unlink()
    monkeypatch.undo()
    with pytest.raises(ContentError, match=r"a\.md:4: image: 'images/cover\.jpg' is not a file"):
        read_story(path, new_markdown(), content_root=tmp_path)
    # an edit is read and checked afresh
    path.write_text(
        path.read_text(encoding="utf-8").replace("date: 2021-12-14", "date: 2021-13-14")
    )
    with pytest.raises(ContentError, match=r"a\.md:3: date"):
        read_story(path, new_markdown(), content_root=tmp_path)


def test_a_storys_record_counts_in_page_keys_by_its_cache_key(
    tmp_path: Path, body_cache: object
) -> None:
    """Page keys name a story's checked front matter by the key it is cached under (the file's
    text and the code that checks it) instead of walking it: an edit to the front matter alone
    changes the key, the same text read again keeps it."""
    from gridnews import renderkey  # noqa: PLC0415

    path = tmp_path / "a.md"
    text = "---\ntitle: 网格员走访\ndate: 2021-12-14\nregion: 四川省/成都市/彭州市\n---\n\n正文。\n"
    path.write_text(text, encoding="utf-8")

    def key_of_record() -> str:
        story = read_story(path, new_markdown(), content_root=tmp_path).story
        return renderkey.Digester().value({"story": story})

    first = key_of_record()
    assert re.fullmatch(r"\{'story':<Story [0-9a-f]{64}>\}", first), first
    assert key_of_record() == first  # read again (from the cache): the same key
    path.write_text(text.replace("2021-12-14", "2021-12-15"), encoding="utf-8")
    assert key_of_record() != first  # only the front matter changed
    # without a body cache the record is walked field by field, which also tells them apart
    from gridnews import bodycache  # noqa: PLC0415

    bodycache.use(None)
    walked = renderkey.Digester().value({"story": read_story(path, new_markdown()).story})
    path.write_text(text, encoding="utf-8")
    assert renderkey.Digester().value({"story": read_story(path, new_markdown()).story}) != walked


def test_slugs_are_kept_between_builds(body_cache: object, monkeypatch: pytest.MonkeyPatch) -> None:
    """Slugs come from the body cache once made, so a build of names and titles seen before
    needs no word-cutting; a new one is made and kept. Slugs are kept by kind: a person's name
    is one word, a title is cut at word ends."""
    from gridnews import bodycache, slugs  # noqa: PLC0415

    assert slugs.slugify("网格化服务管理") == "wanggehua-fuwu-guanli"
    assert slugs.name_slug("杨维彩") == "yangweicai"
    cache = bodycache.active()
    assert cache is not None
    cache.close()  # the end of a build; the next one opens the file again
    slugs.slugify.cache_clear()  # a new process

    def refuse(*_: object) -> str:
        raise AssertionError("a known text was cut into words again")

    monkeypatch.setattr(slugs, "_slugify", refuse)
    monkeypatch.setattr(slugs, "_romanise", refuse)
    assert slugs.slugify("网格化服务管理") == "wanggehua-fuwu-guanli"
    assert slugs.name_slug("杨维彩") == "yangweicai"
    for made in (lambda: slugs.slugify("光荣榜"), lambda: slugs.slugify("杨维彩")):
        with pytest.raises(AssertionError, match="cut into words again"):
            made()
    # without a store (no build going on), every slug is made afresh
    bodycache.use(None)
    slugs.slugify.cache_clear()
    with pytest.raises(AssertionError, match="cut into words again"):
        slugs.slugify("网格化服务管理")
    slugs.slugify.cache_clear()


def test_render_keys_note_the_stories_they_read_even_when_memoised() -> None:
    """The Digester tells which stories a key read by content (gridnews.live re-renders a page
    when one of them is edited), also when a digest comes from its memo, and forgets exactly the
    digests that read an edited story."""
    import datetime as dt  # noqa: PLC0415

    from pelican.contents import Article  # noqa: PLC0415
    from pelican.settings import DEFAULT_CONFIG  # noqa: PLC0415

    from gridnews import renderkey  # noqa: PLC0415

    def story(name: str, body: str) -> Article:
        metadata = {"title": name, "date": dt.datetime(2022, 5, 1)}
        return Article(
            body, metadata=metadata, settings=DEFAULT_CONFIG, source_path=f"/c/{name}.md"
        )

    first, second, third = story("a", "<p>甲</p>"), story("b", "<p>乙</p>"), story("c", "<p>丙</p>")
    first.related_stories = [second]  # shown on the first story's page, by title and text

    class Worker:  # a plain object holding stories, as the facts index's holders do
        def __init__(self, stories: list[Article]) -> None:
            self.name = "王建"
            self.stories = stories

    worker = Worker([third])
    one_off = renderkey.Digester()  # a one-off build does not track what keys read
    with one_off.reading() as page:
        untracked = one_off.value({"article": first})
    assert page == set()
    digester = renderkey.Digester(track=True)
    assert digester.value({"article": first}) == untracked  # the same key either way
    for _ in range(2):  # the second time every digest comes from the memo
        with digester.reading() as page:
            digester.value({"article": first})
        with digester.reading() as board:
            digester.value({"worker": worker})
        assert page == {"/c/a.md", "/c/b.md"}
        assert board == {"/c/c.md"}

    before = digester.value({"article": first}), digester.value({"worker": worker})
    second._content = "<p>乙，改过</p>"
    digester.forget({"/c/b.md"})
    after = digester.value({"article": first}), digester.value({"worker": worker})
    assert after[0] != before[0]  # read the related story: made again
    assert after[1] == before[1]


def test_a_storys_key_covers_the_stories_it_names_by_their_own_fields() -> None:
    """A story page shows its previous, next and related stories (titles, summaries), so its
    key changes with their own fields, also for a story named inside an object it holds; the
    stories those name in turn do not count."""
    import datetime as dt  # noqa: PLC0415

    from pelican.contents import Article  # noqa: PLC0415
    from pelican.settings import DEFAULT_CONFIG  # noqa: PLC0415

    from gridnews import renderkey  # noqa: PLC0415

    def story(name: str) -> Article:
        metadata = {"title": f"报道{name}", "date": dt.datetime(2022, 5, 1)}
        return Article(
            f"<p>{name}</p>",
            metadata=metadata,
            settings=DEFAULT_CONFIG,
            source_path=f"/c/{name}.md",
        )

    class Mention:  # a plain object that names a story, as a plugin might attach
        def __init__(self, story: Article) -> None:
            self.story = story

    page, related, earlier, held, far = (story(n) for n in "abcde")
    page.related_stories = [related]
    page.prev_story = earlier
    page.mention = Mention(held)
    related.related_stories = [far]

    def key() -> str:
        return renderkey.Digester().value({"article": page})

    before = key()
    assert key() == before  # the same stories give the same key
    for changed in (related, earlier, held):
        changed._content += "<p>补充</p>"
        after = key()
        assert after != before, changed.source_path
        before = after
    far._content += "<p>补充</p>"  # a story the related story names: not shown on the page
    assert key() == before
    related.title = "新标题"
    assert key() != before
    # an object met again (its digest from the memo) still names its stories
    twin = story("f")
    twin.mention = page.mention

    def keys() -> tuple[str, str]:
        digester = renderkey.Digester()
        return digester.value({"article": page}), digester.value({"article": twin})

    _, twin_before = keys()
    held._content += "<p>再补充</p>"
    assert keys()[1] != twin_before


def test_a_templates_names_cover_what_it_extends_includes_and_imports() -> None:
    """Render keys digest the site-wide values a template reads, through every template it uses;
    a template used by several pages is parsed once, and one chosen at render time makes the
    names unknowable."""
    from jinja2 import DictLoader, Environment  # noqa: PLC0415

    from gridnews.renderkey import TemplateNames  # noqa: PLC0415

    environment = Environment(
        loader=DictLoader(
            {
                "base.html": "{{ SITENAME }}{% include '_nav.html' %}{% block body %}{% endblock %}",
                "_nav.html": "{% for item in MENUITEMS %}{{ item }}{% endfor %}",
                "_macros.html": "{% macro card(x) %}{{ x }}{{ CARD_SIZE }}{% endmacro %}",
                "article.html": "{% extends 'base.html' %}{% block body %}{{ article.title }}"
                "{% endblock %}",
                "worker.html": "{% extends 'base.html' %}{% import '_macros.html' as m %}"
                "{% block body %}{{ m.card(worker) }}{% endblock %}",
                "any.html": "{% include chosen %}",
            }
        )
    )
    names = TemplateNames()
    article = names.of(environment.get_template("article.html"))
    worker = names.of(environment.get_template("worker.html"))
    assert article is not None and worker is not None
    assert {"SITENAME", "MENUITEMS", "article"} <= article
    assert "worker" not in article and "CARD_SIZE" not in article
    assert {"SITENAME", "MENUITEMS", "worker", "CARD_SIZE"} <= worker and "article" not in worker
    assert names.of(environment.get_template("any.html")) is None


def test_values_worked_out_from_text_are_kept_by_text_and_salt(tmp_path: Path) -> None:
    """A memo gives back what was worked out for the same text and salt, in a later build too;
    another text, another salt or another kind works the value out again."""
    from gridnews import bodycache  # noqa: PLC0415

    path = tmp_path / "bodies.sqlite"
    worked: list[str] = []

    def length(text: str) -> int:
        worked.append(text)
        return len(text)

    cache = bodycache.BodyCache(path, "salt")
    cache.start_build()
    memo = cache.memo("length", "v1")
    assert memo.get("<p>网格员走访</p>", lambda: length("<p>网格员走访</p>")) == 12
    assert memo.get("<p>网格员走访</p>", lambda: length("again")) == 12  # same build
    cache.close(prune=True)
    cache = bodycache.BodyCache(path, "salt")  # the next build
    cache.start_build()
    assert cache.memo("length", "v1").get("<p>网格员走访</p>", lambda: length("x")) == 12
    assert cache.memo("length", "v1").get("<p>入户</p>", lambda: length("<p>入户</p>")) == 9
    assert cache.memo("length", "v2").get("<p>网格员走访</p>", lambda: length("v2")) == 2
    assert cache.memo("names", "v1").get("<p>网格员走访</p>", lambda: ["杨维彩"]) == ["杨维彩"]
    cache.close(prune=True)
    assert worked == ["<p>网格员走访</p>", "<p>入户</p>", "v2"]
    # values no build has asked for in KEEP_BUILDS builds are dropped
    for _ in range(bodycache.KEEP_BUILDS + 1):
        cache = bodycache.BodyCache(path, "salt")
        cache.start_build()
        cache.memo("length", "v1").get("<p>入户</p>", lambda: length("kept"))
        cache.close(prune=True)
    cache = bodycache.BodyCache(path, "salt")
    assert cache.memo("length", "v1").get("<p>网格员走访</p>", lambda: -1) == -1
    assert cache.memo("length", "v1").get("<p>入户</p>", lambda: -1) == 9
    cache.close()


def test_reading_lengths_come_from_the_body_cache(
    body_cache: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    from stories import reading  # noqa: PLC0415

    body = "<p>今年<strong>入户走访</strong>一千二百次，覆盖 3 个小区。</p>" * 300
    first = reading.reading_of(body)
    assert (first.characters, first.minutes) == (300 * 17, 13)

    def refuse(_: str) -> int:
        raise AssertionError("a known body was counted again")

    monkeypatch.setattr(reading, "count_characters", refuse)
    assert reading.reading_of(body) == first
    with pytest.raises(AssertionError, match="counted again"):
        reading.reading_of(body + "<p>补充</p>")


def test_names_found_in_a_story_are_kept_for_the_same_names(
    body_cache: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The workers and grids a story names are kept by its text and the whole list of names: a
    worker added later is found in a story read before, and a longer name wins over its start."""
    from types import SimpleNamespace  # noqa: PLC0415

    from gridnews import cjk, index  # noqa: PLC0415

    county = "四川省/成都市/彭州市"
    story = SimpleNamespace(
        title="网格员杨维彩走访", story=SimpleNamespace(region=county + "/天彭街道")
    )
    body = "<p>杨维彩和<b>张婷</b>一起入户。</p>"
    yang = index.Holder("worker", "杨维彩", county)
    zhang = index.Holder("worker", "张婷", county)
    far = index.Holder("worker", "张婷", "内蒙古自治区/包头市/昆都仑区")
    assert index._Mentions([yang]).of(story, body) == [yang, yang]  # title and text
    made = []
    text_of = cjk.html_to_text
    monkeypatch.setattr(cjk, "html_to_text", lambda html: made.append(html) or text_of(html))
    assert index._Mentions([yang]).of(story, body) == [yang, yang]
    assert made == []  # read from the cache
    assert index._Mentions([yang, far]).of(story, body) == [yang, yang]  # not another county's
    assert made == [body]  # a new name: the text is searched again
    assert index._Mentions([yang, zhang, far]).of(story, body) == [yang, yang, zhang]
    longer = index.Holder("grid", "杨维彩网格", county)
    assert index._Mentions([yang, longer]).of(story, body.replace("杨维彩和", "杨维彩网格和")) == [
        yang,
        longer,
    ]


def test_digests_tell_values_apart_by_their_kind() -> None:
    """Render keys find what to do with a value once per type: a subclass is digested as its
    kind is (text as text, a named tuple as a list), a record's class is not the record."""
    import collections  # noqa: PLC0415
    import dataclasses  # noqa: PLC0415

    from markupsafe import Markup  # noqa: PLC0415

    from gridnews import renderkey  # noqa: PLC0415

    @dataclasses.dataclass
    class Prize:
        name: str

    pair = collections.namedtuple("pair", "first second")
    digester = renderkey.Digester()
    value = digester.value
    record = value(Prize("一等奖"))
    assert re.fullmatch("[0-9a-f]{64}", record)
    assert value(Prize("一等奖")) == record != value(Prize("二等奖"))
    assert value(Prize) == "<builtins.type>"  # the class: nothing of a record's to digest
    assert value(Markup("<b>网格</b>")) == "Markup('<b>网格</b>')"
    assert value(pair(1, "二")) == value([1, "二"]) == "[1,'二']"
    assert value(collections.OrderedDict(b=2, a=1)) == value({"a": 1, "b": 2}) == "{'a':1,'b':2}"
    assert value(Path("content/stories/a.md")) == "content/stories/a.md"
    assert value({True, None}) == "{None,True}"
    assert value(print) == "<builtins.builtin_function_or_method>"


def test_bodies_and_records_are_read_ahead_in_one_query_each(body_cache: object) -> None:
    """After prefetch, the bodies of known story files and every record come from memory, each
    handed out once; a body read ahead of no file, or asked for again, comes from the file."""
    from gridnews import bodycache  # noqa: PLC0415

    cache = bodycache.active()
    assert cache is not None
    cache.put("k-a", "<p>网格员走访</p>")
    cache.put("k-b", "<p>夜间巡查</p>")
    cache.put("k-orphan", "<p>已删去的稿件</p>")
    cache.put_record("r-a", ("record", "slug-a", 3))
    cache.remember_files([("stories/a.md", 1, 10, "k-a"), ("stories/b.md", 1, 11, "k-b")])
    cache.prefetch()
    statements: list[str] = []
    cache._connect().set_trace_callback(statements.append)
    assert cache.get("k-a") == "<p>网格员走访</p>"
    assert cache.get("k-b") == "<p>夜间巡查</p>"
    assert cache.get_record("r-a") == ("record", "slug-a", 3)
    assert statements == []  # no query: read ahead
    assert cache.get("k-a") == "<p>网格员走访</p>"  # asked again: from the file
    assert cache.get("k-orphan") == "<p>已删去的稿件</p>"  # no file names it: not read ahead
    assert len(statements) == 2 and cache.hits == 4
    assert cache.get("k-missing") is None and cache.misses == 1
