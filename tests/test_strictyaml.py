"""Strict YAML: text scalars with file lines; anchors, aliases, tags, merge keys and duplicate keys refused."""

from __future__ import annotations

import pytest

from generator.content.strictyaml import Mapping, Scalar, Sequence, YamlProblem, parse_yaml


def test_every_scalar_is_text_with_its_file_line() -> None:
    root = parse_yaml("a: no\nb: 9:00\nc: [1, yes]\n", first_line=10)
    assert isinstance(root, Mapping)
    a, b, c = (root.get(key) for key in "abc")
    assert isinstance(a, Scalar) and (a.value, a.line) == ("no", 10)
    assert isinstance(b, Scalar) and (b.value, b.line) == ("9:00", 11)
    assert isinstance(c, Sequence) and [i.value for i in c.items if isinstance(i, Scalar)] == ["1", "yes"]


def test_empty_and_null_values_are_null_but_quoted_ones_are_not() -> None:
    root = parse_yaml('a:\nb: ~\nc: ""\nd: "null"\n')
    assert isinstance(root, Mapping)
    nulls = {key: node.is_null for key, node in ((k.value, v) for k, v in root.items) if isinstance(node, Scalar)}
    assert nulls == {"a": True, "b": True, "c": False, "d": False}


def test_empty_document_is_none() -> None:
    assert parse_yaml("") is None
    assert parse_yaml("# only a comment\n") is None


@pytest.mark.parametrize(("text", "line", "message"), [
    ("a: 1\nb: 2\na: 3\n", 3, "the key 'a' appears twice (first on line 1)"),
    ("a: &x secret\nb: open\n", 1, "YAML anchors ('&name') are not allowed"),
    ("a: open\nb: *x\n", 2, "YAML aliases ('*name') are not allowed"),
    ("a: 1\n<<: {b: 2}\n", 2, "YAML merge keys ('<<') are not allowed"),
    ("a: !!python/object:os.system x\n", 1, "YAML tags ('tag:yaml.org,2002:python/object:os.system') are not allowed"),
    ("a: [1, 2\n", 2, "the YAML cannot be read"),
    ("a: 1\n---\nb: 2\n", 2, "only one YAML document is allowed here"),
    ("? [a, b]\n: c\n", 1, "a key must be a plain word"),
])
def test_refused_yaml(text: str, line: int, message: str) -> None:
    with pytest.raises(YamlProblem) as raised:
        parse_yaml(text, first_line=1)
    assert raised.value.line == line
    assert raised.value.message.startswith(message)
    assert raised.value.hint


def test_problem_lines_count_from_the_first_line_given() -> None:
    with pytest.raises(YamlProblem) as raised:
        parse_yaml("a: 1\na: 2\n", first_line=20)
    assert raised.value.line == 21
    assert "first on line 20" in raised.value.message
