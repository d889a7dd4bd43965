"""The site's identity from `site.yaml`: whose archive it is, shown in every page's header and footer."""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath

from generator.content.fields import Fields
from generator.content.sources import is_inside
from generator.errors import ContentError, SourceLocation
from generator.model import Identity, SiteConfig

IDENTITY_KEYS = ("municipality", "logo", "website", "contact", "accessibility_statement")
LOGO_TYPES = (".svg", ".png", ".jpg", ".jpeg", ".webp")
# An http(s) address with a host and no spaces, quotes or angle brackets; bounded, so linear.
_ADDRESS = re.compile(r"https?://[A-Za-z0-9.-]{1,253}(:\d{1,5})?(/[^\s\"'<>\\]{0,2000})?\Z")
STATEMENT_HINT = ("add 'accessibility_statement: https://www.was.digst.dk/...' to site.yaml: every Danish "
                  "public site must link to its accessibility statement (webtilgængelighedsloven)")


def read_identity(fields: Fields, content_dir: Path) -> Identity:
    """Read the optional identity fields of the site settings, recording mistakes."""
    return Identity(
        municipality=fields.text("municipality", required=False),
        logo=_logo(fields, content_dir),
        website=_address(fields, "website", "https://www.norddjurs.dk"),
        contact=fields.text("contact", required=False),
        accessibility=_address(fields, "accessibility_statement", "https://www.was.digst.dk/norddjurs-dk"),
    )


def identity_warnings(config: SiteConfig, site_file: str = "site.yaml") -> tuple[ContentError, ...]:
    """Return the warnings about identity fields a public site should have."""
    if config.identity.accessibility is None:
        return (ContentError(SourceLocation(site_file, 1), "the site has no accessibility statement",
                             STATEMENT_HINT),)
    return ()


def _address(fields: Fields, key: str, example: str) -> str | None:
    value = fields.text(key, required=False)
    if value is None:
        return None
    if not _ADDRESS.match(value):
        fields.error(fields.mapping.get(key) or fields.mapping, f"'{key}' must be a web address starting with "
                     "https:// (or http://), with no spaces or quotes", f"write e.g. '{key}: {example}'")
        return None
    return value


def _logo(fields: Fields, content_dir: Path) -> str | None:
    value = fields.text("logo", required=False)
    if value is None:
        return None
    node = fields.mapping.get("logo") or fields.mapping
    relative = PurePosixPath(value)
    if relative.is_absolute() or ".." in relative.parts or "\\" in value:
        fields.error(node, "'logo' must be a path inside the content folder, without '..'",
                     "put the logo in the content folder and write e.g. 'logo: logo.svg'")
        return None
    if relative.suffix.lower() not in LOGO_TYPES:
        fields.error(node, f"the logo '{value}' is not an image the site can show",
                     f"use a file ending in {', '.join(LOGO_TYPES)}")
        return None
    path = content_dir / relative
    if not path.is_file() or not is_inside(path, content_dir):
        fields.error(node, f"the logo file '{value}' does not exist in the content folder",
                     "check the spelling, or put the file there (paths start in the content folder)")
        return None
    return relative.as_posix()
