"""docs/python.md's worked example runs as written (from the repository's root)."""
import os
import re

from conftest import SRC, need_shared


def test_worked_example(capsys):
    need_shared()
    text = open(os.path.join(SRC, "docs", "python.md")).read()
    part = text.split("## Worked example", 1)[1]
    code = "\n".join(re.findall(r"```python\n(.*?)```", part, re.S))
    assert "score_ensemble" in code and "generate" in code
    here = os.getcwd()
    png = os.path.join(SRC, "mn_efficiency_gap.png")  # written when matplotlib is there
    had_png = os.path.exists(png)
    os.chdir(SRC)
    try:
        exec(compile(code, "docs/python.md", "exec"), {"__name__": "__doc_example__"})
    finally:
        os.chdir(here)
        if not had_png and os.path.exists(png):
            os.remove(png)
    out = capsys.readouterr().out
    assert "10001 plans" in out and "enacted: D" in out and "generated 22 plans" in out
