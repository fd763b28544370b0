"""One anywidget model in the kernel, spoken over a Jupyter comm (the widget message protocol, version 2.1).

anywidget's front end (its JupyterLab and Notebook 7 extension, and the widget managers of VS Code and Colab)
draws an `AnyModel` from the state its comm opens with: `_esm`, `_css` and the widget's own keys. `LiveModel`
opens that comm itself, as anywidget's descriptor API does, so a quiz never imports ipywidgets: that import alone
costs several times what the rest of drawing a quiz does.

- The state is sent whole when the comm opens and again when a front end asks for it (`request_state`, after
  a page reload); `set_state` sends the keys that changed.
- A custom message from the front end (`model.send(...)`) goes to `receive(content)`. Whatever a front end
  sends, nothing raises here.
- Outside a kernel the comm is the `comm` package's dummy, which sends nothing.
- `as_anywidget()` gives the same model as an `anywidget.AnyWidget`, for the hosts that need one (marimo,
  ipywidgets containers); only then is ipywidgets imported.
"""

from __future__ import annotations

import logging
import sys
from functools import lru_cache

import comm

log = logging.getLogger(__name__)

PROTOCOL_MAJOR, PROTOCOL_MINOR = 2, 1
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


@lru_cache(maxsize=1)
def anywidget_version() -> str:
    """The front-end module version the model asks for, as anywidget's own Python side writes it ('~0.11.*')."""
    from importlib.metadata import version  # noqa: PLC0415 - already imported in a kernel; a few ms elsewhere

    major, minor, patch = (version("anywidget").split(".", 2) + ["0", "0"])[:3]
    if "a" in patch or "b" in patch:
        return f"{major}.{minor}.{patch}"  # a pre-release asks for exactly itself
    return f"~{major}.{minor}.*"


class LiveModel:
    """A widget model whose state lives here and whose view is anywidget's."""

    def __init__(self, **state):
        version = anywidget_version()
        # the whole state, the model's name and module with it: a reloaded page builds the model from a reply alone
        self._state = {"_model_module": "anywidget", "_model_name": "AnyModel", "_model_module_version": version,
                       "_view_module": "anywidget", "_view_name": "AnyView", "_view_module_version": version,
                       "_view_count": None, **state}
        self._mirror = None  # the AnyWidget of as_anywidget(), once asked for
        self.comm = comm.create_comm(
            target_name="jupyter.widget", metadata={"version": f"{PROTOCOL_MAJOR}.{PROTOCOL_MINOR}.0"},
            data={"state": dict(self._state), "buffer_paths": []})
        self.comm.on_msg(self._on_comm_message)

    @property
    def model_id(self) -> str:
        return self.comm.comm_id

    def state(self, key: str):
        return self._state[key]

    def set_state(self, **changes) -> None:
        """Keep `changes` and send them to every view."""
        self._state.update(changes)
        self.comm.send({"method": "update", "state": changes, "buffer_paths": []})
        if self._mirror is not None:
            for key, value in changes.items():
                setattr(self._mirror, key, value)

    def _on_comm_message(self, message: dict) -> None:
        try:
            data = message["content"]["data"]
            method = data.get("method")
            if method == "custom" and isinstance(data.get("content"), dict):
                self.receive(data["content"])
            elif method == "request_state":
                self.comm.send({"method": "update", "state": dict(self._state), "buffer_paths": []})
            # "update" from a view changes nothing: every key of ours is the kernel's to set
        except Exception:  # untrusted input must never break the kernel: note it and go on
            log.warning("sourcequiz: ignored a message from the front end", exc_info=True)

    def _handle_custom_msg(self, content, buffers=None) -> None:
        """What the comm does with `model.send(content)` (the entry point tests and tools use)."""
        self._on_comm_message({"content": {"data": {"method": "custom", "content": content}}})

    def receive(self, content: dict) -> None:
        raise NotImplementedError

    def close(self) -> None:
        self.comm.close()
        if self._mirror is not None:
            self._mirror.close()

    def as_anywidget(self):
        """This model as an `anywidget.AnyWidget`, for hosts that need one: marimo's `mo.ui.anywidget(...)`,
        or an ipywidgets container (`VBox([q.as_anywidget(), ...])`). It is a second model with the same
        state: what its views send comes here, and what changes here goes to it. Imports ipywidgets."""
        if self._mirror is None:
            self._mirror = _mirror(self)
        return self._mirror

    def _repr_mimebundle_(self, include=None, exclude=None, **kwargs):
        """(data, metadata): the widget view, and in Colab the metadata its widget manager needs."""
        data = {WIDGET_VIEW: {"version_major": PROTOCOL_MAJOR, "version_minor": PROTOCOL_MINOR,
                              "model_id": self.model_id}, "text/plain": repr(self)}
        return data, colab_metadata()


def colab_metadata() -> dict:
    """Colab draws third-party widgets only with its custom widget manager: anywidget's helper turns it on."""
    if "google.colab.output" not in sys.modules:
        return {}
    try:
        from anywidget._util import get_repr_metadata  # noqa: PLC0415 - only in Colab, where ipywidgets is loaded
    except ImportError:
        return {}
    return get_repr_metadata()


def _mirror(model: LiveModel):
    import anywidget  # noqa: PLC0415 - ipywidgets comes with it: only for the hosts that need it
    import traitlets  # noqa: PLC0415

    own = {k: v for k, v in model._state.items() if not k.startswith("_")}
    traits = {k: traitlets.Any().tag(sync=True) for k in own}
    kind = type("SourcequizWidget", (anywidget.AnyWidget,),
                {"_esm": model.state("_esm"), "_css": model.state("_css"), **traits})
    widget = kind(**own)
    widget.on_msg(lambda _widget, content, buffers: model._handle_custom_msg(content, buffers))
    return widget
