"""One benign line added to held-out human articles: how many it pushes under 40, and the mean drop.

    SPINSCORE_DATA=../shared/data python benchmarks/probe_benign_lines.py [N]

Run on demand (not in CI; ~2 min for N=60). Reads N held-out human articles of the training
corpora (test side of the story split, no variants), scores each as it is and with one of the
lines below added at the top or at the end, and lists, per line and place, how many articles fell
from 40 or more to under 40 ("likely unreliable") and the mean score change. The lines are the
page chrome, news metadata and editorial notes a copied news page carries (written for this
probe). It found, with reliability-10, that one "Share this article" pushed 55 of 60 articles
under 40; see README "Human articles with page chrome".
"""
import os
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from scorer.batch import load_scorer  # noqa: E402
from scorer.corpora.base import data_dir  # noqa: E402
from scorer.corpora.split import is_test  # noqa: E402
from scorer.training.corpus import assemble  # noqa: E402



def held_out_human(n: int) -> list:
    """``n`` held-out human articles of the training corpora (test side of the story split, no
    variants), in a fixed shuffled order: the articles both probes add to."""
    docs = [d for d in assemble(data_dir(None)) if d.kind == "human" and is_test(d.story)
            and "+" not in d.source and "_" not in d.source]
    random.Random(1).shuffle(docs)
    return docs[:n]


def change(base: list[float], scores: list[float]) -> tuple[list[int], float]:
    """The articles a variant took from 40 or more to under 40, and the mean score drop."""
    return [k for k, (a, b) in enumerate(zip(scores, base)) if a < 40 <= b], sum(b - a for a, b in zip(scores, base)) / len(base)


def sample_size() -> int:
    return int(sys.argv[1]) if len(sys.argv) > 1 else int(os.environ.get("N", 60))


LINES = ["Share this article", "Share", "Tweet", "Print", "Email", "Comments", "0 Comments", "Leave a comment",
 "Skip to content", "Next article", "Related posts", "Trending now", "Most read", "Read more", "Continue reading",
 "Loading...", "Listen to this article", "5 min read", "Download our app", "Accept cookies", "Advertisement",
 "By Jane Mwangi", "By Jane Mwangi, Reuters", "Jane Mwangi | Nairobi", "Photo: Reuters", "Copyright 2025 The Associated Press. All rights reserved.",
 "Reporting by Jane Mwangi; Editing by Tom Hogue", "Correction: An earlier version of this article misstated a date.",
 "Editor's note: This story has been updated.", "Tags: Kenya, Treasury, Bonds", "Write to Jane Mwangi at jmwangi@nation.example",
 "Sign up for our newsletter", "Follow us on Twitter", "Join our WhatsApp channel", "Updated: June 12, 2025 3:45 p.m.",
 "This article was originally published on The Conversation.", "Source: Reuters", "(Reuters)", "— AP",
 "Click here to subscribe", "Subscribe now", "Log in", "Sign in", "Register", "Menu", "Search", "Back to top",
 "Privacy Policy", "Terms of Service", "Contact us", "About us", "All rights reserved.", "Report an error",
 "Have a news tip? Email us.", "Support independent journalism. Donate today.", "This content is for subscribers only.",
 "Subscribe to continue reading", "You have 3 free articles left this month.", "Image: Getty Images", "AFP via Getty Images",
 # Added after reliability-11: each click-here line and the magazine's offer pushed 55 of 60 under 40.
 "Click here to read the full report (PDF).", "Click here for the latest updates on the election.",
 "Click here to view the photo gallery.", "Click here to sign up for our daily newsletter.",
 "Get The Nation delivered to your door every day. 12 issues for £11.99. Click here for more.",
 "Subscribe to our print edition: 52 issues for $49.", "Read the council's full statement here.", "Watch the video above.",
 "Listen to the full interview on our podcast.", "Got a story? Call our newsdesk on 0800 123 456.",
 "Download the PDF of the budget here.", "ALSO READ: Treasury defends new bond sale", "WATCH: Residents protest outside parliament",
 # Added after reliability-12's first fit: each of the first two pushed 52-55 of 60 under 40.
 "Newsletter", "Advertisement - Scroll to continue", "(AP Photo/Evan Vucci)", "Additional reporting by Tom Hogue in London.",
 "Our Standards: The Thomson Reuters Trust Principles.", "The Associated Press contributed to this report.",
 "This article is republished from The Conversation under a Creative Commons license. Read the original article.",
 "Opinions expressed by contributors are their own.", "Hide caption", "Enlarge this image", "Ad Feedback",
 "This post may contain affiliate links.", "Was this article helpful?", "More on this story", "Live updates"]

if __name__ == "__main__":
    s = load_scorer()
    docs = held_out_human(sample_size())
    base = [s.score_text(d.text, name="x.txt").to_dict()["score"] for d in docs]
    print(len(docs), "docs; base < 40:", sum(b < 40 for b in base))
    rows = []
    for line in LINES:
        for where in ("end", "top"):
            sc = [s.score_text((d.text + "\n\n" + line) if where == "end" else (line + "\n\n" + d.text),
                               name="x.txt").to_dict()["score"] for d in docs]
            newlow, drop = change(base, sc)
            rows.append((len(newlow), drop, line, where))
    rows.sort(key=lambda r: (-r[0], -r[1]))
    for newlow, drop, line, where in rows:
        print(f"{newlow:3d} newly <40  mean drop {drop:6.1f}  {where:3s} {line}")
