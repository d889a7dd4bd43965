"""Raw HTML in Markdown: hostile markup is removed, the seeds' fragments still render."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from generator.markdown import render_markdown
from generator.render.sanitize import MAX_HTML_DEPTH, MAX_HTML_TAGS, html_bounds_problem

HOSTILE = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)><circle/></svg>",
    "<math><mi xlink:href='javascript:alert(1)'>x</mi></math>",
    "<iframe src='https://evil.example'></iframe>",
    "<object data='x.swf'></object><embed src='x.swf'>",
    "<a href='javascript:alert(1)'>a</a>",
    "<a href=' JaVaScRiPt:alert(1)'>b</a>",
    "<a href='jav&#x61;script:alert(1)'>c</a>",
    "<a href='data:text/html,<script>alert(1)</script>'>d</a>",
    "<a href='vbscript:msgbox(1)'>e</a>",
    "[f](javascript:alert(1)) [g](data:text/html;base64,PHNjcmlwdD4=)",
    "<p style='background:url(javascript:alert(1))' onclick='alert(1)'>h</p>",
    "<style>body{display:none}</style>",
    "<link rel=stylesheet href=https://evil.example/x.css>",
    "<meta http-equiv=refresh content='0;url=https://evil.example'>",
    "<base href='https://evil.example/'>",
    "<form action='https://evil.example'><input name=q><button>i</button></form>",
    "<div onmouseover='alert(1)' class='evil'>j</div>",
    "<scr<script>ipt>alert(1)</script>",
    "<a href='https://ok.example' target=_blank onfocus=alert(1) autofocus>k</a>",
    "<details open ontoggle=alert(1)>l</details>",
    "<table background='javascript:alert(1)'><tr><td>m</td></tr></table>",
    "<!-- <script>alert(1)</script> -->",
    "<noscript><p title='</noscript><img src=x onerror=alert(1)>'></noscript>",
    "<template><script>alert(1)</script></template>",
]


def dangerous(html: str) -> list[str]:
    """Everything in a fragment that could run code, load from elsewhere or restyle the page."""
    soup = BeautifulSoup(html, "html.parser")
    found = []
    for tag in soup.find_all(True):
        if tag.name in {"script", "style", "iframe", "object", "embed", "svg", "math", "link", "meta", "base",
                        "form", "input", "button", "img", "template", "noscript", "details"}:
            found.append(tag.name)
        for name, value in tag.attrs.items():
            if name.startswith("on") or name in {"style", "src", "background", "action", "target", "autofocus"}:
                found.append(f"{tag.name}[{name}]")
            if name == "href" and not str(value).startswith(("https://", "http://", "mailto:", "/", "../", "#")):
                found.append(f"{tag.name}[href={value}]")
            if name == "class" and tag.name != "div":
                found.append(f"{tag.name}[class]")
    return found


@pytest.mark.parametrize("markup", HOSTILE)
def test_hostile_markup_is_removed(markup: str) -> None:
    html = render_markdown(f"Før {markup} efter.\n\n{markup}\n")
    assert dangerous(html) == [], html
    assert "<script" not in html.lower()


def test_the_seeds_html_fragments_still_render() -> None:
    table = (
        "| Tid | Punkt |\n| --- | ---: |\n"
        "| 10.15 | <p>Kommissorium for den tværgående digitaliseringsorganisation</p> <p>Chef for IT præsenterer.</p>"
        " |\n"
        "| 8. Nov. | <ul style=\"list-style-type: none\"> <li>• Program for nytårskur</li> <li>• Årshjul</li> </ul> |\n"
    )
    soup = BeautifulSoup(render_markdown(table), "html.parser")
    cells = soup.select("tbody td")
    assert [p.get_text() for p in cells[1].find_all("p")] == [
        "Kommissorium for den tværgående digitaliseringsorganisation", "Chef for IT præsenterer."]
    assert [li.get_text() for li in cells[3].select("ul > li")] == ["• Program for nytårskur", "• Årshjul"]
    assert cells[3].ul.get("style") is None
    assert cells[1]["class"] == ["align-right"] and soup.select_one("th").get("class") is None
    assert soup.select_one("div.table-scroll > table") is not None


def test_safe_structure_survives() -> None:
    markdown = (
        "Tekst med *kursiv*, **fed**, <em>em</em>, <strong>s</strong>, H<sub>2</sub>O, m<sup>2</sup>, `kode`.\n\n"
        "- punkt\n  1. underpunkt\n\n> citat\n\n### Underoverskrift\n\n"
        "[ekstern](https://norddjurs.dk/) [mail](mailto:post@norddjurs.dk) [intern](../2023-08-30/#punkt-2)\n\n"
        "<ol start=\"3\"><li>tre</li></ol> <abbr title=\"Kommunernes Landsforening\">KL</abbr>\n"
    )
    soup = BeautifulSoup(render_markdown(markdown), "html.parser")
    assert [a["href"] for a in soup.find_all("a")] == [
        "https://norddjurs.dk/", "mailto:post@norddjurs.dk", "../2023-08-30/#punkt-2"]
    assert all(set(a.attrs) == {"href"} for a in soup.find_all("a"))
    for name in ("em", "strong", "sub", "sup", "code", "ul", "ol", "blockquote", "h4", "abbr"):
        assert soup.find(name) is not None, name
    assert soup.find("ol", start="3") is not None
    assert dangerous(str(soup)) == []


def test_images_become_links_and_jinja_looking_text_stays_text() -> None:
    html = render_markdown("![kort](https://evil.example/pixel.png) {{ 7*7 }} {% raw %}\n")
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("img") is None
    assert soup.get_text() == "!kort {{ 7*7 }} {% raw %}\n"


def test_html_bounds() -> None:
    assert html_bounds_problem("<div>" * MAX_HTML_DEPTH + "x") is None
    assert html_bounds_problem("<p>x" * 10_000 + "<br>" * 1000) is None  # elements that need no end tag
    assert html_bounds_problem("<div></div>" * 2000) is None
    problem = html_bounds_problem("x <b title=1>" * (MAX_HTML_DEPTH + 1))
    assert problem is not None and problem[0] == len("x <b title=1>") * MAX_HTML_DEPTH + 2
    assert "nested more than" in problem[1]
    assert html_bounds_problem("<b></x>" * 200) is not None  # a stray end tag closes nothing
    assert html_bounds_problem("<i></i>" * MAX_HTML_TAGS) is None
    assert html_bounds_problem("<i></i>" * (MAX_HTML_TAGS + 1)) is not None
