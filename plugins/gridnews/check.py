"""Check a whole content folder against the content model, as `make check` does."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from gridnews.errors import ContentError, Problem
from gridnews.frontmatter import FrontMatterError, load_yaml_file
from gridnews.model import validate_roster
from gridnews.story import display_path, new_markdown, read_story

STORY_SUFFIXES = {".md", ".markdown"}
# The folders of content/ that hold what the site publishes (pelicanconf's ARTICLE_PATHS,
# PAGE_PATHS, and the rosters of the honours plugin).
STORIES_FOLDER = "stories"
PAGES_FOLDER = "pages"
ROSTERS_FOLDER = "honours"


@dataclass
class Report:
    """Everything a check found: problems in file order, and how many files were read."""

    problems: list[Problem] = field(default_factory=list)
    files: int = 0

    @property
    def errors(self) -> list[Problem]:
        """Return only the errors (warnings do not fail a check)."""
        return [p for p in self.problems if p.severity == "error"]


def check_content(root: Path) -> Report:
    """Validate every story, page and roster under root, and every slug against the others."""
    report = Report()
    markdown = new_markdown()
    slugs: dict[tuple[str, str], list[tuple[str, int]]] = defaultdict(list)
    for path in sorted(root.rglob("*")):
        if not path.is_file() or any(part.startswith(".") for part in path.relative_to(root).parts):
            continue
        relative = path.relative_to(root)
        top = relative.parts[0]
        if path.suffix in STORY_SUFFIXES and top in (STORIES_FOLDER, PAGES_FOLDER):
            report.files += 1
            page = top == PAGES_FOLDER
            try:
                read = read_story(path, markdown, content_root=root, page=page)
            except ContentError as error:
                report.problems.extend(error.problems)
                continue
            slugs[("page" if page else "story", read.slug)].append((read.path, read.slug_line))
        elif path.suffix in {".yml", ".yaml"} and top == ROSTERS_FOLDER:
            report.files += 1
            report.problems.extend(_check_roster(path))
    for (kind, slug), places in slugs.items():
        report.problems.extend(
            slug_collision(path, line, slug, kind, places[0][0]) for path, line in places[1:]
        )
    report.problems.sort(key=lambda p: (p.path, p.line or 0))
    return report


def slug_collision(path: str, line: int | None, slug: str, kind: str, first: str) -> Problem:
    """The problem reported for a story or page whose slug an earlier one already has."""
    return Problem(
        path,
        line,
        "slug",
        f"'{slug}' is already the slug of {kind} {first}; give one of them its own 'slug:' "
        "in the front matter",
    )


def _check_roster(path: Path) -> list[Problem]:
    """Validate one roster file."""
    shown = display_path(path)
    try:
        matter = load_yaml_file(path.read_text(encoding="utf-8"), shown)
    except FrontMatterError as error:
        return [error.problem]
    except UnicodeDecodeError:
        return [Problem(shown, None, "encoding", "the file is not UTF-8; save it as UTF-8")]
    return validate_roster(matter, shown).problems
