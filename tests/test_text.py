from scorer.text import sentences, snippet, split_paragraphs, words


def test_sentences_split_on_terminal_punctuation_and_lines():
    text = "Dr. Mensah arrived at 9 a.m. on Monday. She spoke briefly! Was it enough?\nA heading\nNext line."
    got = [text[s:e] for s, e in sentences(text)]
    assert got == ["Dr. Mensah arrived at 9 a.m. on Monday.", "She spoke briefly!", "Was it enough?",
                   "A heading", "Next line."]


def test_sentence_split_needs_capital_after_period():
    text = "Prices rose 3.5 per cent. in real terms, analysts said."
    assert len(sentences(text)) == 1


def test_paragraphs_one_per_line_for_dumps():
    text = "Title\n\nFirst paragraph here.\n  • item one\n  • item two\n\nLast."
    assert [text[s:e] for s, e in split_paragraphs(text)] == [
        "Title", "First paragraph here.", "• item one", "• item two", "Last."]


def test_paragraphs_join_hard_wrapped_blocks():
    line = "the committee met again on Thursday to review the budget and the plans"
    text = "\n".join([line] * 3) + "\n\n" + "\n".join([line] * 3)
    paras = split_paragraphs(text)
    assert len(paras) == 2 and text[paras[0][0]:paras[0][1]].count("\n") == 2


def test_words_and_snippet():
    text = "Meta’s co-founder said 42 things."
    assert [text[s:e] for s, e in words(text)] == ["Meta’s", "co-founder", "said", "things"]
    assert snippet("x" * 300, 0, 300, limit=10) == "x" * 9 + "…"
    assert snippet("abc", 0, 3) == "abc"


# --- sentence word ranges: worked out once, read by sentence_lengths and mt ---------------------
from hypothesis import given, settings
from hypothesis import strategies as st

from scorer.text import WORD_RE, sentence_lengths, sentence_word_ranges, span_word_counts, word_index

_SENTENCE_PIECES = ["Dr.", "Mr", "a.m.", "J.", "U.S.", "word", "Word", "don’t", "co-founder", "’", "'", "-", ".", "...",
                    "!", "?", "…", "“", "”", "\"", "(", ")", "3.5", "1", " ", " ", "  ", "\n", "\t", "\u00a0", "Ünï",
                    "中文", "x", "A", "é"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_SENTENCE_PIECES), max_size=60).map("".join))
def test_sentence_word_ranges_equal_each_span_range(text):
    idx = word_index(text)
    spans = sentences(text)
    assert list(sentence_word_ranges(text)) == [idx.span_range(s, e) for s, e in spans]
    assert sentence_lengths(text) == span_word_counts(idx, spans)
    assert sentence_lengths(text) == tuple(len(WORD_RE.findall(text, s, e)) for s, e in spans)

