"""Speed and memory of `spinscore batch`, on a generated corpus (run on demand, not in CI).

    python benchmarks/bench_batch.py --n 600            # plain text, HTML, jobs 1 and 2
    python benchmarks/bench_batch.py --n 2000 --keep /tmp/corpus

Generates articles of realistic length (about 3 KB of text; HTML pages wrap the same text in
a page template with navigation and footer), then times `python -m scorer batch` as a
subprocess and reads its peak resident memory (max RSS of the process tree, from
getrusage(RUSAGE_CHILDREN)). Reports articles/s and MB.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PLACES = ["Nairobi", "Dhaka", "Seoul", "Lyon", "Porto", "Tucson", "Leeds", "Perth", "Accra", "Cebu"]
PEOPLE = ["Amina Odhiambo", "Rahim Chowdhury", "Kim Ji-woo", "Claire Martin", "João Silva",
          "Maria Lopez", "Tom Baker", "Sarah Nguyen", "Kwame Mensah", "Ana Reyes"]
ORGS = ["the city council", "the health ministry", "the port authority", "the central bank",
        "the teachers' union", "the water board", "the transport agency", "the university"]
SENTENCES = [
    "{org} said on {day} that it would spend {n} million on new {thing} over the next {k} years.",
    "“We have waited a long time for this,” said {person}, who has lived in {place} for {k} decades.",
    "Critics said the plan came too late and would not help families already struggling with costs.",
    "The decision follows months of protests outside the offices of {org} in central {place}.",
    "{person}, a spokesperson for {org}, told reporters the first phase would start in {month}.",
    "Officials did not say how the project would be funded beyond the current budget year.",
    "About {n},000 residents are expected to benefit, according to figures released by {org}.",
    "The opposition called for an independent review, saying the costs had been underestimated.",
    "In {place}, shop owners said business had slowed since the roadworks began in {month}.",
    "{org} has faced criticism before over delays to similar projects, local media reported.",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
MONTHS = ["January", "March", "May", "July", "September", "November"]
THINGS = ["clinics", "schools", "bus lanes", "water pipes", "bridges", "housing units"]


def article(rng: random.Random, target_bytes: int = 3000) -> tuple[str, str]:
    place = rng.choice(PLACES)
    title = f"{rng.choice(ORGS).capitalize()} unveils {rng.choice(THINGS)} plan for {place}"
    paras, size = [], 0
    while size < target_bytes:
        sents = [rng.choice(SENTENCES).format(
            org=rng.choice(ORGS), day=rng.choice(DAYS), n=rng.randint(2, 90), thing=rng.choice(THINGS),
            k=rng.randint(2, 6), person=rng.choice(PEOPLE), place=place, month=rng.choice(MONTHS))
            for _ in range(rng.randint(2, 4))]
        p = " ".join(s[0].upper() + s[1:] for s in sents)
        paras.append(p)
        size += len(p) + 2
    return title, "\n\n".join(paras)


def html_page(title: str, body: str) -> str:
    nav = "".join(f"<li><a href='/{s}'>{s.title()}</a></li>" for s in ("news", "sport", "business", "culture"))
    ps = "".join(f"<p>{p}</p>" for p in body.split("\n\n"))
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title} | Daily Post</title></head>"
            f"<body><header><nav><ul>{nav}</ul></nav></header><main><article><h1>{title}</h1>{ps}</article></main>"
            "<aside><h3>Most read</h3><ul><li><a href='/a'>Storm closes roads</a></li></ul></aside>"
            "<footer><p>© 2024 Daily Post. All rights reserved.</p></footer></body></html>")


def make_corpus(root: Path, n: int, fmt: str, seed: int = 0) -> None:
    rng = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        title, body = article(rng)
        if fmt == "html":
            (root / f"{i:06d}.html").write_text(html_page(title, body))
        else:
            (root / f"{i:06d}.txt").write_text(title + "\n\n" + body)


def run(folder: Path, jobs: int) -> dict:
    out = folder.parent / f"rows_{folder.name}_{jobs}.jsonl"
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "scorer", "batch", str(folder), "--out", str(out),
                           "--jobs", str(jobs), "--no-progress"], capture_output=True, text=True)
    secs = time.perf_counter() - t0
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    rows = sum(1 for _ in out.open())
    return {"folder": folder.name, "jobs": jobs, "files": rows, "seconds": round(secs, 2),
            "articles_per_s": round(rows / secs, 1), "peak_rss_mb_max_so_far": round(max(peak_kb, before) / 1024, 1),
            "exit": proc.returncode, "summary": proc.stderr.strip().splitlines()[-1] if proc.stderr else ""}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=600, help="articles per format")
    ap.add_argument("--keep", type=Path, default=None, help="generate into this folder and keep it")
    ap.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    args = ap.parse_args()
    base = args.keep or Path(tempfile.mkdtemp(prefix="spinscore-bench-"))
    results = []
    try:
        for fmt in ("txt", "html"):
            folder = base / fmt
            if not folder.exists():
                make_corpus(folder, args.n, fmt)
            for jobs in args.jobs:
                r = run(folder, jobs)
                results.append(r)
                print(json.dumps(r), flush=True)
    finally:
        if args.keep is None:
            shutil.rmtree(base, ignore_errors=True)
    print(f"cpu count: {os.cpu_count()}; note: peak RSS is the largest single process seen so far")


if __name__ == "__main__":
    main()
