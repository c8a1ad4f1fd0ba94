"""Benign *forms* of a human article: how many held-out human articles each pushes under 40.

    SPINSCORE_DATA=../shared/data python benchmarks/probe_benign_forms.py [N]

Run on demand (not in CI). The companion of ``probe_benign_lines.py``: where that adds one line,
this recasts the article the way newsrooms present reporting: a key-points box, Axios-style
signposts, subheadings, a Q&A interview, a liveblog's timestamps, bullets, photo captions, an
embedded post, a sources line. Each form uses only the article's own sentences and words written
for this probe. Lists, per form, how many articles fell from 40 or more to under 40 and the mean
score change.
"""
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from probe_benign_lines import change, held_out_human, sample_size  # noqa: E402
from scorer.batch import load_scorer  # noqa: E402

_SENT = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])")


def paras(text):
    return [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]


def sents(text):
    return [s for s in _SENT.split(" ".join(paras(text))) if len(s.split()) >= 5]


def key_points(t):
    ss = sents(t)[:3]
    return "Key points:\n" + "\n".join(f"• {s}" for s in ss) + "\n\n" + t


def summary_box(t):
    ss = sents(t)[:2]
    return "Summary\n" + "\n".join(f"- {s}" for s in ss) + "\n\n" + t


def axios(t):
    ps = paras(t)
    labels = ["Why it matters:", "Driving the news:", "The big picture:", "Between the lines:", "What's next:"]
    return "\n\n".join(f"{labels[k]} {p}" if k < len(labels) else p for k, p in enumerate(ps))


def subheads(t):
    ps = paras(t)
    heads = ["The Background", "What Officials Said", "Reaction", "What Comes Next"]
    out = []
    for k, p in enumerate(ps):
        if k and k % 2 == 0 and heads:
            out.append(heads.pop(0))
        out.append(p)
    return "\n\n".join(out)


def qa(t):
    ps = paras(t)
    qs = ["What happened?", "Who is affected?", "What did officials say?", "What happens next?", "Why does it matter?"]
    out = []
    for k, p in enumerate(ps):
        if k < len(qs):
            out.append(f"Q: {qs[k]}\nA: {p}")
        else:
            out.append(p)
    return "\n\n".join(out)


def interview(t):
    ps = paras(t)
    out = [ps[0]]
    for k, p in enumerate(ps[1:6]):
        out.append(("Reporter: Can you tell us more about that?" if k % 2 == 0 else "Reporter: And then?"))
        out.append("Mwangi: " + p)
    return "\n\n".join(out + ps[6:])


def liveblog(t):
    ps = paras(t)
    times = ["10:42 a.m.", "10:15 a.m.", "9:58 a.m.", "9:31 a.m.", "9:04 a.m.", "8:47 a.m.", "8:20 a.m."]
    return "\n\n".join(f"{times[k % len(times)]}\n{p}" for k, p in enumerate(ps))


def bullets(t):
    ps = paras(t)
    if len(ps) < 5:
        return t
    return "\n\n".join(ps[:2] + ["\n".join(f"- {p}" for p in ps[2:5])] + ps[5:])


def numbered(t):
    ps = paras(t)
    if len(ps) < 5:
        return t
    return "\n\n".join(ps[:2] + ["\n".join(f"{k + 1}. {p}" for k, p in enumerate(ps[2:5]))] + ps[5:])


def captions(t):
    ps = paras(t)
    cap = "Residents queue outside the county offices on Tuesday. (Photo by Jane Mwangi/Reuters)"
    return "\n\n".join(ps[:1] + [cap] + ps[1:3] + ["FILE PHOTO: A view of the city centre. REUTERS/Jane Mwangi/File Photo"] + ps[3:])


def embedded_post(t):
    ps = paras(t)
    post = ("We will keep working until every family has clean water. pic.twitter.com/Ab12Cd34Ef\n"
            "— Jane Mwangi (@janemwangi) June 5, 2025")
    return "\n\n".join(ps[:2] + [post] + ps[2:])


def sources_line(t):
    return t + "\n\nSources: county government statements, interviews with residents, Reuters."


def pull_quote(t):
    ps = paras(t)
    q = next((s for s in sents(t) if "“" in s or '"' in s), None) or sents(t)[0]
    return "\n\n".join(ps[:2] + [q] + ps[2:])


def dateline(t):
    return "NAIROBI, June 5 (Reuters) - " + t


FORMS = [key_points, summary_box, axios, subheads, qa, interview, liveblog, bullets, numbered, captions,
         embedded_post, sources_line, pull_quote, dateline]

if __name__ == "__main__":
    s = load_scorer()
    docs = held_out_human(sample_size())
    base = [s.score_text(d.text, name="x.txt").to_dict()["score"] for d in docs]
    print(len(docs), "docs; base < 40:", sum(b < 40 for b in base))
    for form in FORMS:
        reps = [s.score_text(form(d.text), name="x.txt").to_dict() for d in docs]
        newlow, drop = change(base, [r["score"] for r in reps])
        why = ""
        if newlow:
            r = reps[newlow[0]]
            why = "; ".join(f"{x.get('facet')}: {x.get('text', x.get('message', ''))[:70]}" for x in r.get("reasons", [])[:2])
        print(f"{len(newlow):3d} newly <40  mean drop {drop:6.1f}  {form.__name__:14s} {why}")
