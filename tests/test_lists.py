"""The story lists of tag, category, author and period pages, made in linear time, are Pelican's.

Pelican's articles generator is given its own stories and settings; each page's values are
recorded once as Pelican's methods write them and once as incremental.lists writes them.
"""

from __future__ import annotations

import logging
from contextlib import ExitStack
from pathlib import Path
from types import MethodType
from typing import Any

import pytest
from blinker import Signal
from incremental import lists
from pelican.generators import ArticlesGenerator
from pelican.plugins import signals
from pelican.readers import MarkdownReader
from pelican.settings import DEFAULT_CONFIG, read_settings

# Stories by several authors, in two categories, with shared tags, over two years; three share a
# date (Pelican keeps those in file order), and one is co-written.
STORIES = {
    "a.md": ("2023-03-01", "政务", "网格, 民生", "王芳"),
    "b.md": ("2023-03-01", "政务", "网格", "李强, 王芳"),
    "c.md": ("2023-03-01", "社区", "民生", "李强"),
    "d.md": ("2023-11-20", "社区", "网格, 平安", "赵敏"),
    "e.md": ("2024-01-05", "政务", "平安", "王芳"),
    "f.md": ("2024-01-05", "社区", "网格", "赵敏"),
    "g.md": ("2024-07-30", "政务", "民生, 平安", "李强"),
}


@pytest.fixture
def generator(tmp_path: Path) -> ArticlesGenerator:
    """Pelican's articles generator, its context made from STORIES, archives by year, month, day."""
    content = tmp_path / "content"
    content.mkdir()
    for name, (date, category, tags, authors) in STORIES.items():
        (content / name).write_text(
            f"Title: 报道{name[0]}\nDate: {date}\nCategory: {category}\nTags: {tags}\n"
            f"Authors: {authors}\n\n正文{name[0]}。\n",
            encoding="utf-8",
        )
    settings = read_settings(
        override={
            "PATH": str(content),
            "OUTPUT_PATH": str(tmp_path / "output"),
            "CACHE_PATH": str(tmp_path / "cache"),
            # Pelican's own reader of Markdown, not the stories plugin's (a subclass of Pelican's
            # BaseReader, which Pelican takes up once any test has imported it)
            "READERS": {"md": MarkdownReader},
            "ARTICLE_ORDER_BY": "basename",  # the site lists stories in another order than dates
            "YEAR_ARCHIVE_SAVE_AS": "{date:%Y}/index.html",
            "MONTH_ARCHIVE_SAVE_AS": "{date:%Y}/{date:%m}/index.html",
            "DAY_ARCHIVE_SAVE_AS": "{date:%Y}/{date:%m}/{date:%d}/index.html",
        }
    )
    with ExitStack() as quiet:  # plain Pelican, whatever plugins earlier tests connected
        for signal in vars(signals).values():
            if isinstance(signal, Signal):
                quiet.enter_context(signal.muted())
        found = ArticlesGenerator(
            context={
                **settings,
                "generated_content": {},
                "static_content": {},
                "static_links": set(),
            },
            settings=settings,
            path=settings["PATH"],
            theme=DEFAULT_CONFIG["THEME"],
            output_path=settings["OUTPUT_PATH"],
        )
        found.generate_context()
    assert len(found.articles) == len(STORIES)
    return found


def _recorded(method: Any, generator: ArticlesGenerator) -> list[tuple[tuple, dict]]:
    calls: list[tuple[tuple, dict]] = []
    method(generator, lambda *args, **kwargs: calls.append((args, kwargs)))
    return calls


@pytest.mark.parametrize("name", ["generate_tags", "generate_categories", "generate_authors"])
def test_each_page_gets_pelicans_values(generator: ArticlesGenerator, name: str) -> None:
    pelicans = _recorded(getattr(ArticlesGenerator, name), generator)
    ours = _recorded(getattr(lists, name), generator)
    assert len(ours) == len(pelicans) > 1
    for (our_args, our_values), (their_args, their_values) in zip(ours, pelicans, strict=True):
        assert our_args == their_args
        assert our_values == their_values  # stories compare as the same objects, in order
    # Not the site's whole list: each page leaves some stories out.
    assert all(0 < len(values["dates"]) < len(generator.dates) for _, values in ours)


def test_period_archives_are_pelicans(generator: ArticlesGenerator) -> None:
    pelicans = MethodType(ArticlesGenerator._build_period_archives, generator)
    ours = lists.period_archives(pelicans)
    expected = pelicans(generator.dates, generator.articles, generator.settings)
    found = ours(generator.dates, generator.articles, generator.settings)
    assert found == expected
    assert [len(archive["articles"]) for archive in found["year"]] == [3, 4]
    assert len(found["day"]) == 4  # three stories share a day


def test_a_page_without_a_slug_is_left_out_and_said(
    generator: ArticlesGenerator, caplog: pytest.LogCaptureFixture
) -> None:
    from pelican.writers import FileOverwriteFailedError  # noqa: PLC0415

    author = generator.authors[0][0]
    author.slug = ""

    def write(*_: Any, **values: Any) -> None:
        if values["author"] is author:
            raise FileOverwriteFailedError("authors/index.html")

    with caplog.at_level(logging.INFO):
        lists.generate_authors(generator, write)
    assert f'The author "{author}" has no slug' in caplog.text


def test_the_generator_uses_them(generator: ArticlesGenerator) -> None:
    expected = generator.period_archives
    lists.use_linear_lists(generator)
    for name in ("generate_tags", "generate_categories", "generate_authors"):
        assert getattr(generator, name).__func__ is getattr(lists, name)
    found = generator._build_period_archives(
        generator.dates, generator.articles, generator.settings
    )
    assert found == expected
