"""What `minutes serve` adds to the pages it serves: the outcome of each build, and a script that reloads on it.

Nothing here touches the built files: the script tag is added to HTML responses as they are sent.
"""

from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass

RESERVED = "/__minutes/"  # the server's own addresses, outside any site
SCRIPT_PATH = RESERVED + "reload.js"
STYLE_PATH = RESERVED + "reload.css"
EVENTS_PATH = RESERVED + "events"
OVERLAY_ID = "minutes-build-errors"

# Same-origin files only: the site's policy (script-src 'self', style-src 'self', connect-src 'self') allows
# them as they are, so the served pages keep the policy of the built ones.
RELOAD_SCRIPT = """\
(function () {
  "use strict";
  var script = document.currentScript;
  var shown = script.getAttribute("data-site");
  var style = document.createElement("link");
  style.rel = "stylesheet";
  style.href = "STYLE_PATH";
  document.head.appendChild(style);
  var source = new EventSource("EVENTS_PATH");
  source.onmessage = function (event) {
    var state = JSON.parse(event.data);
    if (String(state.site) !== shown) {
      source.close();
      window.location.reload();
    } else if (state.ok) {
      hide();
    } else {
      show(state.lines);
    }
  };
  function hide() {
    var old = document.getElementById("OVERLAY_ID");
    if (old) old.remove();
  }
  function show(lines) {
    hide();
    var box = document.createElement("section");
    box.id = "OVERLAY_ID";
    box.setAttribute("role", "alert");
    var title = document.createElement("h2");
    title.textContent = "The last build failed; this is the site as it was before.";
    var text = document.createElement("pre");
    text.textContent = lines.join("\\n");
    box.appendChild(title);
    box.appendChild(text);
    document.body.appendChild(box);
  }
})();
""".replace("STYLE_PATH", STYLE_PATH).replace("EVENTS_PATH", EVENTS_PATH).replace("OVERLAY_ID", OVERLAY_ID)

RELOAD_STYLE = f"""\
#{OVERLAY_ID} {{
  position: fixed; inset: auto 0 0 0; z-index: 2147483647; max-height: 60vh; overflow: auto;
  margin: 0; padding: 1rem 1.5rem; background: #fff4f4; color: #1a1a1a; border-top: 4px solid #b00020;
  font: 1rem/1.5 system-ui, sans-serif; box-shadow: 0 -2px 12px rgb(0 0 0 / 25%);
}}
#{OVERLAY_ID} h2 {{ margin: 0 0 0.5rem; font-size: 1.1rem; color: #b00020; }}
#{OVERLAY_ID} pre {{ margin: 0; white-space: pre-wrap; font: 0.95rem/1.4 ui-monospace, monospace; }}
"""

_BODY_END = re.compile(rb"</body\s*>", re.IGNORECASE)


@dataclass(frozen=True)
class BuildState:
    """The outcome of the latest build: its number, the number of the site served, and the terminal's lines."""

    attempt: int = 0
    site: int = 0  # the attempt that wrote the site now served; a failed build leaves it as it was
    ok: bool = True
    lines: tuple[str, ...] = ()

    def to_json(self) -> str:
        """Return the state as the event endpoint sends it."""
        return json.dumps({"attempt": self.attempt, "site": self.site, "ok": self.ok, "lines": list(self.lines)})


class BuildEvents:
    """The builds' outcomes, handed from the watching thread to every open page."""

    def __init__(self, state: BuildState | None = None) -> None:
        self._state = state or BuildState()
        self._changed = threading.Condition()
        self._closed = False

    @property
    def state(self) -> BuildState:
        """Return the latest outcome."""
        with self._changed:
            return self._state

    def publish(self, ok: bool, lines: tuple[str, ...] = ()) -> BuildState:
        """Record a finished build and wake every page waiting for one."""
        with self._changed:
            attempt = self._state.attempt + 1
            self._state = BuildState(attempt, attempt if ok else self._state.site, ok, lines)
            self._changed.notify_all()
            return self._state

    def wait(self, after: int, timeout: float) -> BuildState | None:
        """Return the latest outcome once it is newer than attempt `after` or `timeout` has passed; None once closed."""
        with self._changed:
            self._changed.wait_for(lambda: self._closed or self._state.attempt > after, timeout)
            return None if self._closed else self._state

    def close(self) -> None:
        """Release every waiting page: the server is stopping."""
        with self._changed:
            self._closed = True
            self._changed.notify_all()


def inject(html: bytes, site: int) -> bytes:
    """Return a page with the reload script added before its last </body> (at the end if it has none)."""
    tag = f'<script src="{SCRIPT_PATH}" data-site="{site}"></script>\n'.encode()
    ends = list(_BODY_END.finditer(html))
    if not ends:
        return html + tag
    at = ends[-1].start()
    return html[:at] + tag + html[at:]
