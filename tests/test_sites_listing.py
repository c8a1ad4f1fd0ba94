"""Listing pages (caveat not_an_article) in the sites roll-up: counted, never judged as articles."""
from __future__ import annotations

import csv
import json

from scorer.sites import CSV_COLUMNS, flat, read_rows, rollup, table

LISTING = {"code": "not_an_article", "message": "Not an article: this page lists stories ..."}


def _row(path, score, caveats=()):
    return {"path": path, "status": "ok", "url": f"https://www.farm.example/{path}", "score": score,
            "verdict": "likely reliable" if score >= 75 else "likely unreliable",
            "facets": {"mt": 0.1}, "reasons": [], "caveats": list(caveats)}


def _rows():
    # Two articles, one unreliable; three listing pages scored high on their teasers.
    return ([_row("a1", 10.0), _row("a2", 90.0)]
            + [_row(f"tag/{i}", 95.0, caveats=[LISTING]) for i in range(3)])


def test_listing_pages_are_counted_but_left_out_of_scores_and_shares():
    (site,) = rollup(_rows())
    d = site.to_dict()
    assert d["articles"] == 5 and d["not_articles"] == 3
    assert d["scored"] == 2 and d["score_median"] == 50.0
    assert d["unreliable_share"] == 0.5  # 1 of the 2 articles; 1 of 5 with the listings in
    assert all(not w["path"].startswith("tag/") for w in d["worst"])
    assert "3 listing page(s)" in table([site])


def test_another_caveat_keeps_a_row_in_the_shares():
    rows = [_row("a1", 10.0, caveats=[{"code": "short_text", "message": "..."}]), _row("a2", 90.0)]
    (site,) = rollup(rows)
    assert site.scored == 2 and site.not_articles == 0
    assert "listing page" not in table([site])


def test_the_csv_caveats_column_is_read_too(tmp_path):
    path = tmp_path / "rows.csv"
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=["path", "status", "url", "score", "verdict", "reasons", "caveats"])
        w.writeheader()
        for r in _rows():
            w.writerow({**{k: r[k] for k in ("path", "status", "url", "score", "verdict")}, "reasons": "",
                        "caveats": "; ".join(["short_text"] + [c["code"] for c in r["caveats"]])})
    (site,) = rollup(read_rows(path))
    assert (site.scored, site.not_articles) == (2, 3)


def test_the_sites_outputs_carry_the_count(tmp_path):
    (site,) = rollup(_rows())
    assert "not_articles" in CSV_COLUMNS and flat(site.to_dict())["not_articles"] == 3
    jsonl = tmp_path / "rows.jsonl"
    jsonl.write_text("".join(json.dumps(r) + "\n" for r in _rows()), encoding="utf-8")
    (again,) = rollup(read_rows(jsonl))
    assert again.to_dict() == site.to_dict()
