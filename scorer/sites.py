"""Sites of a batch: the rows of ``spinscore batch`` rolled up by the site that published them.

Ad-safety and trust-and-safety teams act on sites (a domain is blocked, demonetised or put on a
watch list), and a crawl is triaged site by site: which sites publish mostly unreliable articles,
and which publish stories that first appeared elsewhere. This module counts that from the rows,
and shows the articles that make the count, so that every line can be checked.

What it does **not** do is give a site a verdict or a score of its own. No site-level label was
available to validate one against (the corpora are articles, not crawls of whole sites), and a
mean of article scores reads as a calibrated site rating when it is not. So a site line gives
counts, the share of its articles in the "likely unreliable" band with a 95 % Wilson interval
(3 of 3 articles is weak evidence; 80 of 100 is not), and its worst articles with their top
reason. Sites are listed by the interval's lower bound, so a site with few articles does not
outrank one with many on a lucky share.

The site of a row is the registrable domain of its ``url`` (tldextract's bundled suffix list,
never fetched), with private suffixes counted as their own sites: ``a.blogspot.com`` and
``b.blogspot.com`` are two publishers, and so are two blogs of a platform the list does not name
(:data:`SHARED_HOSTS`: ``a.wordpress.com``, ``b.substack.com``, ``c.blogspot.co.uk``). A row without a URL (a plain file with no canonical link)
belongs to the site ``None``.

Republishing is read from the copy clusters (:mod:`scorer.batch_clusters`): a row that is not the
likely original of its cluster (earliest date, then highest score), and whose original is on
another site, counts in ``original_elsewhere`` (and that site in ``original_elsewhere_sites``); the
original's site counts it in ``original_for_others``. The names say what is measured, not
"copied": a cluster groups rewrites of one story, and also independent reports of one event that
share its names and numbers (on real news pages, BBC and a regional site reporting the same
prosecutor's announcement a day apart). A high ``original_elsewhere_share`` at a site whose
articles score low is the content-farm pattern; at a newsroom it usually means it covered the
story later. The row's ``cluster_similarity`` tells a near copy from a shared story. A batch run with
``--no-clusters`` has no such counts (``None``).

Inputs (:func:`read_rows`): the JSONL or the CSV of ``spinscore batch``, or the Parquet of the
Spark job (:mod:`scorer.spark`: one ``.parquet`` file, or the folder of part files Spark writes),
whose ``reasons_json`` column keeps the evidence spans the CSV lacks. Parquet needs pyarrow
(``pip install "spinscore[spark]"``), imported only when a Parquet input is read.

Memory: per site a few counters, its scores (for the median: 8 bytes an article) and its
``worst`` rows; per non-original member of a cluster a short record until the end. Rows are read
one at a time (Parquet a batch of :data:`PARQUET_BATCH_ROWS` rows at a time).
"""
from __future__ import annotations

import heapq
import json
import math
import os
import re
import statistics
import unicodedata
from array import array
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator, Optional

from .caveats import codes as caveat_codes
from .csv_cells import guarded_row, unguarded_row
from .report import BANDS, FACETS, verdict_for

UNRELIABLE = BANDS[-1][1]  # "likely unreliable"
NOT_AN_ARTICLE = "not_an_article"  # the caveat of a listing page (scorer.page_kind)
Z95 = 1.959963984540054  # the two-sided 95 % normal quantile
# Blog and newsletter hosts whose subdomains are separate publishers (alice.wordpress.com and
# bob.wordpress.com) but which the Public Suffix List snapshot tldextract bundles does not list
# as private suffixes, as it lists blogspot.com and github.io: without this, every blog of a
# platform was one "site". The blogspot.<country> domains Blogger used (a.blogspot.co.uk) are
# matched by their name. A platform's own pages (www.wordpress.com) stay the platform's site.
SHARED_HOSTS = frozenset({
    "wordpress.com", "substack.com", "tumblr.com", "medium.com", "livejournal.com", "weebly.com",
    "typepad.com", "over-blog.com", "ghost.io", "hashnode.dev", "beehiiv.com", "squarespace.com",
    "jimdofree.com",
})
# Schemes of URLs that name no web site (a headless browser's about:blank, an Atom id's urn:).
_NOT_WEB_RE = re.compile(r"(?:about|blob|data|javascript|mailto|news|sms|tel|urn):", re.I)
_HOST_RE = re.compile(r"[\w.\-]+|[0-9a-f:.]+")  # a name (IDN letters too), an IPv4 or IPv6 address


def site_of(url: Optional[str]) -> Optional[str]:
    """The registrable domain of ``url`` (private suffixes such as blogspot.com included), the
    host for an IP address or a host without a known suffix; None without a usable URL."""
    from .features.citations_urls import _extractor, parse_url

    if not isinstance(url, str) or not url.strip():
        return None
    url = url.strip()
    if url.startswith("//"):  # protocol-relative, as a scraper may store an href
        url = "http:" + url
    elif _NOT_WEB_RE.match(url):  # read as "http://about:blank", it was a site named "about"
        return None
    host = _unicode_host(parse_url(url).host)
    if not host or not _HOST_RE.fullmatch(host):  # "https://<b>x</b>.org/" has a host of "<b>x<"
        return None
    ext = _extractor()(host, include_psl_private_domains=True)
    domain = getattr(ext, "top_domain_under_public_suffix", None)  # tldextract >= 5.2
    domain = ext.registered_domain if domain is None else domain
    if domain and (domain in SHARED_HOSTS or ext.domain == "blogspot"):
        blog = [label for label in ext.subdomain.split(".") if label and label != "www"]
        return f"{blog[-1]}.{domain}" if blog else domain
    return domain or host


def _unicode_host(host: str) -> str:
    """``host`` with its punycode labels decoded (``xn--bcher-kva`` -> ``bücher``), in NFC: one
    publisher is one site whichever way its URLs spell the name (a WARC-Target-URI is usually
    punycode, a page's canonical link or a JSON dump's ``url`` often Unicode). Plain punycode,
    not the ``idna`` codec, which refuses IDNA 2008 names such as ``straße``; a label that does
    not decode is kept as it is."""
    labels = []
    for label in host.split("."):
        if label.startswith("xn--"):
            try:
                label = label[4:].encode("ascii").decode("punycode") or label
            except (UnicodeError, ValueError):
                pass
        labels.append(label)
    return unicodedata.normalize("NFC", ".".join(labels)).lower()


def wilson(k: int, n: int, z: float = Z95) -> tuple[Optional[float], Optional[float]]:
    """The Wilson score interval of the proportion ``k``/``n`` (None, None without trials)."""
    if n <= 0:
        return None, None
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    # At 0 of n the bound is 0 exactly (and 1 at n of n), but centre - half rounds to 5.6e-17
    # for some n: sites without an unreliable article were ranked by that noise, not by size.
    return (0.0 if k <= 0 else max(0.0, centre - half)), (1.0 if k >= n else min(1.0, centre + half))


@dataclass
class SiteStats:
    """One site's rows: counts, scores, facets, cluster originals and the worst articles (see the
    module); :meth:`to_dict` is its output line."""

    site: Optional[str]
    articles: int = 0  # rows, ok or error
    scored: int = 0  # ok rows with a score
    errors: int = 0
    not_articles: int = 0  # ok rows with the not_an_article caveat (listing pages): not in the shares
    scores: array = field(default_factory=lambda: array("d"), repr=False)  # 8 bytes an article, not ~32
    verdicts: Counter = field(default_factory=Counter)
    facet_sums: dict = field(default_factory=dict, repr=False)
    facet_counts: Counter = field(default_factory=Counter, repr=False)
    drivers: Counter = field(default_factory=Counter)  # facet of the top reason, unreliable articles
    clustered: bool = False  # the rows carry cluster fields
    original_elsewhere: int = 0
    original_sites: Counter = field(default_factory=Counter)
    original_for_others: int = 0
    worst: list = field(default_factory=list)  # heap of (-score, -order, summary) while adding

    @property
    def unreliable(self) -> int:
        return self.verdicts.get(UNRELIABLE, 0)

    @property
    def unreliable_share(self) -> Optional[float]:
        return self.unreliable / self.scored if self.scored else None

    def rank_key(self) -> tuple:
        low = wilson(self.unreliable, self.scored)[0]
        # Rows without a URL are no site: their line comes last, whatever its share.
        return (self.site is None, -(low if low is not None else -1.0), -self.scored, self.site or "")

    def to_dict(self, top_sources: int = 3) -> dict[str, Any]:
        lo, hi = wilson(self.unreliable, self.scored)
        worst = [s for _, _, s in sorted(self.worst, key=lambda t: (-t[0], -t[1]))]
        return {
            "site": self.site, "articles": self.articles, "scored": self.scored, "errors": self.errors,
            "not_articles": self.not_articles,
            "score_median": round(statistics.median(self.scores), 2) if self.scores else None,
            "score_mean": round(statistics.fmean(self.scores), 2) if self.scores else None,
            "verdicts": {name: self.verdicts.get(name, 0) for _, name in BANDS},
            "unreliable_share": _r(self.unreliable_share),
            "unreliable_share_ci95": [_r(lo), _r(hi)],
            "facets": {f: _r(self.facet_sums[f] / self.facet_counts[f]) if self.facet_counts[f] else None
                       for f in FACETS},
            "unreliable_drivers": dict(self.drivers.most_common()),
            "original_elsewhere": self.original_elsewhere if self.clustered else None,
            "original_elsewhere_share": (_r(self.original_elsewhere / self.scored)
                                         if self.clustered and self.scored else None),
            "original_elsewhere_sites": (dict(self.original_sites.most_common(top_sources))
                                         if self.clustered else None),
            "original_for_others": self.original_for_others if self.clustered else None,
            "worst": worst,
        }


def _r(x: Optional[float]) -> Optional[float]:
    return None if x is None else round(x, 4)


def _summary(row: dict) -> dict[str, Any]:
    """What a reader needs to check one of a site's worst articles: where it is, its score, and
    the reason that weighed most with its first evidence span."""
    reasons = _reasons(row)
    top = reasons[0] if reasons and isinstance(reasons[0], dict) else {}
    ev = (top.get("evidence") or [None])[0] if isinstance(top.get("evidence"), list) else None
    return {"path": row.get("path"), "url": row.get("url"), "title": row.get("title"),
            "score": _number(row.get("score")), "verdict": row.get("verdict"),
            "top_reason": top.get("message"),
            "evidence": ({k: ev.get(k) for k in ("start", "end", "snippet")} if isinstance(ev, dict) else None)}


def _reasons(row: dict) -> list:
    """The row's reasons, [] when they are not a list (a foreign or hand-edited row's
    ``{"...": ...}`` raised KeyError: 0, a traceback rather than "not a batch output")."""
    reasons = row.get("reasons")
    return reasons if isinstance(reasons, list) else []


def _caveat_codes(row: dict) -> list[str]:
    """The row's caveat codes: the CSV's and the Parquet's ``caveats`` column holds them as
    :func:`scorer.caveats.codes` joins the JSONL's list of {code, message}."""
    cav = row.get("caveats")
    return [c.strip() for c in (cav if isinstance(cav, str) else caveat_codes(row)).split(";")]


def _number(v: Any) -> Optional[float]:
    try:
        x = float(v)
    except (TypeError, ValueError):
        return None
    return x if math.isfinite(x) else None


class Rollup:
    """Adds batch rows one at a time (a batch streams into it: ``spinscore batch --html``);
    :meth:`sites` gives the result."""

    def __init__(self, worst: int = 3) -> None:
        self.worst = worst
        self._sites: dict[Optional[str], SiteStats] = {}
        # (output, path) of a cluster's original -> its site; (site, (output, original path)) of
        # the other members. Paths are an output's own: two days' batches of one folder reuse
        # them for other articles, and a cluster never spans two outputs.
        self._original_site: dict[tuple[int, str], Optional[str]] = {}
        self._members: list[tuple[Optional[str], tuple[int, str]]] = []
        self._order = 0

    def add(self, row: dict, output: int = 0) -> None:
        """Add one row; ``output`` numbers the batch output it comes from when several are
        rolled up together (its paths and cluster originals are its own)."""
        order, self._order = self._order, self._order + 1
        site = site_of(row.get("url"))
        st = self._sites.get(site)
        if st is None:
            st = self._sites[site] = SiteStats(site)
        st.articles += 1
        if row.get("status") != "ok":
            st.errors += 1
            return
        if NOT_AN_ARTICLE in _caveat_codes(row):
            # A home page or tag listing scored as teaser text: a site is judged by its articles.
            st.not_articles += 1
            return
        score = _number(row.get("score"))
        if score is None:
            return
        st.scored += 1
        st.scores.append(score)
        verdict = row.get("verdict") or verdict_for(score)
        st.verdicts[verdict] += 1
        if verdict == UNRELIABLE:
            reasons = _reasons(row)
            facet = reasons[0].get("facet") if reasons and isinstance(reasons[0], dict) else None
            st.drivers[facet or "(no reason)"] += 1
        for f, v in (row.get("facets") or {}).items():
            x = _number(v)
            if f in FACETS and x is not None:
                st.facet_sums[f] = st.facet_sums.get(f, 0.0) + x
                st.facet_counts[f] += 1
        if self.worst > 0:
            item = (-score, -order, _summary(row))
            (heapq.heappush if len(st.worst) < self.worst else heapq.heappushpop)(st.worst, item)
        if "cluster_original" in row:
            st.clustered = True
            size = _number(row.get("cluster_size")) or 0
            if size >= 2 and row.get("is_original") in (True, "True", "true"):
                self._original_site[(output, str(row.get("path")))] = site
            elif size >= 2 and row.get("cluster_original"):
                self._members.append((site, (output, str(row["cluster_original"]))))

    def sites(self) -> list[SiteStats]:
        """Every site added so far, most-evidently unreliable first (by the lower bound of the
        Wilson interval of the unreliable share); the rows without URL last. A member is
        counted once its cluster's original has been added (rows come in any order); one whose
        original is an error row or absent, or that or whose original has no URL, is never counted."""
        waiting = []
        for site, original in self._members:
            if original not in self._original_site:
                waiting.append((site, original))
                continue
            source = self._original_site[original]
            # A row without URL is on no known site, so whether its cluster's copy is on "another"
            # site is unknown: counted, it was written as a site named "null" in the JSONL.
            if source != site and source is not None and site is not None:
                self._sites[site].original_elsewhere += 1
                self._sites[site].original_sites[source] += 1
                self._sites[source].original_for_others += 1
        self._members = waiting
        return sorted(self._sites.values(), key=SiteStats.rank_key)


def rollup(rows: Iterable[dict], worst: int = 3) -> list[SiteStats]:
    """Every site of ``rows`` (batch rows of one output, in any order): :meth:`Rollup.sites`."""
    return rollup_outputs([rows], worst)


def rollup_outputs(outputs: Iterable[Iterable[dict]], worst: int = 3) -> list[SiteStats]:
    """Every site of several batch outputs rolled up together (each an iterable of its rows)."""
    r = Rollup(worst)
    for i, rows in enumerate(outputs):
        for row in rows:
            r.add(row, output=i)
    return r.sites()


REQUIRED_COLUMNS = ("path", "status", "url", "score")
PYARROW_MISSING = 'reading Parquet needs pyarrow: pip install pyarrow (or "spinscore[spark]")'
# Rows decoded at a time from a Parquet file: its memory, not the crawl's, is what a read holds
# (a row is ~1-2 kB with its reasons_json).
PARQUET_BATCH_ROWS = 1024


def read_rows(path: str | os.PathLike) -> Iterator[dict]:
    """The rows of a batch output, one at a time (a crawl's output does not fit a list): JSONL, or
    the batch CSV (``.csv``: facets from its ``facet.*`` columns, the top reason's facet from its
    ``reasons`` column; the CSV has no evidence spans), or the Spark job's Parquet
    (:func:`is_parquet`: a ``.parquet`` file, or Spark's output folder, whose ``*.parquet`` part
    files are read in name order; the reasons with their evidence spans from ``reasons_json``).
    Needs pyarrow for Parquet (``ImportError`` with :data:`PYARROW_MISSING` without it); a
    damaged or foreign Parquet file is a ``ValueError`` naming it."""
    if str(path).lower().endswith(".csv"):
        yield from _csv_rows(path)
        return
    if is_parquet(path):
        yield from _parquet_rows(path)
        return
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if line.strip():
                try:
                    yield json.loads(line)
                except ValueError as exc:
                    raise ValueError(f"line {n}: {exc}") from None


def is_parquet(path: str | os.PathLike) -> bool:
    """Whether :func:`read_rows` reads ``path`` as Parquet: a name ending ``.parquet`` (a file or
    Spark's output folder), any folder (only Parquet output is a folder), or a file that starts
    with Parquet's magic bytes ``PAR1``."""
    p = os.fspath(path)
    if p.lower().rstrip("/" + os.sep).endswith(".parquet") or os.path.isdir(p):
        return True
    if p.lower().endswith(".csv") or not os.path.isfile(p):  # never read from a pipe or a device
        return False
    with open(p, "rb") as fh:
        return fh.read(4) == b"PAR1"


def parquet_parts(path: str | os.PathLike) -> list[str]:
    """The files of a Parquet input: the file itself, or a folder's ``*.parquet`` part files in
    name order (Spark's ``part-00000-...``; ``_SUCCESS``, ``.crc`` and other hidden or
    underscore files are Spark's bookkeeping, not data)."""
    p = os.fspath(path)
    if not os.path.isdir(p):
        return [p]
    parts = sorted(os.path.join(p, n) for n in os.listdir(p)
                   if n.lower().endswith(".parquet") and not n.startswith(("_", "."))
                   and os.path.isfile(os.path.join(p, n)))
    if not parts:
        raise ValueError(f"{p}: a folder with no Parquet part files (*.parquet)")
    return parts


def _pyarrow():
    """pyarrow and pyarrow.parquet, or an ImportError that says what to install."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise ImportError(PYARROW_MISSING, name="pyarrow") from exc
    return pa, pq


def _wanted(column: str) -> bool:
    """The Parquet columns read: not the feature columns (dotted names other than ``facet.*``)
    nor the fingerprint, which sites does not use and which are most of a row's bytes."""
    return column != "fingerprint" and ("." not in column or column.startswith("facet."))


def _parquet_rows(path: str | os.PathLike) -> Iterator[dict]:
    pa, pq = _pyarrow()
    for part in parquet_parts(path):
        try:
            pf = pq.ParquetFile(part)
            names = pf.schema_arrow.names
            if not set(REQUIRED_COLUMNS) <= set(names):
                raise ValueError("no path, status, url and score columns")
            n = 0
            for batch in pf.iter_batches(batch_size=PARQUET_BATCH_ROWS, columns=[c for c in names if _wanted(c)]):
                for rec in batch.to_pylist():
                    n += 1
                    try:
                        row = _columns_row(rec)
                    except ValueError as exc:  # a reasons_json that is not JSON
                        raise ValueError(f"row {n}: {exc}") from None
                    yield row
        # ArrowInvalid is a ValueError; a damaged file can also give an OSError (ArrowIOError)
        # or another ArrowException: each is reported as this file's, on one line (Arrow's
        # messages can run over several), with no traceback.
        except (ValueError, OSError, pa.ArrowException) as exc:
            raise ValueError(f"{part}: {' '.join(str(exc).split())}") from None


def _csv_rows(path: str | os.PathLike) -> Iterator[dict]:
    import csv

    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        if not reader.fieldnames or not set(REQUIRED_COLUMNS) <= set(reader.fieldnames):
            raise ValueError("no path, status, url and score columns")
        for rec in reader:
            yield _columns_row(unguarded_row(rec))


def _columns_row(rec: dict) -> dict:
    """One record of a flat table (the batch CSV, the Spark job's Parquet) as a row like the
    JSONL's, as far as the roll-up reads it: empty cells None, ``facets`` from the ``facet.*``
    columns, ``reasons`` from ``reasons_json`` (with evidence spans) or else the top reason of the
    CSV-style ``reasons`` string (facet and message only)."""
    row = {k: (v if v != "" else None) for k, v in rec.items()
           if not k.startswith("facet.") and k != "reasons_json"}
    # "is not None and != ''", not truthiness: a Parquet facet of 0.0 is a value (CSV cells are text).
    row["facets"] = {k[len("facet."):]: v for k, v in rec.items()
                     if k.startswith("facet.") and v is not None and v != ""}
    spans = rec.get("reasons_json")
    if spans is not None and spans != "":
        reasons = json.loads(spans)
        if not isinstance(reasons, list):
            raise ValueError("reasons_json is not a JSON list")
        row["reasons"] = reasons
        return row
    first = (rec.get("reasons") or "").split(";")[0].strip()  # "facet.mt (+1.23)", "mt.x (+0.4)"
    family, _, name = first.split(" ")[0].partition(".")
    facet = name if family == "facet" else family
    row["reasons"] = [{"facet": facet if facet in FACETS else None, "message": first}] if first else []
    return row


CSV_COLUMNS = (["site", "articles", "scored", "errors", "score_median", "score_mean"]
               + [f"verdict.{name}" for _, name in BANDS]
               + ["unreliable_share", "unreliable_share_ci95_low", "unreliable_share_ci95_high"]
               + [f"facet.{f}" for f in FACETS]
               + ["unreliable_drivers", "original_elsewhere", "original_elsewhere_share",
                  "original_elsewhere_sites", "original_for_others", "worst", "not_articles"])


def flat(d: dict) -> dict:
    """A :meth:`SiteStats.to_dict` as one CSV record (nested fields spelled out or joined)."""
    out = {k: d[k] for k in ("site", "articles", "scored", "errors", "score_median", "score_mean",
                             "unreliable_share", "original_elsewhere", "original_elsewhere_share",
                             "original_for_others", "not_articles")}
    out.update({f"verdict.{k}": v for k, v in d["verdicts"].items()})
    out["unreliable_share_ci95_low"], out["unreliable_share_ci95_high"] = d["unreliable_share_ci95"]
    out.update({f"facet.{k}": v for k, v in d["facets"].items()})
    out["unreliable_drivers"] = _joined(d["unreliable_drivers"])
    out["original_elsewhere_sites"] = (None if d["original_elsewhere_sites"] is None
                                       else _joined(d["original_elsewhere_sites"]))
    out["worst"] = "; ".join(f"{w['path']} ({w['score']})" for w in d["worst"])
    return out


def _joined(counts: dict) -> str:
    return "; ".join(f"{k}: {n}" for k, n in counts.items())


def write(stats: list[SiteStats], out: str | os.PathLike) -> None:
    """``stats`` as JSONL (one site per line) or, for a ``.csv`` name, CSV."""
    import csv

    with open(out, "w", encoding="utf-8", newline="") as fh:
        if str(out).lower().endswith(".csv"):
            w = csv.DictWriter(fh, fieldnames=CSV_COLUMNS)
            w.writeheader()
            w.writerows(guarded_row(flat(s.to_dict())) for s in stats)
        else:
            for s in stats:
                fh.write(json.dumps(s.to_dict(), ensure_ascii=False) + "\n")


def _pct(x: Optional[float]) -> str:
    return "-" if x is None else f"{100 * x:.0f}%"


def table(stats: list[SiteStats], top: int = 20) -> str:
    """The first ``top`` sites as a plain-text table for the terminal."""
    head = (f"{'site':<32} {'articles':>8} {'median':>6} {'unreliable (95% CI)':>21} {'orig. elsewhere':>15}  "
            "unreliable mostly for")
    lines = [head, "-" * len(head)]
    for s in stats[:top]:
        d = s.to_dict()
        lo, hi = d["unreliable_share_ci95"]
        ci = f"{_pct(d['unreliable_share'])} ({_pct(lo)}-{_pct(hi)})" if d["scored"] else "-"
        drivers = d["unreliable_drivers"]
        driver = next(iter(drivers)) if drivers else "-"
        median = "-" if d["score_median"] is None else f"{d['score_median']:.1f}"
        name = d["site"] or "(no URL)"
        lines.append(f"{name[:32]:<32} {d['articles']:>8} {median:>6} {ci:>21} {_pct(d['original_elsewhere_share']):>15}  "
                     f"{driver}")
    if len(stats) > top:
        lines.append(f"... {len(stats) - top} more site(s); --out FILE writes them all")
    listings = sum(s.not_articles for s in stats)
    if listings:
        lines.append(f"{listings} listing page(s) (caveat not_an_article: home, section, tag, search pages) "
                     "are counted in articles but left out of the scores and shares")
    return "\n".join(lines)
