"""Building small sites: slug collisions, bad files left out, the rest of the site still built."""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from helpers import build_site, story, write_files


def test_explicit_slug_wins_and_title_gives_pinyin_slug(tmp_path: Path) -> None:
    content = write_files(
        tmp_path / "content",
        {
            "stories/a.md": story("重庆银行网格员", slug="my-own-slug"),
            "stories/b.md": story("重庆银行网格员"),
        },
    )
    build = build_site(content, tmp_path / "out")
    assert build.returncode == 0, build.log
    assert (tmp_path / "out/stories/my-own-slug/index.html").is_file()
    assert (tmp_path / "out/stories/chongqing-yinhang-wanggeyuan/index.html").is_file()


def test_slug_collision_is_an_error_naming_both_files(tmp_path: Path) -> None:
    content = write_files(
        tmp_path / "content",
        {
            "stories/a.md": story("第一篇", slug="same"),
            "stories/b.md": story("第二篇", slug="same"),
            "stories/c.md": story("第三篇"),
        },
    )
    build = build_site(content, tmp_path / "out", fatal=False)
    assert "stories/b.md:3: slug: 'same' is already the slug of story" in build.log
    assert "stories/a.md" in build.log
    page = build.page("stories/same/")
    assert page.find("h1").get_text() == "第一篇"
    assert (tmp_path / "out/stories/disanpian/index.html").is_file()
    assert build_site(content, tmp_path / "out2").returncode != 0


def test_bad_story_is_reported_and_the_rest_builds(tmp_path: Path) -> None:
    content = write_files(
        tmp_path / "content",
        {
            "stories/good.md": story("好稿件", slug="good"),
            "stories/bad.md": "---\ntitle: 坏稿件\ndate: 昨天\nhonours:\n  - {name: 张婷, kind: worker, award: 明星, year: 2018, level: 市}\n---\n正文。\n",
        },
    )
    build = build_site(content, tmp_path / "out", fatal=False)
    assert "stories/bad.md:3: date: '昨天' is not a date" in build.log
    assert "stories/bad.md:5: honours[0].level: '市' is not allowed" in build.log
    assert (tmp_path / "out/stories/good/index.html").is_file()
    assert build_site(content, tmp_path / "strict").returncode != 0


def test_relative_image_paths_resolve_to_the_image(tmp_path: Path) -> None:
    content = write_files(
        tmp_path / "content",
        {
            "stories/a.md": story(
                "图片", body="正文。\n\n![网格员走访](../images/a/visit.png)", slug="tu"
            ),
        },
    )
    (content / "images/a").mkdir(parents=True)
    Image.new("RGB", (40, 30), (200, 30, 30)).save(content / "images/a/visit.png")
    build = build_site(content, tmp_path / "out")
    assert build.returncode == 0, build.log
    img = build.page("stories/tu/").select_one(".story-body img")
    assert img["alt"] == "网格员走访"
    assert (tmp_path / "out/stories/tu" / img["src"]).resolve().is_file()
    assert img["src"].endswith("images/a/visit-40.jpg")


def test_escaped_brackets_and_other_schemes_are_not_local_files(tmp_path: Path) -> None:
    body = (
        "按原文照录：\\[通知\\](javascript:void(0)) 与 [电话](tel:12345)，"
        "[邮件](mailto:a@example.cn)，[外链](https://example.cn/a)。"
    )
    write_files(tmp_path / "content", {"stories/a.md": story("转义的方括号", body, slug="a")})
    build = build_site(tmp_path / "content", tmp_path / "out")
    assert build.returncode == 0, build.log
    page = build.page("stories/a/")
    text = page.find("article").get_text()
    assert "[通知](javascript:void(0))" in text
    assert not page.select('a[href^="javascript"]')
    assert page.select_one('a[href="tel:12345"]') is not None
