"""The benchmark's baseline is plain Pelican: no plugin, even where one is installed."""

from __future__ import annotations

import sys
from pathlib import Path

import pelican
import pytest
from pelican.plugins._utils import get_namespace_plugins, load_plugins
from pelican.settings import read_settings

from helpers import ROOT

sys.path.insert(0, str(ROOT / "scripts"))

import bench_build


def test_plain_pelican_loads_no_installed_plugin(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`make bench` installs pelican-image-process, a namespace plugin that Pelican loads by
    itself when PLUGINS is not set; the plain build must not load it."""
    probe = tmp_path / "site-packages" / "pelican" / "plugins" / "gridnews_probe"
    probe.mkdir(parents=True)
    (probe / "__init__.py").write_text("def register():\n    pass\n", encoding="utf-8")
    # installed beside Pelican's own files, as pip puts a namespace plugin
    monkeypatch.setattr(pelican, "__path__", [*pelican.__path__, str(probe.parent.parent)])
    assert "pelican.plugins.gridnews_probe" in get_namespace_plugins()

    def loaded(text: str) -> list[str]:
        settings = tmp_path / "settings.py"
        settings.write_text(text, encoding="utf-8")
        return [plugin.__name__ for plugin in load_plugins(read_settings(str(settings)))]

    unset = bench_build.PLAIN_SETTINGS.replace("PLUGINS = []\n", "")
    assert "pelican.plugins.gridnews_probe" in loaded(unset)  # what the baseline used to do
    assert loaded(bench_build.PLAIN_SETTINGS) == []


def test_the_plain_settings_are_written_again_for_a_kept_corpus(tmp_path: Path) -> None:
    """A plain corpus made by an earlier version of the benchmark gets today's settings."""
    corpus = tmp_path / "corpus"
    (corpus / "stories").mkdir(parents=True)
    (corpus / "stories" / "a.md").write_text(
        "---\ntitle: 网格员入户走访\ndate: 2024-03-01\nslug: a\n---\n正文。\n", encoding="utf-8"
    )
    target = bench_build.plain_corpus(corpus, tmp_path / "plain" / "content")
    settings = tmp_path / "plain" / "plain-settings.py"
    settings.write_text('SITENAME = "网格新闻"\n', encoding="utf-8")  # an older benchmark's
    assert bench_build.plain_corpus(corpus, tmp_path / "plain" / "content") == target
    assert settings.read_text(encoding="utf-8") == bench_build.PLAIN_SETTINGS
