"""content/topics.yaml: read strictly, every mistake reported with file and line."""

from __future__ import annotations

import pytest

from generator.content.load import load_content
from generator.errors import BuildError, ContentError
from generator.model import Topic
from tests.conftest import ContentFactory, meeting_text

VALID = """\
topics:
  - slug: oekonomi
    name: Økonomi
    description: Det faste punkt om økonomi.
  - slug: kb-seminar
    name: KB-seminar
    aliases: [KB seminar, Opfølgning på KB-seminar]
"""


def write_topics(content: ContentFactory, text: str) -> None:
    content.meeting("d/a.md", meeting_text())
    (content.root / "topics.yaml").write_text(text, encoding="utf-8")


def errors_of(content: ContentFactory) -> list[ContentError]:
    with pytest.raises(BuildError) as raised:
        load_content(content.root)
    return list(raised.value.errors)


def test_topics_are_read_into_the_site_config(content: ContentFactory) -> None:
    write_topics(content, VALID)
    config, _ = load_content(content.root)
    assert config.topics == (
        Topic("oekonomi", "Økonomi", "Det faste punkt om økonomi.", ()),
        Topic("kb-seminar", "KB-seminar", "", ("KB seminar", "Opfølgning på KB-seminar")),
    )


def test_without_a_topics_file_there_are_no_named_topics(content: ContentFactory) -> None:
    content.meeting("d/a.md", meeting_text())
    config, _ = load_content(content.root)
    assert config.topics == ()


@pytest.mark.parametrize(("text", "line", "message"), [
    (VALID.replace("    name: Økonomi\n", ""), 2, "topic 1: the field 'name' is missing or empty"),
    (VALID.replace("slug: oekonomi", "slug: Økonomi"), 2, "topic 1: 'slug' must use only a-z, 0-9"),
    (VALID.replace("slug: kb-seminar", "slug: oekonomi"), 5,
     "topic 2: the slug 'oekonomi' is used by two topics (first on line 2)"),
    (VALID.replace("aliases: [KB seminar,", "aliases: [økonomi,"), 7,
     "topic 2: 'økonomi' also names the topic 'oekonomi' ('Økonomi' on line 3)"),
    (VALID.replace("    description: Det", "    beskrivelse: Det"), 4, "topic 1: unknown field 'beskrivelse'"),
    (VALID.replace("topics:", "emner:"), 1, "topics file: unknown field 'emner'"),
    (VALID + "  - &a\n    slug: x\n    name: X\n", 8, "YAML anchors ('&name') are not allowed"),
    ("- slug: x\n  name: X\n", 1, "the topics file must start with 'topics:'"),
    (VALID.replace("name: KB-seminar", "name: '--'"), 6, "topic 2: '--' has no letters or digits"),
])
def test_each_mistake_is_reported_with_its_line(content: ContentFactory, text: str, line: int,
                                                message: str) -> None:
    write_topics(content, text)
    errors = errors_of(content)
    assert [(error.location.path.endswith("content/topics.yaml"), error.location.line) for error in errors] == [
        (True, line)], "\n".join(map(str, errors))
    assert errors[0].message.startswith(message), errors[0].message
    assert errors[0].hint


def test_topic_errors_are_reported_together_with_meeting_errors(content: ContentFactory) -> None:
    write_topics(content, VALID.replace("slug: kb-seminar", "slug: oekonomi"))
    content.meeting("d/b.md", meeting_text(date="2024-02-30"))
    paths = sorted(error.location.path.rsplit("/", 1)[-1] for error in errors_of(content))
    assert paths == ["b.md", "topics.yaml"]


@pytest.mark.parametrize("slug", ["emner", "personer", "assets"])
def test_body_slugs_used_by_the_sites_own_pages_are_refused(content: ContentFactory, slug: str) -> None:
    content.meeting("d/a.md", meeting_text())
    site = (content.root / "site.yaml").read_text(encoding="utf-8").replace("slug: udvalg", f"slug: {slug}")
    (content.root / "site.yaml").write_text(site, encoding="utf-8")
    [error] = errors_of(content)
    assert (error.location.path.endswith("site.yaml"), error.location.line) == (True, 7)
    assert error.message == f"a body: the slug '{slug}' is used by the site's own pages"
