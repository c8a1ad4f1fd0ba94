import sys, json, glob
from scorer.clusters import fingerprint, entities
files = sorted(glob.glob("/tmp/s14/real/real_txt/*.txt")) + sorted(glob.glob("/tmp/s14/gen/txt/*")) + sorted(glob.glob("/work/main/seeds/*.txt"))
texts = {f: open(f, encoding="utf-8").read() for f in files}
odd = ["", " ", "a", "A.", "ﬁnance ﬁ Office", "① ② ③ Ｆｕｌｌ Ｗｉｄｔｈ Ｎａｍｅ", "ΟΔΥΣΣΕΥΣ Σ Οδυσσεύς ς", "İstanbul İzmir İ",
       "Cafe\u0301 Zu\u0308rich Jose\u0301 Martí", "Zuckerberg’s OpenAI’s Don’t ’s", "\"a quote that is long enough here\"",
       "１２３,４５６ ¹²³ ½ 1,000,000 $ 14.3 billion", "ＡＢＣ Ｄｅｆ ＧＨＩ said ﬀ ﬃ", "Ⅻ Ⅸ Roman Ⅳ Kings", "ǅemal ǈubljana Ǌ"]
import random
rng = random.Random(7)
alpha = list("ﬁﬂ①②Ｆｗ１２ςΣİıé\u0301\u0308’‘“”\"'.,!?:;\n  AaBbZz0123456789-_") + ["Mark ", "Zuckerberg ", "the ", "OpenAI ", "van ", "de "]
for i in range(400):
    odd.append("".join(rng.choice(alpha) for _ in range(rng.randint(0, 300))))
# texts with odd unicode spliced into real texts
reals = [texts[f] for f in files[:200]]
for i, r in enumerate(reals):
    words = r.split(" ")
    for _ in range(20):
        k = rng.randrange(len(words) + 1)
        words.insert(k, rng.choice(["ﬁnal", "Ｔｏｋｙｏ", "①", "Σοφία", "İnönü", "Jose\u0301", "O’Brien’s", "ǅ", "ΣΑΣ", "Ⅻ", "1,0\u00a000", "“quoted text goes on here”"]))
    odd.append(" ".join(words))
for i, s in enumerate(odd): texts["odd%d" % i] = s
out = {}
for k, t in texts.items():
    out[k] = {"fp": fingerprint(t).to_dict(), "ents": sorted(entities(t))}
json.dump(out, open(sys.argv[1], "w"), sort_keys=True)
print(len(out), "texts")
