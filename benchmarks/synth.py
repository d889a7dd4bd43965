"""Write a synthetic archive of Direktionen-like meetings, for benchmarks and cost measurements."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

BODIES = (("direktionen", "Direktionen"), ("oekonomiudvalget", "Økonomiudvalget"),
          ("teknik-og-miljoe", "Teknik- og Miljøudvalget"))
TOPICS = ("Økonomi", "Budgetopfølgning", "Digitalisering", "Beredskab", "Chefforum", "KB-seminar",
          "Arbejdsmiljø", "Bosætning", "Skoleområdet", "Ældreområdet", "Klima", "Trafik")
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


def item_text(rng: random.Random, number: int, meeting_date: dt.date) -> str:
    """One agenda item: open with sections, a list and a table, or (one in eight) closed."""
    title = rng.choice(TITLES)
    if rng.random() < 0.125:
        return f"# {number}. {title}\nstatus: lukket\n\n## Sagsfremstilling\n\n{paragraph(rng)}\n\n"
    topics = ", ".join(sorted(rng.sample(TOPICS, rng.randint(1, 3))))
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


def write_archive(root: Path, meetings: int, seed: int = 1) -> Path:
    """Write a content folder with `meetings` meetings spread over the bodies, one a week each; return it."""
    rng = random.Random(seed)
    bodies = "".join(f"  - slug: {slug}\n    name: {name}\n" for slug, name in BODIES)
    root.mkdir(parents=True, exist_ok=True)
    (root / "site.yaml").write_text(f"title: Syntetiske referater\nlanguage: da\nbase_url: /\nbodies:\n{bodies}",
                                    encoding="utf-8")
    first = dt.date(2010, 1, 6)  # a Wednesday
    for index in range(meetings):
        slug = BODIES[index % len(BODIES)][0]
        date = first + dt.timedelta(weeks=index // len(BODIES))
        path = root / "meetings" / slug / f"{date.isoformat()}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(meeting_text(rng, slug, date), encoding="utf-8")
    return root
