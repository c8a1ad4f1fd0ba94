"""Articles in other languages and English that quotes them: the language found, what applies.

English-only features are null with a reason on other languages, the mt and ai_style facets do
not apply, and the report says so in a not_english caveat that names the facets the score rests
on. The texts are ours: short news items written in each language, and English news that quotes
people in another one.
"""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from scorer import language
from scorer.scoring import Scorer

NEWS = {
    'es': (
        'El ayuntamiento de Sevilla aprobó el martes un plan para ampliar el servicio nocturno '
        'de autobuses hasta el aeropuerto a partir del próximo mes. La alcaldesa dijo que el '
        'cambio costará unos dos millones de euros al año y que será revisado después de doce '
        'meses. Los sindicatos de conductores celebraron la decisión, aunque pidieron más '
        'personal. "Es una buena noticia para los trabajadores que salen tarde", afirmó una '
        'portavoz. Según el Instituto Nacional de Estadística, el número de pasajeros creció un '
        '12 por ciento el año pasado. La oposición criticó que el plan no incluya a los barrios '
        'del norte de la ciudad.'),
    'fr': (
        "Le conseil municipal de Lyon a voté mardi l'extension du service de bus de nuit vers "
        "l'aéroport à partir du mois prochain. Le maire a indiqué que la mesure coûterait "
        "environ deux millions d'euros par an et qu'elle serait réévaluée au bout de douze mois. "
        'Les syndicats de chauffeurs ont salué la décision, tout en réclamant davantage '
        "d'effectifs. « C'est une bonne nouvelle pour ceux qui finissent tard », a déclaré une "
        "porte-parole. Selon l'Insee, le nombre de voyageurs a progressé de 12 % l'an dernier. "
        "L'opposition regrette que les quartiers du nord ne soient pas concernés."),
    'de': (
        'Der Stadtrat von Köln hat am Dienstag beschlossen, den Nachtbusverkehr zum Flughafen ab '
        'dem kommenden Monat auszuweiten. Die Oberbürgermeisterin sagte, die Änderung werde rund '
        'zwei Millionen Euro pro Jahr kosten und nach zwölf Monaten überprüft. Die Gewerkschaft '
        'der Fahrer begrüßte die Entscheidung, forderte aber mehr Personal. „Das ist eine gute '
        'Nachricht für alle, die spät Feierabend haben“, sagte eine Sprecherin. Nach Angaben des '
        'Statistischen Bundesamtes stieg die Zahl der Fahrgäste im vergangenen Jahr um 12 '
        'Prozent. Die Opposition kritisierte, dass die nördlichen Stadtteile nicht '
        'berücksichtigt werden.'),
    'ru': (
        'Городской совет Казани во вторник одобрил продление ночных автобусных маршрутов до '
        'аэропорта со следующего месяца. Мэр сообщил, что изменение обойдётся примерно в 200 '
        'миллионов рублей в год и будет пересмотрено через двенадцать месяцев. Профсоюз '
        'водителей приветствовал решение, но потребовал увеличить штат. «Это хорошая новость для '
        'тех, кто поздно заканчивает работу», — заявила представитель профсоюза. По данным '
        'Росстата, число пассажиров в прошлом году выросло на 12 процентов. Оппозиция '
        'раскритиковала план за то, что он не охватывает северные районы города.'),
    'ar': (
        'وافق مجلس مدينة عمّان يوم الثلاثاء على توسيع خدمة الحافلات الليلية إلى المطار اعتبارا '
        'من الشهر المقبل. وقال رئيس البلدية إن التغيير سيكلف نحو مليوني دينار سنويا وسيتم '
        'مراجعته بعد اثني عشر شهرا. ورحبت نقابة السائقين بالقرار لكنها طالبت بزيادة عدد '
        'العاملين. وقالت متحدثة باسم النقابة إن هذا خبر جيد لمن ينهون عملهم في وقت متأخر. ووفقا '
        'لدائرة الإحصاءات العامة، ارتفع عدد الركاب بنسبة 12 في المئة العام الماضي. وانتقدت '
        'المعارضة الخطة لأنها لا تشمل الأحياء الشمالية من المدينة.'),
    'hi': (
        'जयपुर नगर निगम ने मंगलवार को अगले महीने से हवाई अड्डे तक रात्रि बस सेवा बढ़ाने की योजना '
        'को मंजूरी दी। महापौर ने कहा कि इस बदलाव पर हर साल लगभग दो करोड़ रुपये खर्च होंगे और '
        'बारह महीने बाद इसकी समीक्षा की जाएगी। चालक संघ ने फैसले का स्वागत किया, लेकिन अधिक '
        'कर्मचारियों की मांग की। संघ की एक प्रवक्ता ने कहा कि यह देर से काम खत्म करने वालों के '
        'लिए अच्छी खबर है। सरकारी आंकड़ों के अनुसार पिछले साल यात्रियों की संख्या में 12 प्रतिशत '
        'की वृद्धि हुई। विपक्ष ने योजना की आलोचना की क्योंकि इसमें शहर के उत्तरी इलाके शामिल '
        'नहीं हैं।'),
    'zh': (
        '杭州市议会周二批准从下个月起将夜间公交服务延伸至机场。市长表示，这项调整每年将花费约两千万'
        '元，并将在十二个月后进行评估。司机工会对这一决定表示欢迎，但要求增加人手。工会发言人说：“'
        '这对下班晚的人来说是个好消息。”据国家统计局数据，去年乘客人数增长了百分之十二。反对者批评'
        '该计划没有覆盖城市北部地区。'),
    'ja': (
        '札幌市議会は火曜日、来月から空港への深夜バスの運行を拡大する計画を承認した。市長によると、'
        '変更には年間約3億円の費用がかかり、12か月後に見直される予定だ。運転手の労働組合は決定を'
        '歓迎したが、人員の増加を求めた。組合の広報担当者は「遅くまで働く人にとって良い知らせだ」と'
        '述べた。統計によると、昨年の乗客数は12％増加した。野党は、計画が市の北部地域を対象にして'
        'いないと批判した。'),
    'ko': (
        '부산시의회는 화요일 다음 달부터 공항까지 심야버스 운행을 확대하는 계획을 승인했다. 시장은 이번 변경에 연간 약 30억 원이 들 것이며 12개월 뒤 재검토할 '
        '것이라고 말했다. 운전기사 노조는 결정을 환영하면서도 인력 충원을 요구했다. 노조 대변인은 "늦게 퇴근하는 사람들에게 좋은 소식"이라고 말했다. 통계청에 '
        '따르면 지난해 승객 수는 12% 증가했다. 야당은 계획이 도시 북부 지역을 포함하지 않는다고 비판했다.'),
    'sw': (
        'Baraza la jiji la Mombasa limeidhinisha siku ya Jumanne mpango wa kupanua huduma ya '
        'mabasi ya usiku hadi uwanja wa ndege kuanzia mwezi ujao. Meya alisema mabadiliko hayo '
        'yatagharimu takriban shilingi milioni mia mbili kwa mwaka na yatakaguliwa baada ya '
        'miezi kumi na miwili. Chama cha madereva kilikaribisha uamuzi huo lakini kikaomba '
        'wafanyakazi zaidi. "Hii ni habari njema kwa wale wanaomaliza kazi usiku," alisema '
        'msemaji wa chama. Kwa mujibu wa takwimu za serikali, idadi ya abiria iliongezeka kwa '
        'asilimia 12 mwaka jana. Upinzani ulikosoa mpango huo kwa kutojumuisha maeneo ya '
        'kaskazini mwa jiji.'),
    'id': (
        'Dewan kota Surabaya pada hari Selasa menyetujui rencana perluasan layanan bus malam ke '
        'bandara mulai bulan depan. Wali kota mengatakan perubahan itu akan menelan biaya '
        'sekitar 20 miliar rupiah per tahun dan akan ditinjau kembali setelah dua belas bulan. '
        'Serikat pengemudi menyambut baik keputusan tersebut, tetapi meminta tambahan pegawai. '
        '"Ini kabar baik bagi mereka yang pulang kerja larut malam," kata seorang juru bicara '
        'serikat. Menurut Badan Pusat Statistik, jumlah penumpang naik 12 persen tahun lalu. '
        'Pihak oposisi mengkritik rencana itu karena tidak mencakup wilayah utara kota.'),
    'tl': (
        'Inaprubahan ng konseho ng lungsod ng Cebu noong Martes ang plano na palawakin ang '
        'serbisyo ng bus sa gabi hanggang sa paliparan simula sa susunod na buwan. Sinabi ng '
        'alkalde na aabot sa halos dalawampung milyong piso bawat taon ang gastos ng pagbabago '
        'at susuriin ito pagkalipas ng labindalawang buwan. Tinanggap ng unyon ng mga drayber '
        'ang desisyon ngunit humiling ng karagdagang tauhan. "Magandang balita ito para sa mga '
        'umuuwi nang gabi," sabi ng isang tagapagsalita ng unyon. Ayon sa Philippine Statistics '
        'Authority, tumaas nang 12 porsiyento ang bilang ng mga pasahero noong nakaraang taon. '
        'Binatikos ng oposisyon ang plano dahil hindi nito sakop ang mga hilagang bahagi ng '
        'lungsod.'),
}

# English news (the night-bus story of tests/test_caveats.py, at article length), and what is
# put into it.
ENGLISH = [
    "The city council voted on Tuesday to extend the night bus service to the airport from next month, "
    "after a year of complaints from shift workers and travellers who arrive on late flights.",
    "The mayor said the change would cost about 2 million dollars a year and would be reviewed after "
    "twelve months. Officials expect around 1,800 passengers a night once the new timetable starts.",
    "Drivers' unions welcomed the decision but warned that the service would need more staff. The union's "
    "regional secretary said drivers were already working long hours and that recruitment had been slow "
    "since the pandemic.",
    "Opposition councillors said the plan left out the northern districts, where many cleaners and hospital "
    "workers live. They asked for a second route to be studied before the budget is approved in March.",
    "According to the transport department's annual report, passenger numbers on the existing evening "
    "routes rose by 12 per cent last year, the fastest growth since the network was reorganised in 2016.",
    "The airport operator said it would add a covered waiting area near the arrivals hall and display the "
    "bus times on its screens. A spokesperson said the company had been asking for the service for "
    "several years.",
    "Residents who spoke to reporters at the central bus station were mostly positive. One nurse said she "
    "had been paying for taxis three nights a week because the last bus left before her shift ended.",
    "The council will publish the full timetable next week. The first buses are due to run on the first "
    "Monday of next month, and fares will be the same as on daytime routes.",
]
GERMAN_QUOTE = (
    "„Wir haben diesen Dienst seit Jahren gefordert. Viele von uns beenden ihre Schicht um zwei Uhr "
    "nachts, und ohne Taxi kommt man nicht nach Hause. Ein Taxi kostet die Hälfte dessen, was wir in einer "
    "Schicht verdienen, und das können sich die meisten Familien hier einfach nicht leisten. Wir sind froh, "
    "dass der Rat endlich zugehört hat“, sagte Petra Schneider, eine Reinigungskraft im Krankenhaus, auf "
    "Deutsch.")
# An LLM rewrite of the same story, chatbot residue left in.
LLM_REWRITE = [
    "In today's fast-paced world, the city council has taken a bold step to transform the landscape of "
    "urban mobility by extending the night bus service to the airport.",
    "This groundbreaking initiative underscores the council's unwavering commitment to fostering "
    "inclusivity and ensuring that every resident can navigate the vibrant tapestry of city life, day or "
    "night.",
    "Moreover, the plan highlights the pivotal role that public transport plays in shaping a sustainable "
    "future. It is worth noting that the initiative is expected to cost about 2 million dollars a year.",
    "Furthermore, unions have welcomed the decision, emphasizing the importance of adequate staffing. "
    "Additionally, opposition councillors have raised concerns about the northern districts, underscoring "
    "the need for a holistic approach.",
    "In conclusion, this initiative represents a significant milestone in the city's journey toward a more "
    "connected and equitable transport network. As the city continues to evolve, it remains to be seen how "
    "this bold move will shape the future of urban mobility.",
    "Overall, the night bus extension is a testament to the power of collaborative governance, and it "
    "serves as a reminder that thoughtful planning can unlock a world of possibilities for residents and "
    "visitors alike.",
    "Certainly! Here is a rewritten version of the article. As an AI language model, I cannot verify the "
    "figures above.",
]


def quoting(paragraphs: list[str], quote: str, times: int) -> str:
    """``paragraphs`` with ``quote`` after the first, third, ... paragraph, ``times`` times."""
    out = list(paragraphs)
    for i in range(times):
        out.insert(1 + 2 * i, quote)
    return "\n\n".join(out)


@pytest.fixture(scope="module")
def scorer():
    return Scorer()


# --- other languages ---------------------------------------------------------------------------
@pytest.mark.parametrize("lang", sorted(NEWS))
def test_news_in_other_languages_is_found_and_read_only_by_what_applies(scorer, lang):
    row = scorer.score_text("\n\n".join([NEWS[lang]] * 3)).to_dict()
    assert (row["language"], row["language_confidence"]) == (lang, 1.0)
    assert row["facets"]["mt"] is None and row["facets"]["ai_style"] is None
    # Every English-only feature is null with its reason, and no family shows a span.
    english_only = [s.name for ex in scorer.extractors for s in ex.specs if s.english_only]
    assert english_only and all(row["features"][f] is None for f in english_only)
    assert all("English-only feature" in row["not_applicable"][f] for f in english_only)
    assert [e["feature"] for e in row["evidence"]] == []
    (caveat,) = [c for c in row["caveats"] if c["code"] == "not_english"]
    on = [f for f in ("citations", "boilerplate") if row["facets"][f] is not None]
    assert caveat["message"] == (
        f"Not English ({lang}): the mt and ai_style facets and the English-only features do not apply; "
        f"the score rests on {' and '.join(on)}.")


def test_language_detection_is_the_same_in_every_process():
    """Seeded langdetect, profiles in sorted order, caches that are pure functions of their key:
    another hash seed and the texts in the opposite order give the same answers (and the same
    language mixes, shares and stretches)."""
    code = ("import json, sys; sys.path.insert(0, 'tests'); from test_languages import NEWS, ENGLISH, "
            "GERMAN_QUOTE, quoting; from scorer.language import detect_language, language_mix; "
            "texts = [*NEWS.values(), quoting(ENGLISH, GERMAN_QUOTE, 2), 'ok', 'Москва Moscow 莫斯科']; "
            "texts += [t[i:i + 30] for t in list(texts) for i in (0, 11)]; "
            "texts += [quoting(ENGLISH, GERMAN_QUOTE, 3), NEWS['es'] * 4 + '\\n' + '\\n'.join(ENGLISH)]; "
            "order = range(len(texts)) if sys.argv[1] == 'fwd' else range(len(texts) - 1, -1, -1); "
            "got = {i: (detect_language(texts[i]), language_mix(texts[i])) for i in order}; "
            "print(json.dumps([got[i] for i in sorted(got)]))")
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    outs = set()
    for seed, direction in (("0", "fwd"), ("1", "rev"), ("2", "fwd")):
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": root}
        outs.add(subprocess.run([sys.executable, "-c", code, direction], cwd=root, env=env, check=True,
                                capture_output=True, text=True).stdout)
    assert len(outs) == 1


# --- English that quotes another language ------------------------------------------------------
def test_an_english_article_quoting_german_near_its_top_is_english(scorer):
    """Two German quotes among the first paragraphs make the first 1,500 characters half German
    (langdetect: de 0.5714 there); the article is four-fifths English. Read as German, an LLM
    rewrite lost its mt and ai_style facets and scored 90.6 instead of 1.2."""
    for paragraphs in (ENGLISH, LLM_REWRITE):
        text = quoting(paragraphs, GERMAN_QUOTE, 2)
        assert language.detect_language_exact(text[:language._MAX_CHARS])[0] == "de"  # the start alone
        row = scorer.score_text(text).to_dict()
        assert row["language"] == "en", paragraphs[0][:40]
        assert row["facets"]["mt"] is not None and row["facets"]["ai_style"] is not None
        assert "not_english" not in [c["code"] for c in row["caveats"]]
    assert scorer.score_text(quoting(LLM_REWRITE, GERMAN_QUOTE, 2)).facets["ai_style"] > 0.9


def test_an_unsure_start_is_settled_by_langdetect_over_a_longer_sample():
    """The second look is langdetect's own answer over the first 10,000 characters, bit for bit,
    and is taken only when the first 1,500 leave it unsure: a sure start is never read again."""
    texts = [quoting(ENGLISH, GERMAN_QUOTE, n) for n in (1, 2, 3, 4)]
    texts += [quoting(LLM_REWRITE, GERMAN_QUOTE, 2), NEWS["es"] + "\n\n" + "\n\n".join(ENGLISH),
              "\n\n".join(ENGLISH) + "\n\n" + "\n\n".join([NEWS["de"]] * 20)]
    for text in texts:
        assert language.detect_language(text) == language.detect_language_reference(text), text[:60]
        first = language.detect_language_exact(text[:language._MAX_CHARS])
        if first[1] >= language._UNSURE:
            assert language.detect_language_exact(text) == first
        else:
            assert language.detect_language_exact(text) == language.detect_language_exact(text[:language._LONG_CHARS])
    # A Spanish article that opens with a quote in English stays Spanish (a sure start).
    es = ('"We have been asking for this for years," said Mary Jones, a British nurse who lives in '
          'the city, speaking in English to this newspaper.\n\n' + "\n\n".join([NEWS["es"]] * 4))
    assert language.detect_language(es) == ("es", 1.0)


# --- scripts langdetect has no language for ------------------------------------------------------
GEORGIAN = ("თბილისის საკრებულომ სამშაბათს დაამტკიცა ღამის ავტობუსების მომსახურების გაფართოება აეროპორტამდე "
            "მომავალი თვიდან. მერის თქმით, ცვლილება წელიწადში დაახლოებით ორი მილიონი ლარი დაჯდება.")
ARMENIAN = ("Երևանի ավագանին երեքշաբթի հաստատեց գիշերային ավտոբուսների ծառայության ընդլայնումը մինչև "
            "օդանավակայան՝ հաջորդ ամսից։ Քաղաքապետի խոսքով՝ փոփոխությունը տարեկան կարժենա մոտ երկու միլիարդ դրամ։")


@pytest.mark.parametrize("text", [GEORGIAN, ARMENIAN, "\n\n".join([GEORGIAN] * 12), GEORGIAN + " Tbilisi, AFP."],
                         ids=["ka", "hy", "ka-long", "ka-with-latin"])
def test_georgian_and_armenian_are_undetermined_not_estonian(scorer, text):
    """langdetect's Estonian profile holds a few Georgian and Armenian letters as noise, so it read
    every such text as Estonian with confidence 1.0; no language it knows is written in them."""
    assert language.detect_language(text) == language.detect_language_reference(text) == (None, 0.0)
    row = scorer.score_text(text).to_dict()
    assert (row["language"], row["language_confidence"]) == (None, 0.0)
    assert [c["message"] for c in row["caveats"] if c["code"] == "not_english"][0].startswith(
        "Language not determined: the mt and ai_style facets")


def test_georgian_or_armenian_names_inside_other_text_leave_it_to_langdetect():
    en = ("The Georgian prime minister, Irakli Kobakhidze (ირაკლი კობახიძე), said on Monday that the vote "
          "would go ahead as planned, and the Armenian foreign minister (Արարատ Միրզոյան) agreed.")
    ru = "Премьер-министр Грузии Ираклий Кобахидзе (ირაკლი კობახიძე) заявил в понедельник, что голосование пройдёт."
    for text, lang in ((en, "en"), (ru, "ru")):
        assert language.detect_language(text)[0] == lang
        assert language.detect_language(text) == language.detect_language_reference(text)


def test_no_evidence_is_left_on_a_feature_reported_as_not_applicable():
    """An undetermined language (Amharic) with an English tail: ai_style and citations read it
    as English and found residue and a bare "Source link", but the scorer reports their
    English-only features as null; a span on a null feature explains nothing."""
    from scorer.scoring import Scorer

    text = ("የአዲስ አበባ ከተማ ምክር ቤት ማክሰኞ የመንገድ ጥገና በጀት አጸደቀ። ከንቲባው ሥራው በፀደይ እንደሚጀምር ተናግረዋል። " * 6
            + "\n\nAs an AI language model, I cannot verify this.\n\nSource link")
    report = Scorer().score_text(text)
    assert report.language is None
    nulled = {k for k, v in report.features.items() if v is None and k in report.not_applicable}
    assert {"ai_style.residue_count"} <= nulled
    assert not [e for e in report.evidence if e.feature in nulled]
    assert not [e for r in report.reasons for e in r.evidence if e.feature in nulled]
