"""Prove a speed change changed no output: score a fixed sample, write it, compare two runs.

    python benchmarks/check_identical.py --out /tmp/before.jsonl          # before the change
    python benchmarks/check_identical.py --out /tmp/after.jsonl --compare /tmp/before.jsonl
    python benchmarks/check_identical.py --out /tmp/after.jsonl --compare /tmp/before.jsonl --all

The sample is deterministic: the five seeds (scored from their bytes, as ``spinscore score``
does), ~400 documents of the training corpus (``scorer.training.corpus.assemble``; picked by
a hash of their text, about one in ten of them raw HTML pages; needs ../shared/data, skipped
when absent) and the generated corpus of ``bench_batch.py`` (text and HTML).

Per document it writes the Article fields (body, content after boilerplate stripping, title,
published, url, language and its confidence, paragraphs, format) and everything the
``readability``, ``boilerplate`` and ``citations`` families put in the report (features,
evidence, not_applicable, details, facet risk), plus word_count. The ``mt`` and ``ai_style``
families are being changed by other people, so they are compared only when their source files
are byte-identical between the two runs (then the whole report is compared: score, reasons,
every evidence span); otherwise they and everything derived from them (score, verdict,
reasons) are left out and the comparison says so. ``--all`` compares the whole report of every
family whatever changed (use it when the change is meant to be output-neutral everywhere).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

OWNED = ("readability", "boilerplate", "citations")
OTHERS = ("mt", "ai_style")
N_CORPUS = 400
N_BENCH = 60  # per format


def others_fingerprint() -> str:
    """Hash of the mt/ai_style sources and tables: equal => their outputs must be equal too."""
    h = hashlib.sha256()
    feats = REPO / "scorer" / "features"
    for p in sorted([*feats.glob("mt*.py"), *feats.glob("ai_style*.py"), *(REPO / "models").glob("*.json"),
                     *(REPO / "scorer" / "data").glob("*")]):
        if p.is_file():
            h.update(p.name.encode())
            h.update(p.read_bytes())
    return h.hexdigest()[:16]


def sample_inputs(data: Path | None) -> list[tuple[str, bytes | None, object]]:
    """(id, raw bytes or None, corpus Doc or None) for every document of the check set."""
    out: list[tuple[str, bytes | None, object]] = []
    for p in sorted((REPO / "seeds").iterdir()):
        if p.is_file():
            out.append((f"seed/{p.name}", p.read_bytes(), None))
    if data is not None and data.exists():
        from scorer.training.corpus import assemble

        docs = assemble(data)
        from bench_batch import doc_key as key
        html = sorted((d for d in docs if d.fmt == "html"), key=key)[: N_CORPUS // 10]
        text = sorted((d for d in docs if d.fmt != "html"), key=key)[: N_CORPUS - len(html)]
        seen: dict[str, int] = {}
        for d in sorted(html + text, key=key):
            ident = f"corpus/{d.fmt}/{d.kind}/{key(d)[:16]}"
            seen[ident] = seen.get(ident, 0) + 1  # the corpus holds a few exact duplicates
            out.append((ident + (f"#{seen[ident]}" if seen[ident] > 1 else ""), None, d))
    from bench_batch import make_corpus

    with tempfile.TemporaryDirectory() as tmp:
        for fmt in ("txt", "html"):
            make_corpus(Path(tmp) / fmt, N_BENCH, fmt)
            for p in sorted((Path(tmp) / fmt).iterdir()):
                out.append((f"bench/{fmt}/{p.name}", p.read_bytes(), None))
    return out


def _family(name: str) -> str:
    return name.split(".", 1)[0]


def record(scorer, ident: str, raw: bytes | None, doc) -> dict:
    from dataclasses import replace

    from scorer import errors
    from scorer.ingest import parse_bytes, parse_text

    name = ident.rsplit("/", 1)[-1]
    try:
        if raw is not None:
            art = parse_bytes(raw, name=name, path=name)
        else:
            art = parse_text(doc.text, name="x.html" if doc.fmt == "html" else "")
            if doc.published and not art.published:
                art = replace(art, published=doc.published)
    except errors.SpinscoreError as exc:
        return {"id": ident, "error": [exc.code, exc.message]}
    bp = next(e for e in scorer.extractors if e.name == "boilerplate")
    content = art.without(bp.extract(art).strip).content
    rep = scorer.score_article(art, path=name).to_dict()
    a = {
        "body": art.body, "content": content, "title": art.title, "published": art.published,
        "url": art.url, "language": art.language, "language_confidence": art.language_confidence,
        "paragraphs": [[p.start, p.end] for p in art.paragraphs], "source_format": art.source_format,
        "encoding": art.encoding, "page_text": art.page_text, "meta": art.meta,
    }
    return {"id": ident, "article": a, "report": rep}


def owned_view(rep: dict) -> dict:
    """The report without anything the mt / ai_style families decide."""
    keep = {k: v for k, v in rep.items() if k not in ("score", "verdict", "reasons", "facets", "features",
                                                     "evidence", "not_applicable", "details")}
    keep["facets"] = {k: v for k, v in rep["facets"].items() if k in OWNED}
    keep["features"] = {k: v for k, v in rep["features"].items() if _family(k) in OWNED}
    keep["not_applicable"] = {k: v for k, v in rep["not_applicable"].items() if _family(k) in OWNED}
    keep["evidence"] = [e for e in rep["evidence"] if _family(e["feature"]) in OWNED]
    keep["details"] = {k: v for k, v in rep["details"].items() if k in OWNED}
    return keep


def diff(a, b, path: str, out: list[str], limit: int = 6) -> None:
    if len(out) >= limit:
        return
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b), key=str):
            if k not in a or k not in b:
                out.append(f"{path}.{k}: {'missing before' if k not in a else 'missing after'}")
            else:
                diff(a[k], b[k], f"{path}.{k}", out, limit)
    elif isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for i, (x, y) in enumerate(zip(a, b)):
            diff(x, y, f"{path}[{i}]", out, limit)
    elif a != b or type(a) is not type(b):
        sa, sb = json.dumps(a, ensure_ascii=False), json.dumps(b, ensure_ascii=False)
        out.append(f"{path}: {sa[:160]} -> {sb[:160]}")


def compare(old_path: Path, new_path: Path, everything: bool = False) -> int:
    def load(p: Path) -> tuple[dict, dict]:
        with p.open() as fh:
            head = json.loads(fh.readline())
            return head, {r["id"]: r for r in map(json.loads, fh)}

    h_old, old = load(old_path)
    h_new, new = load(new_path)
    full = everything or h_old["others_fingerprint"] == h_new["others_fingerprint"]
    if everything:
        print("--all: comparing whole reports of every family")
    else:
        print(f"mt/ai_style sources {'unchanged: comparing whole reports' if full else 'changed: comparing the ' + '/'.join(OWNED) + ' families and the Article only'}")
    n_diff = 0
    for ident in sorted(set(old) | set(new)):
        if ident not in old or ident not in new:
            print(f"{ident}: only in {'new' if ident not in old else 'old'}")
            n_diff += 1
            continue
        a, b = old[ident], new[ident]
        if not full:
            for r in (a, b):
                if "report" in r:
                    r["report"] = owned_view(r["report"])
        out: list[str] = []
        diff(a, b, "", out)
        if out:
            n_diff += 1
            print(f"{ident}:")
            for line in out:
                print("   ", line)
    print(f"{len(new)} documents, {n_diff} with differences")
    return 1 if n_diff else 0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, required=True, help="write the sample's outputs here (JSONL)")
    ap.add_argument("--compare", type=Path, default=None, help="an earlier --out file to compare with")
    ap.add_argument("--data", type=Path, default=None, help="corpora folder (default: ../shared/data)")
    ap.add_argument("--all", action="store_true",
                    help="compare the whole report of every family, even when mt/ai_style sources changed")
    args = ap.parse_args()
    # This tree's models: in a git worktree, ``scorer._models`` resolves through the editable
    # install to the main checkout's models/, which may be retrained while a comparison runs.
    os.environ.setdefault("SPINSCORE_MODELS", str(REPO / "models"))
    print(f"models: {os.environ['SPINSCORE_MODELS']}", file=sys.stderr)
    from scorer.corpora.base import data_dir
    from scorer.scoring import Scorer

    data = data_dir(args.data)
    t0 = time.perf_counter()
    inputs = sample_inputs(data if data.exists() else None)
    scorer = Scorer()
    t1 = time.perf_counter()
    with args.out.open("w") as fh:
        fh.write(json.dumps({"others_fingerprint": others_fingerprint(), "documents": len(inputs)}) + "\n")
        for ident, raw, doc in inputs:
            fh.write(json.dumps(record(scorer, ident, raw, doc), ensure_ascii=False, sort_keys=True) + "\n")
    print(f"{len(inputs)} documents scored in {time.perf_counter() - t1:.1f} s "
          f"(sample built in {t1 - t0:.1f} s) -> {args.out}", file=sys.stderr)
    if args.compare:
        sys.exit(compare(args.compare, args.out, everything=args.all))


if __name__ == "__main__":
    main()
