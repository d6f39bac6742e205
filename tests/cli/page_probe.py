#!/usr/bin/env python3
"""Measure a page as headless Chromium lays it out: computed colours, element boxes.

  page_probe.py CHROMIUM URL WIDTH EXPR...

loads URL in a WIDTH-pixel-wide viewport (mobile emulation below 600 px) and prints one
JSON line per EXPR: the value of that JavaScript expression, evaluated in the loaded
page (DevTools evaluation: the page's own Content-Security-Policy, which forbids its
scripts, does not apply). Talks the DevTools protocol over --remote-debugging-pipe, so
it needs nothing beyond Python and Chromium. Exits 1 on a protocol or script error.

Example: the fill of a district's path and the width of a table against the page's:
  page_probe.py chromium file:///tmp/mn.html 1024 \
    'getComputedStyle(document.querySelector("path[data-district=\\"5\\"]")).fill' \
    '[document.querySelector("table").getBoundingClientRect().width, innerWidth]'
"""
import json, os, subprocess, sys, tempfile, time


class Browser:
    def __init__(self, chromium):
        self.prof = tempfile.mkdtemp(prefix="probe.")
        to_child_r, self.to_child = os.pipe()
        self.from_child, from_child_w = os.pipe()

        def fds():  # the child reads commands on fd 3 and writes replies on fd 4 (the
            # pipes' own descriptors are close-on-exec; close_fds would close 3 and 4)
            a, b = os.dup(to_child_r), os.dup(from_child_w)
            a, b = (os.dup(a) if a in (3, 4) else a), (os.dup(b) if b in (3, 4) else b)
            os.dup2(a, 3)
            os.dup2(b, 4)
            os.set_inheritable(3, True)
            os.set_inheritable(4, True)

        self.proc = subprocess.Popen(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--hide-scrollbars", "--user-data-dir=" + self.prof, "--remote-debugging-pipe", "about:blank"],
            preexec_fn=fds, close_fds=False, stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_child_r)
        os.close(from_child_w)
        self.buf, self.next_id, self.events = b"", 0, []

    def _read(self, deadline):
        while b"\0" not in self.buf:
            if time.time() > deadline:
                raise TimeoutError("no answer from chromium")
            chunk = os.read(self.from_child, 65536)
            if not chunk:
                raise EOFError("chromium closed the pipe")
            self.buf += chunk
        msg, self.buf = self.buf.split(b"\0", 1)
        return json.loads(msg)

    def call(self, method, params=None, session=None, timeout=60):
        self.next_id += 1
        m = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            m["sessionId"] = session
        os.write(self.to_child, json.dumps(m).encode() + b"\0")
        deadline = time.time() + timeout
        while True:
            r = self._read(deadline)
            if r.get("id") == self.next_id:
                if "error" in r:
                    raise RuntimeError(f"{method}: {r['error']}")
                return r.get("result", {})
            self.events.append(r)

    def wait_event(self, name, timeout=60):
        deadline = time.time() + timeout
        while True:
            for i, e in enumerate(self.events):
                if e.get("method") == name:
                    return self.events.pop(i)
            self.events.append(self._read(deadline))

    def close(self):
        try:
            self.call("Browser.close", timeout=10)
        except Exception:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        subprocess.run(["rm", "-rf", self.prof])


def main():
    if len(sys.argv) < 5:
        sys.exit(__doc__)
    chromium, url, width = sys.argv[1], sys.argv[2], int(sys.argv[3])
    b = Browser(chromium)
    try:
        tid = b.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        s = b.call("Target.attachToTarget", {"targetId": tid, "flatten": True})["sessionId"]
        b.call("Page.enable", session=s)
        b.call("Emulation.setDeviceMetricsOverride",
               {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": width < 600}, session=s)
        b.call("Page.navigate", {"url": url}, session=s)
        b.wait_event("Page.loadEventFired")
        for expr in sys.argv[4:]:
            r = b.call("Runtime.evaluate", {"expression": expr, "returnByValue": True}, session=s)
            if "exceptionDetails" in r:
                print(f"page_probe.py: {expr}: {r['exceptionDetails'].get('exception', {}).get('description')}",
                      file=sys.stderr)
                sys.exit(1)
            print(json.dumps(r["result"].get("value")))
    finally:
        b.close()


if __name__ == "__main__":
    main()
