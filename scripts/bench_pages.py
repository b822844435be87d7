"""Full-size saved pages for the import benchmark, built from the pinned test inputs.

Editors save whole pages: a county government site (TRS-style, 60–120 KB with navigation,
sidebars, inline scripts and styles), a news portal, a WeChat article (mostly script). The
pinned inputs hold only the article, so this wraps each article's text in such a page, with
deterministic furniture of realistic size. The same pages feed gridnews and trafilatura.
"""

from __future__ import annotations

import html
import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INPUTS = ROOT / "tests" / "importer" / "inputs"

_COLUMNS = [
    "政务公开",
    "新闻中心",
    "政策文件",
    "办事服务",
    "互动交流",
    "走进区县",
    "专题专栏",
    "数据发布",
]
_HEADLINES = [
    "召开网格化服务管理工作推进会",
    "开展平安建设宣传进社区活动",
    "部署安全生产大检查工作",
    "举办基层社会治理能力提升培训班",
    "调研城乡社区治理工作",
    "推进“一网统管”平台建设",
    "表彰年度优秀网格员和先进集体",
    "召开矛盾纠纷排查化解工作会议",
]


def _story_text(path: Path) -> tuple[str, list[str]]:
    """The headline and paragraphs of a pinned input, from its golden story."""
    golden = (ROOT / "tests" / "importer" / "golden" / f"{path.stem}.md").read_text(
        encoding="utf-8"
    )
    front, _, body = golden.partition("\n---\n")
    title = re.search(r"^title: '?(.*?)'?$", front, re.MULTILINE)
    paragraphs = [
        p.replace("\\", "") for p in body.split("\n\n") if p.strip() and not p.startswith("![")
    ]
    return (title.group(1) if title else path.stem), paragraphs


def _links(rng: random.Random, count: int, prefix: str) -> str:
    """A list of links such as a site's menus and sidebars hold."""
    items = []
    for index in range(count):
        text = rng.choice(_COLUMNS) if prefix == "col" else rng.choice(_HEADLINES)
        items.append(f'<li><a href="/{prefix}/{index}.html" title="{text}">{text}</a></li>')
    return "<ul>" + "".join(items) + "</ul>"


def _style(rng: random.Random, rules: int) -> str:
    """Inline CSS of a given size."""
    return (
        "<style>"
        + "".join(
            f".m{i}{{margin:{rng.randint(0, 20)}px auto;color:#{rng.randint(0, 0xFFFFFF):06x}}}"
            for i in range(rules)
        )
        + "</style>"
    )


def _script(rng: random.Random, statements: int) -> str:
    """Inline script of a given size (trackers, menus, WeChat's page state)."""
    return (
        "<script>"
        + "".join(
            f"var v{i}={rng.randint(0, 10**6)};function f{i}(a){{return a+v{i};}}"
            for i in range(statements)
        )
        + "</script>"
    )


def government_page(title: str, paragraphs: list[str], rng: random.Random) -> str:
    """A county government site's article page."""
    body = "".join(
        f'<p style="text-indent:2em">{html.escape(p.removeprefix("## "))}</p>' for p in paragraphs
    )
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{html.escape(title)}_区人民政府</title>"
        f"{_style(rng, 400)}{_script(rng, 300)}</head><body>"
        f"<div class='top'>{_links(rng, 12, 'top')}</div><div class='nav'>{_links(rng, 120, 'col')}</div>"
        "<div class='location'>当前位置：<a href='/'>首页</a> &gt; <a href='/xw'>新闻中心</a></div>"
        f"<div class='article'><h1>{html.escape(title)}</h1>"
        "<div class='info'>发布时间：2023-05-16 10:20　来源：区融媒体中心　字号：大 中 小</div>"
        f"<div class='TRS_Editor'>{body}</div>"
        "<div class='tools'>【打印本页】【关闭窗口】</div></div>"
        f"<div class='side'><h3>相关新闻</h3>{_links(rng, 60, 'art')}</div>"
        "<div class='footer'>主办单位：区人民政府办公室　版权所有　ICP备05009876号</div>"
        f"{_script(rng, 200)}</body></html>"
    )


def wechat_page(title: str, paragraphs: list[str], rng: random.Random) -> str:
    """A saved WeChat article: a little text inside a great deal of script."""
    body = "".join(
        f"<section><p><span>{html.escape(p.removeprefix('## '))}</span></p></section>"
        for p in paragraphs
    )
    return (
        f"<!DOCTYPE html><html><head><meta property='og:title' content='{html.escape(title)}'>"
        f'<title>{html.escape(title)}</title><script>var ct = "1684221600";</script>'
        f"{_script(rng, 900)}{_style(rng, 300)}</head><body>"
        f"<div id='js_article'><h1 class='rich_media_title'>{html.escape(title)}</h1>"
        "<div id='meta_content'><span id='js_name'>平安社区</span></div>"
        f"<div id='js_content'><section><p>点击上方蓝字关注我们</p></section>{body}"
        "<section><p>长按识别二维码关注我们</p></section></div></div>"
        f"{_script(rng, 600)}</body></html>"
    )


def portal_page(title: str, paragraphs: list[str], rng: random.Random) -> str:
    """A news portal's article page with a large sidebar."""
    body = "".join(f"<p>{html.escape(p.removeprefix('## '))}</p>" for p in paragraphs)
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{html.escape(title)} - 新闻网</title>"
        f"{_style(rng, 250)}</head><body><div class='header'>{_links(rng, 80, 'col')}</div>"
        "<div class='crumb'>您的位置：首页 &gt; 社会 &gt; 正文</div>"
        f"<div class='main'><h1>{html.escape(title)}</h1><div class='time'>2022年07月08日 14:05　来源：新闻网</div>"
        f"<div class='article-content'>{body}</div></div>"
        f"<div class='sidebar'><h3>热点新闻</h3>{_links(rng, 80, 'art')}<h3>图片新闻</h3>{_links(rng, 40, 'pic')}</div>"
        f"<div class='footer'>Copyright © 新闻网 All Rights Reserved</div>{_script(rng, 250)}</body></html>"
    )


def pages() -> list[tuple[str, bytes]]:
    """Every pinned input, plus each one's text in the three kinds of full page."""
    rng = random.Random(20211214)
    out = []
    for path in sorted(INPUTS.iterdir()):
        out.append((path.name, path.read_bytes()))
        title, paragraphs = _story_text(path)
        for kind, build in (
            ("gov", government_page),
            ("wechat", wechat_page),
            ("portal", portal_page),
        ):
            out.append((f"{path.stem}-{kind}.html", build(title, paragraphs, rng).encode("utf-8")))
    return out
