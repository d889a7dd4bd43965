"""Read `content/site.yaml` into a `SiteConfig`."""

from __future__ import annotations

import re
from pathlib import Path

from generator.content.fields import Fields
from generator.content.personaldata import report_personal_data
from generator.content.sources import read_source
from generator.content.strictyaml import Mapping, read_yaml
from generator.errors import ContentError, ErrorCollector, SourceLocation, display_path
from generator.model import Body, SiteConfig
from generator.render.identity import IDENTITY_KEYS, read_identity

SITE_FILE = "site.yaml"
SITE_KEYS = ("title", "language", "base_url", "bodies", *IDENTITY_KEYS)
LANGUAGES_DIR = Path(__file__).resolve().parent.parent.parent / "templates" / "i18n"
LANGUAGE_PATTERN = re.compile(r"[a-z]{2,3}\Z")
# Addresses the site uses for its own pages, which a body's pages would overwrite.
RESERVED_SLUGS = ("assets", "eksport", "emner", "oparl", "pagefind", "personer", "soeg")


def load_config(content_dir: Path) -> SiteConfig | list[ContentError]:
    """Read and validate the site settings; return them or the errors found."""
    path = content_dir / SITE_FILE
    name = display_path(path, content_dir)
    if not path.is_file():
        return [ContentError(SourceLocation(name), "the site settings file is missing",
                             f"create {name} with the site's title, language, base_url and bodies (see README)")]
    source = read_source(path, content_dir)
    if isinstance(source, ContentError):
        return [source]
    errors = ErrorCollector(name)
    root = read_yaml(source.text, errors)
    if errors.errors:
        return errors.errors
    if not isinstance(root, Mapping):
        errors.add(1, "the site settings must be 'key: value' lines", "see the example in the README")
        return errors.errors
    fields = Fields(root, errors, "site settings")
    fields.check_keys(SITE_KEYS)
    title = fields.text("title")
    language = _language(fields)
    base_url = normalise_base_url(fields.text("base_url", required=False) or "/")
    if (url_problem := base_url_problem(base_url)) is not None:
        fields.error(root.get("base_url") or root, url_problem, "write e.g. 'base_url: /referater/' or "
                     "'base_url: https://example.dk/referater/'")
    identity = read_identity(fields, content_dir)
    report_personal_data(source.text, errors, "site settings")
    bodies: list[Body] = []
    seen: dict[str, int] = {}
    for node in fields.sequence("bodies", required=True):
        entry = fields.sub(node, "a body")
        if entry is None:
            continue
        entry.check_keys(("slug", "name"))
        slug, body_name = entry.slug("slug"), entry.name("name")
        if slug is None or body_name is None:
            continue
        if slug in RESERVED_SLUGS:
            entry.error(entry.mapping.get("slug") or node, f"the slug '{slug}' is used by the site's own pages",
                        f"choose another slug; {', '.join(RESERVED_SLUGS)} are taken")
            continue
        if slug in seen:
            entry.error(node, f"the slug '{slug}' is used by two bodies (first on line {seen[slug]})",
                        "give every body its own slug")
            continue
        seen[slug] = node.line
        bodies.append(Body(slug, body_name))
    if errors.errors or title is None:
        return errors.errors
    return SiteConfig(title=title, language=language, base_url=base_url, bodies=tuple(bodies), identity=identity)


def normalise_base_url(url: str) -> str:
    """Return the base URL with exactly one trailing slash, e.g. '/referater/'."""
    url = url.strip()
    if not url.endswith("/"):
        url += "/"
    if "://" not in url and not url.startswith("/"):
        url = "/" + url
    return url


def base_url_problem(url: str) -> str | None:
    """Return what is wrong with a (normalised) base URL, or None."""
    if not re.fullmatch(r"(https?://[A-Za-z0-9.-]+(:\d+)?)?/(?!/)[A-Za-z0-9._~%/-]*", url):
        return ("'base_url' must be a path such as /referater/ or an http(s) address such as "
                "https://example.dk/referater/, with no spaces, quotes, '?' or '#'")
    return None


def _language(fields: Fields) -> str:
    language = fields.text("language", required=False) or "da"
    node = fields.mapping.get("language") or fields.mapping
    available = sorted(path.stem for path in LANGUAGES_DIR.glob("*.yaml"))
    if not LANGUAGE_PATTERN.match(language) or language not in available:
        fields.error(node, f"there are no interface words for the language '{language}'",
                     f"use one of: {', '.join(available)} (or add templates/i18n/<language>.yaml)")
        return "da"
    return language
