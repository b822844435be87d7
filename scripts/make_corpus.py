"""Generate N realistic stories for benchmarks (deterministic from a seed).

    .venv/bin/python scripts/make_corpus.py 4000 bench/work/corpus-4000 [--seed 1]

Each story is 800–2,500 characters of Chinese news prose about grid governance, set in a county
drawn from several provinces, and about a third report honours, events or figures, so that the
honour board, worker pages, recaps and regions have the work of a real province-wide site: about
one worker page for every two stories. One story in 50 has a cover photo and another one in 50 a
photo in its text: photo-like JPEGs of the size news sites publish (1280×960), made from the
same seed, so that the images plugin has work too.
"""

from __future__ import annotations

import argparse
import io
import random
import shutil
from pathlib import Path

from PIL import Image

PROVINCES = ("四川省", "江苏省", "山东省", "甘肃省", "浙江省", "河南省", "广东省", "内蒙古自治区")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建文辉力新林斌宇浩凯健俊帆鹏飞琳婷雪晶欣怡佳慧颖倩月"
OPENINGS = (
    "{month}月{day}日，{county}召开网格化服务管理工作推进会，总结前一阶段工作，部署下一步重点任务。",
    "今年以来，{county}坚持以党建引领基层治理，把网格作为服务群众的最小单元，推动资源力量下沉。",
    "走进{town}{community}，整洁的楼道、热心的网格员，让居民们感受到了网格化服务带来的变化。",
    "“有事找网格员”已经成为{county}群众的口头禅。{town}网格员{worker}每天走访辖区居民，收集社情民意。",
)
MIDDLES = (
    "网格员们每天下沉网格核查基础信息、收集民情民意、化解矛盾纠纷、排查安全隐患，真正做到小事不出网格、大事不出社区。",
    "{town}建立了“网格员+楼栋长+志愿者”工作机制，发现问题随手拍、随时报，推动群众诉求在网格内及时解决。",
    "为提升网格员业务能力，{county}组织开展了多轮业务培训，内容涵盖政策法规、信息采集、矛盾调解等方面。",
    "疫情防控期间，网格员挨家挨户排查信息，及时掌握返乡人员情况，筑起了群众身边的第一道防线。",
    "“以前遇到问题不知道找谁，现在有了网格员，一个电话就能解决。”{community}居民{resident}说。",
    "{county}还把网格平台与政务服务平台打通，居民办理常见事项，可以由网格员帮办代办，少跑腿、快办事。",
    "在{community}，网格员{worker}把自己的电话号码印在连心卡上，发到每一户居民手中，随叫随到。",
    "针对老旧小区多、流动人口多的特点，{town}细化网格划分，做到人在格中走、事在网中办。",
)
CLOSINGS = (
    "下一步，{county}将继续完善网格运行机制，让网格真正成为服务群众的“前哨站”。",
    "{county}相关负责人表示，将持续深化网格化服务管理，不断提升基层治理能力和水平。",
)
HEADINGS = (
    "小事不出网格",
    "服务送到家门口",
    "多方联动化解矛盾",
    "数据跑腿代替群众跑腿",
    "网格员的一天",
)
AWARDS = (
    ("优秀网格员", "县级"),
    ("十佳网格员", "市级"),
    ("最美网格员", "省级"),
    ("先进网格员", "乡镇级"),
)
GRID_AWARDS = (("示范网格", "县级"), ("百佳网格", "市级"))
PRIZES = ("一等奖", "二等奖", "三等奖", "优秀奖")
FORMS = ("演讲", "朗诵", "情景剧", "快板", "三句半")
PHOTO_EVERY = 50  # one story in this many has a cover photo, and one more a photo in its text
PHOTO_SIZE = (1280, 960)


def photo(seed: int) -> bytes:
    """A photo-like JPEG, the same bytes for the same seed: colour at three scales, and grain."""
    rng = random.Random(seed)
    width, height = PHOTO_SIZE
    picture = Image.new("RGB", PHOTO_SIZE, (128, 128, 128))
    for cells, weight in ((8, 1.0), (40, 0.35), (200, 0.15)):
        size = (cells, cells * height // width)
        layer = Image.frombytes("RGB", size, rng.randbytes(size[0] * size[1] * 3))
        picture = Image.blend(picture, layer.resize(PHOTO_SIZE, Image.Resampling.BICUBIC), weight)
    grain = Image.frombytes("L", PHOTO_SIZE, rng.randbytes(width * height)).convert("RGB")
    buffer = io.BytesIO()
    Image.blend(picture, grain, 0.06).save(buffer, "JPEG", quality=88)
    return buffer.getvalue()


def counties(rng: random.Random) -> list[tuple[str, list[str]]]:
    """Counties of several provinces with some of their townships, from the national list."""
    from gridnews.gazetteer import gazetteer  # noqa: PLC0415

    names = gazetteer()
    chosen = []
    for code, division in sorted(names.divisions.items()):
        if division.level != 3 or names.path(code).split("/")[0] not in PROVINCES:
            continue
        towns = [names.divisions[c].name for c in names.children.get(code, [])]
        if len(towns) >= 3:
            chosen.append((names.path(code), towns))
    rng.shuffle(chosen)
    return sorted(chosen[:60])


def person(rng: random.Random) -> str:
    """A plausible Chinese name."""
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def story(
    number: int, rng: random.Random, places: list[tuple[str, list[str]]], workers: dict
) -> str:
    """One story file."""
    region, towns = rng.choice(places)
    county = region.split("/")[-1]
    town = rng.choice(towns)
    community = (
        rng.choice(("幸福", "和平", "新华", "东风", "光明", "向阳", "团结", "建设")) + "社区"
    )
    pool = workers.setdefault(region, [person(rng) for _ in range(rng.randint(30, 70))])
    worker = rng.choice(pool)
    fill = {
        "county": county,
        "town": town,
        "community": community,
        "worker": worker,
        "resident": person(rng),
        "month": rng.randint(1, 12),
        "day": rng.randint(1, 28),
    }
    paragraphs = [rng.choice(OPENINGS).format(**fill)]
    target = rng.randint(800, 2500)
    while sum(len(p) for p in paragraphs) < target:
        if rng.random() < 0.15:
            paragraphs.append("## " + rng.choice(HEADINGS))
        paragraphs.append(rng.choice(MIDDLES).format(**fill))
    paragraphs.append(rng.choice(CLOSINGS).format(**fill))
    if number % PHOTO_EVERY == PHOTO_EVERY // 2:
        paragraphs.insert(
            2, f"![{town}{community}网格员入户走访](../images/photos/photo-{number:05d}.jpg)"
        )
    year = rng.randint(2019, 2023)
    lines = [
        "---",
        f"title: {county}{rng.choice(('扎实推进网格化服务管理', '网格员走街串巷解民忧', '织密基层治理一张网'))}（{number}）",
        f"slug: story-{number:05d}",
        f"date: {year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}T{rng.randint(8, 20):02d}:00:00+08:00",
        f"source: {county}融媒体中心",
        f"authors: [{person(rng)}]",
        f"region: {region}",
        "category: 基层治理",
        "tags: [网格员, 基层治理]",
    ]
    if number % PHOTO_EVERY == 0:
        lines.append(f"image: images/photos/photo-{number:05d}.jpg")
    kind = rng.random()
    if kind < 0.2:
        lines.append("honours:")
        for name in rng.sample(pool, rng.randint(1, 4)):
            award, level = rng.choice(AWARDS)
            lines.append(
                f"  - {{name: {name}, kind: worker, award: {award}, year: {year - 1}, level: {level}}}"
            )
        if rng.random() < 0.3:
            award, level = rng.choice(GRID_AWARDS)
            lines.append(
                f"  - {{name: {town}{community}第{rng.randint(1, 20)}网格, kind: grid, award: {award}, year: {year - 1}, level: {level}}}"
            )
    elif kind < 0.28:
        lines += [
            "events:",
            f"  - name: {county}网格故事讲述活动",
            f"    date: {year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            f"    place: {town}文化中心",
            f"    organiser: {county}委政法委",
            f"    forms: [{', '.join(rng.sample(FORMS, 3))}]",
            "    winners:",
        ]
        for index, name in enumerate(rng.sample(pool, 4)):
            lines.append(
                f"      - {{name: {name}, prize: {PRIZES[index]}, work: 我的网格{index + 1}}}"
            )
    elif kind < 0.36:
        total = rng.randint(1000, 9000)
        done = total - rng.randint(0, total // 50)
        lines += [
            "stats:",
            f"  - {{label: 网格, value: {rng.randint(100, 1500)}, unit: 个, year: {year}, metric: grids}}",
            f"  - {{label: 网格员, value: {rng.randint(100, 1500)}, unit: 名, year: {year}, metric: workers}}",
            f"  - {{label: 上报事件, value: {total}, unit: 件, year: {year}}}",
            f"  - {{label: 办结事件, value: {done}, unit: 件, year: {year}}}",
            f"  - {{label: 办结率, value: {round(done / total * 100, 1)}, unit: '%', year: {year}, numerator: 办结事件, denominator: 上报事件}}",
        ]
    lines += ["---", "", "\n\n".join(paragraphs), ""]
    return "\n".join(lines)


def main() -> None:
    """Write the corpus."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    places = counties(rng)
    if args.folder.exists():
        shutil.rmtree(args.folder)
    stories = args.folder / "stories"
    stories.mkdir(parents=True)
    workers: dict[str, list[str]] = {}
    for number in range(1, args.count + 1):
        (stories / f"story-{number:05d}.md").write_text(
            story(number, rng, places, workers), encoding="utf-8"
        )
    images = args.folder / "images" / "photos"
    images.mkdir(parents=True)
    photos = [n for n in range(1, args.count + 1) if n % (PHOTO_EVERY // 2) == 0]
    for number in photos:
        (images / f"photo-{number:05d}.jpg").write_bytes(photo(args.seed * 1_000_003 + number))
    print(f"{args.count} stories in {stories}, {len(photos)} photos in {images}")


if __name__ == "__main__":
    main()
