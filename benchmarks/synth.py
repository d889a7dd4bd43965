"""Write a synthetic archive of Direktionen-like meetings, for benchmarks and cost measurements.

The meetings are spread as in a real municipality: 25 bodies, each meeting 10 to 25 times a year, the
newest meetings in 2025 and the archive reaching back as many years as the number of meetings needs
(about 15 years for 6,500 meetings); items name one to three of about 2,500 topics, a few often, most
rarely. An archive larger than 25 bodies fill in 60 years (over about 26,000 meetings) gets more bodies,
local councils, as a merged municipality's archive would, instead of reaching back before 1800, which
the build rightly refuses as a mistyped year.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from pathlib import Path

BODIES = (("direktionen", "Direktionen"), ("oekonomiudvalget", "Økonomiudvalget"),
          ("teknik-og-miljoe", "Teknik- og Miljøudvalget"), ("kommunalbestyrelsen", "Kommunalbestyrelsen"),
          ("boerne-og-skoleudvalget", "Børne- og Skoleudvalget"), ("socialudvalget", "Socialudvalget"),
          ("sundhedsudvalget", "Sundhedsudvalget"), ("aeldreudvalget", "Ældreudvalget"),
          ("kultur-og-fritid", "Kultur- og Fritidsudvalget"), ("beskaeftigelsesudvalget", "Beskæftigelsesudvalget"),
          ("klimaudvalget", "Klimaudvalget"), ("planudvalget", "Planudvalget"),
          ("erhvervsudvalget", "Erhvervsudvalget"), ("handicapraadet", "Handicaprådet"),
          ("aeldreraadet", "Ældrerådet"), ("integrationsraadet", "Integrationsrådet"),
          ("folkeoplysningsudvalget", "Folkeoplysningsudvalget"), ("beredskabskommissionen", "Beredskabskommissionen"),
          ("hoved-med", "Hoved-MED-udvalget"), ("boerne-og-ungeudvalget", "Børne- og Ungeudvalget"),
          ("landdistriktsudvalget", "Landdistriktsudvalget"), ("digitaliseringsudvalget", "Digitaliseringsudvalget"),
          ("trafiksikkerhedsraadet", "Trafiksikkerhedsrådet"), ("ungeraadet", "Ungerådet"),
          ("byfornyelsesudvalget", "Byfornyelsesudvalget"))
NEWEST_YEAR = 2025
MAX_YEARS = 60  # an archive reaching back further gets more bodies
MEAN_MEETINGS = 17.5  # a body's meetings a year, on average (10 to 25)
TITLES = ("Beslutningsprotokoller og dagsordener", "Økonomi", "Punkter til behandling", "Status på budget",
          "Organisering af beredskabsarbejdet", "Digitaliseringsstrategi", "Arbejdsmiljø og sygefravær",
          "Kommunalbestyrelsens seminar", "Årligt dialogmøde", "Plan- og udviklingsstrategien",
          "Eventuelt, herunder punkter til næste møde")
WORDS = ("direktionen", "kommunen", "budgettet", "udvalget", "økonomichefen", "drøftelse", "oplæg", "sagen",
         "organisationen", "indsatser", "borgerne", "strategien", "kommunalbestyrelsen", "forvaltningen",
         "opfølgning", "bemærkninger", "hovedoversigten", "tværgående", "udviklingen", "beslutning", "ressourcer",
         "arbejdsgruppen", "medarbejdere", "ledere", "handleplan", "rammerne", "prioriteringer", "tidsplan",
         "projektet", "anbefalinger", "fagområder", "samarbejdet", "udfordringer", "godkendte", "vedlagt",
         "bilag", "status", "regnskab", "anlæg", "drift", "tilskud", "puljen", "borgerservice", "skolerne",
         "daginstitutioner", "plejecentre", "vejene", "klimaplanen", "bosætning", "erhvervslivet")
MEMBERS = ("  - role: Kommunaldirektør\n    name: Jonas Kroustrup\n"
           "  - role: Velfærdsdirektør\n    name: Lene Mehlsen Thomsen\n"
           "  - role: Fællesforvaltningsdirektør\n    name: Kim Bruun Nielsen\n")


def sentence(rng: random.Random, words: int) -> str:
    """One sentence of plausible Danish minute-taking words."""
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def paragraph(rng: random.Random) -> str:
    """A paragraph of a few sentences."""
    return " ".join(sentence(rng, rng.randint(8, 16)) for _ in range(rng.randint(2, 5)))


def topic_names() -> tuple[str, ...]:
    """About 2,500 topic names, each two of the minute-taking words ('Budgettet og borgerne'), shuffled."""
    names = [f"{first.capitalize()} og {second}" for first in WORDS for second in WORDS if first != second]
    random.Random(0).shuffle(names)
    return tuple(names)


TOPICS = topic_names()


def pick_topics(rng: random.Random) -> list[str]:
    """One to three topics, drawn so that a few are common and most are rare."""
    picked = {TOPICS[int(len(TOPICS) * rng.random() ** 2.5)] for _ in range(rng.randint(1, 3))}
    return sorted(picked)


def item_text(rng: random.Random, number: int, meeting_date: dt.date) -> str:
    """One agenda item: open with sections, a list and a table, or (one in eight) closed."""
    title = rng.choice(TITLES)
    if rng.random() < 0.125:
        return f"# {number}. {title}\nstatus: lukket\n\n## Sagsfremstilling\n\n{paragraph(rng)}\n\n"
    topics = ", ".join(pick_topics(rng))
    attachments = ("attachments:\n  - number: 1\n    title: Notat om " + rng.choice(WORDS) +
                   f"\n    ref: {rng.randint(10000, 99999)}/{meeting_date.year % 100:02d}\n    status: åben\n"
                   "  - number: 2\n    status: lukket\n") if rng.random() < 0.4 else ""
    bullets = "\n".join(f"- {sentence(rng, rng.randint(4, 10))}" for _ in range(rng.randint(3, 6)))
    rows = "\n".join(f"| {9 + row}.00 | {sentence(rng, rng.randint(6, 12))} |" for row in range(rng.randint(2, 4)))
    decision_date = meeting_date.strftime("%d-%m-%Y")
    return (f"# {number}. {title}\nstatus: åben\ntopics: [{topics}]\n{attachments}\n"
            f"## Sagsfremstilling\n\n{paragraph(rng)}\n\n{bullets}\n\n{paragraph(rng)}\n\n"
            f"| Tid | Punkt |\n| --- | --- |\n{rows}\n\n"
            f"## Indstilling\n\nDet indstilles, at punktet drøftes.\n\n"
            f"## Beslutning i Direktionen den {decision_date}\n\n{paragraph(rng)}\n\n")


def meeting_text(rng: random.Random, body: str, date: dt.date) -> str:
    """A whole meeting file with 4 to 11 items."""
    items = "".join(item_text(rng, number, date) for number in range(1, rng.randint(4, 11) + 1))
    return (f"---\nbody: {body}\ndate: {date.isoformat()}\nstart: \"9:00\"\nend: \"12:00\"\n"
            f"location: Mødelokale 250, rådhuset\nkind: referat\nmembers:\n{MEMBERS}absent: []\n---\n\n{items}")


def bodies(meetings: int) -> tuple[tuple[str, str], ...]:
    """The bodies (slug, name) of an archive of this many meetings: the 25, and local councils if it needs more."""
    councils = max(0, math.ceil(meetings / (MEAN_MEETINGS * MAX_YEARS)) - len(BODIES))
    return BODIES + tuple((f"lokalraad-{n}", f"Lokalråd {n}") for n in range(1, councils + 1))


def schedule(rng: random.Random, meetings: int) -> list[tuple[str, dt.date]]:
    """The (body, date) of each meeting, newest year first backwards, oldest first in the result."""
    per_year = {slug: rng.randint(10, 25) for slug, _ in bodies(meetings)}
    dates: list[tuple[dt.date, str]] = []
    year = NEWEST_YEAR
    while len(dates) < meetings:
        for slug, count in per_year.items():
            start = dt.date(year, 1, 6) + dt.timedelta(days=rng.randint(0, 6))
            # spread over the year, at least a week apart: 350 days / 25 meetings = 14 days
            dates.extend((start + dt.timedelta(days=350 * index // count), slug) for index in range(count))
        year -= 1
    newest = sorted(dates, reverse=True)[:meetings]
    return [(slug, date) for date, slug in sorted(newest)]


def meeting_files(meetings: int, seed: int = 1) -> list[tuple[str, dt.date]]:
    """The (body, date) of each meeting `write_archive` writes with the same arguments, oldest first."""
    return schedule(random.Random(seed), meetings)


def write_archive(root: Path, meetings: int, seed: int = 1) -> Path:
    """Write a content folder with `meetings` meetings, the newest ones of the schedule; return it."""
    rng = random.Random(seed)
    listed = "".join(f"  - slug: {slug}\n    name: {name}\n" for slug, name in bodies(meetings))
    root.mkdir(parents=True, exist_ok=True)
    (root / "site.yaml").write_text(f"title: Syntetiske referater\nlanguage: da\nbase_url: /\nbodies:\n{listed}",
                                    encoding="utf-8")
    for slug, date in schedule(rng, meetings):
        path = root / "meetings" / slug / f"{date.isoformat()}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(meeting_text(rng, slug, date), encoding="utf-8")
    return root
