"""A minimal Chrome DevTools Protocol client over ``--remote-debugging-pipe`` (no extra package): open a page in
headless Chromium, evaluate JavaScript, move and click the mouse with real (trusted) input events, take screenshots.
Used by the browser tests to hover the interactive map and click through to provenance."""

from __future__ import annotations

import base64
import json
import os
import subprocess
import tempfile
import time
from pathlib import Path

from sitrep.report import CHROMIUM_FLAGS, find_chromium

NO_NETWORK = "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost"


class Browser:
    def __init__(self, *, width: int = 1280, height: int = 900, chromium: str | None = None) -> None:
        chromium = chromium or find_chromium()
        if not chromium:
            raise FileNotFoundError("Chromium not found")
        self._profile = tempfile.TemporaryDirectory(prefix="sitrep-cdp-")
        to_child_r, self._to_child = os.pipe()
        self._from_child, from_child_w = os.pipe()

        def fds() -> None:  # Chromium reads commands on fd 3 and writes answers on fd 4
            high_r, high_w = os.dup(to_child_r) + 100, os.dup(from_child_w) + 100
            os.dup2(to_child_r, high_r)
            os.dup2(from_child_w, high_w)
            os.dup2(high_r, 3)  # dup2 onto a different number clears close-on-exec
            os.dup2(high_w, 4)

        flags = [f for f in CHROMIUM_FLAGS if f != "--headless"]
        self.proc = subprocess.Popen(
            [chromium, "--headless=new", *flags, f"--user-data-dir={self._profile.name}", "--remote-debugging-pipe",
             f"--window-size={width},{height}", NO_NETWORK, "about:blank"],
            close_fds=False, preexec_fn=fds, stdin=subprocess.DEVNULL,  # closing fds would undo the dup2
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        os.close(to_child_r)
        os.close(from_child_w)
        self._buffer = b""
        self._next = 0
        self.events: list[dict] = []
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        for domain in ("Page", "Runtime", "Network", "Log"):
            self.call(f"{domain}.enable", session=True)
        self.call("Emulation.setDeviceMetricsOverride", session=True, width=width, height=height,
                  deviceScaleFactor=1, mobile=False)

    def _read(self) -> dict:
        while b"\0" not in self._buffer:
            chunk = os.read(self._from_child, 1 << 20)
            if not chunk:
                raise RuntimeError("Chromium closed the pipe: " + self.proc.stderr.read().decode()[-2000:])
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)

    def call(self, method: str, *, session: bool = False, **params) -> dict:
        self._next += 1
        message = {"id": self._next, "method": method, "params": params}
        if session:
            message["sessionId"] = self.session
        try:
            os.write(self._to_child, json.dumps(message).encode() + b"\0")
        except BrokenPipeError:
            raise RuntimeError("Chromium exited: " + self.proc.stderr.read().decode()[-2000:]) from None
        while True:
            answer = self._read()
            if answer.get("id") == self._next:
                if "error" in answer:
                    raise RuntimeError(f"{method}: {answer['error']}")
                return answer.get("result", {})
            self.events.append(answer)

    def open(self, page: str | Path, *, settle: float = 1.5) -> None:
        url = Path(page).resolve().as_uri() if not str(page).startswith(("file:", "http:", "about:")) else str(page)
        self.call("Page.navigate", session=True, url=url)
        deadline = time.time() + 60
        while self.js("document.readyState") != "complete":
            if time.time() > deadline:
                raise TimeoutError(url)
            time.sleep(0.1)
        time.sleep(settle)

    def js(self, expression: str):
        result = self.call("Runtime.evaluate", session=True, expression=expression, awaitPromise=True,
                           returnByValue=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression[:80]}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def mouse(self, kind: str, x: float, y: float) -> None:
        params = {"type": kind, "x": x, "y": y}
        if kind in ("mousePressed", "mouseReleased"):
            params |= {"button": "left", "clickCount": 1}
        self.call("Input.dispatchMouseEvent", session=True, **params)

    def click(self, x: float, y: float) -> None:
        self.mouse("mouseMoved", x, y)
        self.mouse("mousePressed", x, y)
        self.mouse("mouseReleased", x, y)

    def screenshot(self, target: Path, *, full: bool = True) -> Path:
        data = self.call("Page.captureScreenshot", session=True, format="png", captureBeyondViewport=full)["data"]
        target.write_bytes(base64.b64decode(data))
        return target

    def console(self) -> list[str]:
        """Console messages and log entries seen so far (e.g. Content-Security-Policy reports)."""
        out = []
        for e in self.events:
            if e.get("method") == "Runtime.consoleAPICalled":
                out.append(" ".join(str(a.get("value", a.get("description", ""))) for a in e["params"]["args"]))
            elif e.get("method") == "Log.entryAdded":
                out.append(e["params"]["entry"].get("text", ""))
            elif e.get("method") == "Runtime.exceptionThrown":
                out.append(json.dumps(e["params"]["exceptionDetails"])[:500])
        return out

    def requests(self) -> list[str]:
        return [e["params"]["request"]["url"] for e in self.events if e.get("method") == "Network.requestWillBeSent"]

    def close(self) -> None:
        try:
            self.call("Browser.close")
        except Exception:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        os.close(self._to_child)
        os.close(self._from_child)
        self._profile.cleanup()

    def __enter__(self) -> Browser:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


# -- Bokeh and DataTables in a page -----------------------------------------------------------------------------------

BOKEH_POINTS = """(() => {
  const out = [];
  if (!window.Bokeh) return out;
  for (const v of Bokeh.index) {
    if (!v.renderer_views) continue;
    const host = v.el.getBoundingClientRect();
    for (const rv of v.renderer_views.values()) {
      if (!rv.glyph || rv.model.glyph.type !== "Scatter") continue;
      for (let i = 0; i < rv.glyph.sx.length; i++)
        if (isFinite(rv.glyph.sx[i]) && isFinite(rv.glyph.sy[i]))
          out.push([host.left + window.scrollX + rv.glyph.sx[i], host.top + window.scrollY + rv.glyph.sy[i]]);
    }
  }
  return out;
})()"""

TOOLTIPS = """(() => {
  const out = [];
  function walk(root) {
    root.querySelectorAll("*").forEach(e => {
      if (e.classList && e.classList.contains("bk-Tooltip") && e.shadowRoot) {
        const text = [...e.shadowRoot.children].filter(c => c.tagName !== "STYLE").map(c => c.textContent).join(" ");
        if (text.trim()) out.push(text.replace(/\\s+/g, " ").trim());
      }
      if (e.shadowRoot) walk(e.shadowRoot);
    });
  }
  walk(document);
  return out;
})()"""

WIDGETS = """JSON.stringify({
  widgets: document.querySelectorAll(".sitrep-widget").length,
  drawn: document.querySelectorAll(".sitrep-widget.sitrep-drawn").length,
  datatables: document.querySelectorAll(".dt-container table.dataTable").length,
  rows: document.querySelectorAll(".dt-container table.dataTable tbody tr").length,
  bokeh: document.querySelectorAll(".sitrep-bokeh").length,
  canvases: (() => { let n = 0; const walk = r => r.querySelectorAll("*").forEach(e => {
    if (e.tagName === "CANVAS" && e.width > 0 && e.height > 0) n++; if (e.shadowRoot) walk(e.shadowRoot); });
    walk(document); return n; })(),
  pwned: document.body.getAttribute("data-pwned")
})"""


def hover_points(browser: Browser, *, limit: int = 200) -> list[str]:
    """Move the mouse onto every Bokeh point of the page (scrolling it into view) and collect the tooltips shown."""
    import json as _json

    seen: list[str] = []
    for x, y in (browser.js(BOKEH_POINTS) or [])[:limit]:
        browser.js(f"window.scrollTo(0, {max(0, y - 300)})")
        top = browser.js("window.scrollY")
        browser.mouse("mouseMoved", x - 8, y - top - 8)
        browser.mouse("mouseMoved", x, y - top)
        time.sleep(0.05)
        for text in browser.js(TOOLTIPS):
            if text not in seen:
                seen.append(text)
    _json.dumps(seen)
    return seen


def widgets(browser: Browser) -> dict:
    return json.loads(browser.js(WIDGETS))
