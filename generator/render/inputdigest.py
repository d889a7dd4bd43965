"""A digest of a page's inputs: equal digests mean equal inputs, so the page would render the same.

Rendering is a pure function of a page's context (and the templates and code, digested apart), so a
page whose context digest is unchanged since the previous build would render to the same bytes. The
digest is taken over a pickle of the context: a faithful copy of every value in it, made in C. Values
of the model (a meeting, an item, the settings) are plain frozen data that many pages show; each is
pickled once per build and then stands in every context by its own digest; so do other large values
that many pages show (a topic's timeline, a person, a meeting's linked texts).

Equal values that share objects differently may pickle differently; that only renders a page again,
never skips one that changed. A context that cannot be pickled cannot be digested: it is an error
(UndigestibleValue), never skipped.
"""

from __future__ import annotations

import hashlib
import io
import pickle
from typing import Any

from generator import model

_MODEL = model.__name__
_PROTOCOL = 5


class UndigestibleValue(TypeError):
    """A page context holds a value the digest cannot read: the page is rendered, never skipped."""


def model_value(digest: bytes) -> bytes:
    """Stand for a model value in a context's pickle (never called: digests are not unpickled)."""
    return digest


class _Pickler(pickle.Pickler):
    def __init__(self, file: io.BytesIO, digester: Digester, root: object = None) -> None:
        super().__init__(file, protocol=_PROTOCOL)
        self.digester = digester
        self.root = root

    def reducer_override(self, obj: Any) -> Any:
        # Called only for objects of classes other than the built-in containers, strings and numbers.
        kind = type(obj)
        if obj is self.root or (kind.__module__ != _MODEL and kind not in self.digester.shared):
            return NotImplemented
        return model_value, (self.digester.digest_once(obj),)


class Digester:
    """Digests page contexts, remembering the digest of each shared value for the life of the digester.

    Model values are shared, and so are values of the classes given: large values that many pages
    show (a topic's timeline, a person). Use one digester per build (or per process of a build): it
    keeps the values it remembers alive, so their ids are not reused.
    """

    def __init__(self, shared: tuple[type, ...] = ()) -> None:
        self.shared = frozenset(shared)
        self._known: dict[int, tuple[object, bytes]] = {}

    def digest(self, value: Any) -> bytes:
        """Return the 32-byte digest of a value."""
        return hashlib.blake2b(self._pickle(value, None), digest_size=32).digest()

    def digest_once(self, value: object) -> bytes:
        """Return the digest of a shared value, taken once."""
        seen = self._known.get(id(value))
        if seen is not None and seen[0] is value:
            return seen[1]
        if type(value).__module__ == _MODEL:
            data = pickle.dumps(value, protocol=_PROTOCOL)  # the model's values hold only the model's values
        else:
            data = self._pickle(value, value)
        digest = hashlib.blake2b(data, digest_size=32).digest()
        self._known[id(value)] = (value, digest)
        return digest

    def _pickle(self, value: Any, root: object) -> bytes:
        buffer = io.BytesIO()
        try:
            _Pickler(buffer, self, root).dump(value)
        except (pickle.PicklingError, TypeError, AttributeError) as error:
            raise UndigestibleValue(f"a page's context cannot be digested: {error}") from error
        return buffer.getvalue()
