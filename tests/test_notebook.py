"""notebooks/review.ipynb runs top to bottom headless and its key cells show something.

Skips with the reason when nbclient / nbformat / ipykernel / matplotlib / pandas are missing
(``pip install ".[test]"`` installs them).
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

NOTEBOOK = Path(__file__).resolve().parent.parent / "notebooks" / "review.ipynb"

# tag -> (mime type the cell must output, text that output must contain)
EXPECTED = {
    "load": ("text/plain", "'unscored'"),
    "table": ("text/html", "facet.ai_style"),
    "sortable": ("text/html", '<iframe sandbox="allow-scripts" srcdoc='),
    "plot-scores": ("image/png", ""),
    "plot-facets": ("image/png", ""),
    "highlight": ("text/html", "<mark class=\"f-"),
    "side-by-side": ("text/html", '<div class="col">'),
    "report": ("text/html", "<mark class=\"f-"),
}


def _need(module: str):
    return pytest.importorskip(module, reason=f"{module} is not installed (pip install '.[test]')")


def test_notebook_is_committed_without_outputs():
    nbformat = _need("nbformat")
    nb = nbformat.read(NOTEBOOK, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code and all(not c.outputs and c.execution_count is None for c in code)
    assert {t for c in code for t in c.metadata.get("tags", [])} == set(EXPECTED)


def test_notebook_runs_headless(monkeypatch):
    nbformat = _need("nbformat")
    nbclient = _need("nbclient")
    for m in ("ipykernel", "matplotlib", "pandas"):
        _need(m)
    repo = str(NOTEBOOK.parent.parent)
    # The kernel imports this checkout's `scorer`, whatever is installed in site-packages.
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [repo, os.environ.get("PYTHONPATH")])))
    monkeypatch.delenv("SPINSCORE_ROWS", raising=False)  # the default: score seeds/ now
    monkeypatch.setenv("MPLBACKEND", "agg")
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(nb, timeout=100, kernel_name="python3",
                                     resources={"metadata": {"path": str(NOTEBOOK.parent)}})
    client.execute()  # raises CellExecutionError (with the traceback) if any cell fails
    seen = set()
    for cell in (c for c in nb.cells if c.cell_type == "code"):
        assert not [o for o in cell.outputs if o.output_type == "error"], cell.source
        for tag in cell.metadata.get("tags", []):
            mime, needle = EXPECTED[tag]
            found = [o["data"][mime] for o in cell.outputs if mime in o.get("data", {})]
            assert found, f"cell {tag!r} produced no {mime} output"
            assert any(needle in f for f in found), f"cell {tag!r}: {needle!r} not in its {mime} output"
            seen.add(tag)
    assert seen == set(EXPECTED)


def test_notebook_runs_on_a_batch_with_no_scored_article(monkeypatch, tmp_path):
    """A batch whose every row failed (a folder of feeds, a run that lost its models): the side
    by side cell took order[0] of an empty list, and `nbconvert --execute` stopped there with an
    IndexError instead of writing the review."""
    import json

    nbformat = _need("nbformat")
    nbclient = _need("nbclient")
    for m in ("ipykernel", "matplotlib", "pandas"):
        _need(m)
    rows = tmp_path / "rows.jsonl"
    rows.write_text(json.dumps({"schema_version": "1.6", "path": "feed.xml", "status": "error",
                                "error": "an RSS feed, not an article", "error_code": "no_text"}) + "\n")
    repo = str(NOTEBOOK.parent.parent)
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [repo, os.environ.get("PYTHONPATH")])))
    monkeypatch.setenv("SPINSCORE_ROWS", str(rows))
    monkeypatch.setenv("MPLBACKEND", "agg")
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(nb, timeout=100, kernel_name="python3",
                                     resources={"metadata": {"path": str(NOTEBOOK.parent)}})
    client.execute()  # raises CellExecutionError if any cell fails
    sbs = next(c for c in nb.cells if "side-by-side" in c.metadata.get("tags", []))
    assert any("No scored article" in o.get("data", {}).get("text/html", "") for o in sbs.outputs)
