"""Slim a Lambda layer's site dir (`<layer>/python`) after pip installed into it.

Used by layers/nlp/Makefile during `sam build` (it lives in the layer's ContentUri so that a change to it
invalidates `sam build --cached`; only $(ARTIFACTS_DIR)/python ships):
  python slim.py SITE [--provided-by REPORT.json] [--drop NAME ...] [--keep-spacy-lang CODE ...]

- Distributions another layer provides (a `pip install --report` of that layer's requirements)
  or that the Lambda runtime provides (`--drop boto3 ...`) are removed file by file from their
  RECORD, so one package never exists in two layers at two versions.
- Files no import needs are deleted: tests, C/Cython sources and headers, type stubs, spaCy's
  language data for languages the NER model doesn't use, and Babel's locale data for other
  languages (only courlan's URL-language heuristic reads it, and it treats an unknown locale as
  "no signal").
- Shared objects are stripped of their symbol tables (dynamic symbols stay).
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

DEAD_DIRS = {"tests", "test", "__pycache__"}
DEAD_SUFFIXES = {".pyx", ".pxd", ".pxi", ".c", ".cc", ".cpp", ".h", ".hpp", ".pyi"}
# `xx` is spaCy's multi-language fallback.
SPACY_LANGS_ALWAYS_KEPT = {"xx"}


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def installed(site: Path) -> dict[str, tuple[str, Path]]:
    """canonical name -> (version, dist-info dir) for every distribution in `site`."""
    found = {}
    for info in site.glob("*.dist-info"):
        name, version = info.name[: -len(".dist-info")].rsplit("-", 1)
        found[canonical(name)] = (version, info)
    return found


def remove_distribution(site: Path, info: Path) -> int:
    """Delete every file the distribution's RECORD lists, then its empty folders; bytes freed."""
    freed = 0
    folders = set()
    for line in (info / "RECORD").read_text().splitlines():
        relative = line.rsplit(",", 2)[0]
        path = (site / relative).resolve()
        if site.resolve() not in path.parents or not path.is_file():
            continue  # scripts installed outside the site dir (bin/) or already gone
        freed += path.stat().st_size
        path.unlink()
        folders.add(path.parent)
    shutil.rmtree(info, ignore_errors=True)
    for folder in sorted(folders, key=lambda p: len(p.parts), reverse=True):
        for candidate in [folder, *folder.parents]:
            if candidate == site.resolve() or not candidate.is_dir():
                break
            pycache = candidate / "__pycache__"
            if pycache.is_dir() and all(p.suffix == ".pyc" for p in pycache.iterdir()):
                shutil.rmtree(pycache)
            if any(candidate.iterdir()):
                break
            candidate.rmdir()
    return freed


def provided_by(report: Path) -> dict[str, str]:
    """canonical name -> version of what a `pip install --dry-run --report` would install."""
    data = json.loads(report.read_text())
    return {canonical(item["metadata"]["name"]): item["metadata"]["version"] for item in data["install"]}


def size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def drop_dead_files(site: Path) -> None:
    for path in sorted(site.rglob("*"), key=lambda p: len(p.parts), reverse=True):
        if path.is_dir() and path.name in DEAD_DIRS and not path.parent.name.endswith(".dist-info"):
            shutil.rmtree(path)
        elif path.is_file() and path.suffix in DEAD_SUFFIXES:
            path.unlink()


def drop_spacy_languages(site: Path, keep: set[str]) -> None:
    """Remove spacy/lang/<code>/ packages except `keep` and any that kept spaCy code imports."""
    lang = site / "spacy" / "lang"
    if not lang.is_dir():
        return
    codes = {child.name for child in lang.iterdir() if child.is_dir() and re.fullmatch(r"[a-z]{2,3}", child.name)}
    # spaCy imports some languages eagerly (registrations.py: ja, ko, th, vi, zh), and languages
    # import each other; follow those imports from everything that stays.
    imported = re.compile(
        r"^\s*(?:from|import)\s+(?:spacy|\.*)\.?lang\.([a-z]{2,3})\b|^\s*from\s+\.\.([a-z]{2,3})\b", re.M
    )
    kept, pending = (
        set(),
        [p for p in (site / "spacy").rglob("*.py") if lang not in p.parents and "tests" not in p.parts],
    )
    pending += [p for code in keep & codes for p in (lang / code).rglob("*.py")]
    kept |= keep & codes
    while pending:
        for match in imported.finditer(pending.pop().read_text(errors="replace")):
            code = match.group(1) or match.group(2)
            if code in codes and code not in kept:
                kept.add(code)
                pending += list((lang / code).rglob("*.py"))
    for code in codes - kept:
        shutil.rmtree(lang / code)


def drop_babel_locales(site: Path, keep: set[str]) -> None:
    locales = site / "babel" / "locale-data"
    if not locales.is_dir():
        return
    for data in locales.glob("*.dat"):
        language = data.stem.split("_", 1)[0]
        if language not in keep and data.stem != "root":
            data.unlink()


def strip_shared_objects(site: Path) -> None:
    objects = [str(p) for p in site.rglob("*.so*") if p.is_file() and not p.is_symlink()]
    if objects and shutil.which("strip"):
        subprocess.run(["strip", "-s", *objects], check=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--provided-by", type=Path, help="pip --report JSON of another layer's requirements")
    parser.add_argument("--drop", nargs="*", default=[], help="distributions to remove (runtime-provided)")
    parser.add_argument("--keep-spacy-lang", nargs="*", default=["en"])
    parser.add_argument("--keep-babel-locale", nargs="*", default=["en"])
    args = parser.parse_args(argv)
    site: Path = args.site
    before = size(site)
    have = installed(site)
    other = provided_by(args.provided_by) if args.provided_by else {}
    for name, version in sorted(other.items()):
        if name in have and have[name][0] != version:
            print(f"slim: {name} {have[name][0]} here but {version} in the other layer", file=sys.stderr)
            return 1
    for name in sorted({*other, *map(canonical, args.drop)} & set(have)):
        remove_distribution(site, have[name][1])
    drop_dead_files(site)
    drop_spacy_languages(site, set(args.keep_spacy_lang) | SPACY_LANGS_ALWAYS_KEPT)
    drop_babel_locales(site, set(args.keep_babel_locale))
    strip_shared_objects(site)
    print(f"slim: {site} {before / 1e6:.1f} MB -> {size(site) / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
