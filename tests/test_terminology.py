"""README.zh-CN.md and TEACHING.zh-CN.md use the course's terms, not only the current hash.

tests/test_translation.py checks that each carries the SHA-256 of the English it translates;
a translation can be current and still use a term that TERMINOLOGY.md bans, or drop the
course's Chinese for a term the English uses. These tests read TERMINOLOGY.md through
tools/terminology.py: no word of its 不用 column outside a term's first-use form, and for each
term with banned variants that the English document uses, its Chinese in the translation.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tools import terminology

ROOT = Path(__file__).resolve().parents[1]
DOCUMENTS = [("README.zh-CN.md", "README.md"), ("TEACHING.zh-CN.md", "TEACHING.md")]


@pytest.mark.parametrize("chinese, english", DOCUMENTS)
def test_the_chinese_documents_use_no_banned_term(chinese, english):
    used = terminology.banned_in((ROOT / chinese).read_text(encoding="utf-8"))
    assert not used, f"{chinese} uses {used}, which TERMINOLOGY.md bans: use the course's terms"


@pytest.mark.parametrize("chinese, english", DOCUMENTS)
def test_the_chinese_documents_use_the_course_term_where_the_english_does(chinese, english):
    missing = terminology.missing_terms(
        (ROOT / english).read_text(encoding="utf-8"), (ROOT / chinese).read_text(encoding="utf-8")
    )
    assert not missing, (
        f"{english} uses terms whose Chinese {chinese} lacks ({'; '.join(missing)}): "
        "translate them as TERMINOLOGY.md says"
    )


def test_the_checks_catch_the_drift_they_are_for(tmp_path):
    table = tmp_path / "TERMINOLOGY.md"
    table.write_text(
        "| English | 中文 | 首次出现时的写法 | 不用 |\n|---|---|---|---|\n"
        "| epoch | 迭代周期 | 迭代周期（epoch） | 训练轮数 |\n"
        "| packing | 打包 | 打包（packing；也有人译作压紧） | 压紧 |\n",
        encoding="utf-8",
    )
    assert terminology.banned_in("训练三个训练轮数", table) == ["训练轮数"]
    assert terminology.banned_in("打包（packing；也有人译作压紧）让批量更小", table) == []
    assert terminology.missing_terms("two epochs", "两个训练轮数", table) == ["epoch -> 迭代周期"]
    assert terminology.missing_terms("two epochs", "两个迭代周期", table) == []
    assert terminology.missing_terms("no such term", "", table) == []
