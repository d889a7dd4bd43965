"""Read `content/topics.yaml`, the optional list of named topics, strictly and with line numbers."""

from __future__ import annotations

from pathlib import Path

from generator.content.fields import Fields
from generator.content.personaldata import report_personal_data
from generator.content.sources import read_source
from generator.content.strictyaml import Mapping, Node, Scalar, Sequence, read_yaml
from generator.errors import ContentError, ErrorCollector, display_path
from generator.link.topics import title_key
from generator.model import Topic

TOPICS_FILE = "topics.yaml"
TOPIC_KEYS = ("slug", "name", "description", "aliases")


def load_topics(content_dir: Path) -> tuple[Topic, ...] | list[ContentError]:
    """Read and validate the topics file; return its topics (none if there is no file) or the errors."""
    path = content_dir / TOPICS_FILE
    if not path.exists():
        return ()
    source = read_source(path, content_dir)
    if isinstance(source, ContentError):
        return [source]
    errors = ErrorCollector(display_path(path, content_dir))
    root = read_yaml(source.text, errors)
    if errors.errors:
        return errors.errors
    if root is None:
        return ()
    if not isinstance(root, Mapping):
        errors.add(1, "the topics file must start with 'topics:' followed by a list of topics",
                   "see the example in docs/topics.md")
        return errors.errors
    fields = Fields(root, errors, "topics file")
    fields.check_keys(("topics",))
    report_personal_data(source.text, errors, "topics file")
    topics = _topics(fields)
    return errors.errors or topics


def _topics(fields: Fields) -> tuple[Topic, ...]:
    topics: list[Topic] = []
    slugs: dict[str, int] = {}
    names: dict[str, tuple[str, str, int]] = {}  # title key → (name as written, topic slug, line)
    for number, node in enumerate(fields.sequence("topics"), start=1):
        entry = fields.sub(node, f"topic {number}")
        if entry is None:
            continue
        entry.check_keys(TOPIC_KEYS)
        slug, name = entry.slug("slug"), entry.name("name")
        description = entry.text("description", required=False) or ""
        aliases = entry.names("aliases")
        if slug is None or name is None:
            continue
        if slug in slugs:
            entry.error(entry.mapping.get("slug") or node,
                        f"the slug '{slug}' is used by two topics (first on line {slugs[slug]})",
                        "give every topic its own slug")
            continue
        slugs[slug] = node.line
        for written, line in zip((name, *aliases), _lines(entry, node), strict=True):
            key = title_key(written)
            if not key:
                entry.errors.add(line, f"{entry.what}: '{written}' has no letters or digits",
                                 "write the name as it appears in item titles")
            elif key in names and names[key][1] != slug:
                first, other, first_line = names[key]
                entry.errors.add(line, f"{entry.what}: '{written}' also names the topic '{other}' "
                                 f"('{first}' on line {first_line})",
                                 "a title can match only one topic: remove the name or alias from one of them")
            else:
                names.setdefault(key, (written, slug, line))
        topics.append(Topic(slug, name, description, tuple(dict.fromkeys(aliases))))
    return tuple(topics)


def _lines(entry: Fields, node: Node) -> list[int]:
    """The lines of a topic's name and of each of its aliases, in the order `Fields.texts` reads them."""
    name = entry.mapping.get("name")
    aliases = entry.mapping.get("aliases")
    alias_nodes = aliases.items if isinstance(aliases, Sequence) else ()
    return [(name or node).line] + [alias.line for alias in alias_nodes
                                    if isinstance(alias, Scalar) and " ".join(alias.value.split())]
