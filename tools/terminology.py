"""TERMINOLOGY.md as the tests read it: each term, its Chinese, its first-use form, its banned
variants.

- ``banned_in(text)``: the banned variants (the 不用 column) that ``text`` uses outside a
  term's first-use form, which may name a variant (打包（packing；也有人译作压紧）);
- ``missing_terms(english, chinese)``: for each term that has banned variants (the terms that
  drift), used by an English document but whose Chinese its translation lacks.

``tests/test_translation.py`` applies the first to the Chinese notebooks, and
``tests/test_terminology.py`` both to README.zh-CN.md and TEACHING.zh-CN.md. Standard library
only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

TERMINOLOGY = Path(__file__).resolve().parents[1] / "TERMINOLOGY.md"


@dataclass(frozen=True)
class Term:
    """One row of the table: English, Chinese, first-use form, banned variants."""

    english: str
    chinese: str
    first_use: str
    banned: tuple[str, ...]

    def pairs(self) -> list[tuple[str, tuple[str, ...]]]:
        """Each English alternative (``forget gate / input gate``) with the Chinese it takes:
        the alternative in the same place, or any of them when the counts differ."""
        english = [e.strip() for e in re.sub(r"\([^)]*\)", "", self.english).split("/")]
        chinese = [c.strip() for c in re.sub(r"（[^）]*）", "", self.chinese).split("/")]
        english, chinese = [e for e in english if e], [c for c in chinese if c]
        if len(english) == len(chinese):
            return [(e, (c,)) for e, c in zip(english, chinese, strict=True)]
        return [(e, tuple(chinese)) for e in english]


def terms(path: Path = TERMINOLOGY) -> list[Term]:
    """Every row of the terminology table."""
    found = []
    for line in path.read_text(encoding="utf-8").splitlines():
        columns = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(columns) != 4 or columns[0] in ("English", "") or set(columns[0]) <= {"-"}:
            continue
        banned = tuple(w.strip() for w in re.split("[、,，]", columns[3]) if w.strip())
        found.append(Term(columns[0], columns[1], columns[2], banned))
    return found


def banned_in(text: str, path: Path = TERMINOLOGY) -> list[str]:
    """The banned variants ``text`` uses, outside the first-use forms that name them."""
    rows = terms(path)
    for row in rows:
        if row.first_use:
            text = text.replace(row.first_use, "")
    return sorted({word for row in rows for word in row.banned if word in text})


def missing_terms(english: str, chinese: str, path: Path = TERMINOLOGY) -> list[str]:
    """ "english term -> 中文" for each drift-prone term ``english`` uses and ``chinese`` lacks."""
    missing = []
    for row in terms(path):
        if not row.banned:
            continue
        for word, wanted in row.pairs():
            pattern = r"\b" + re.escape(word).replace(r"\ ", r"[\s-]+") + r"(?:s|es)?\b"
            if re.search(pattern, english, re.IGNORECASE) and not any(w in chinese for w in wanted):
                missing.append(f"{word} -> {' / '.join(wanted)}")
    return missing
