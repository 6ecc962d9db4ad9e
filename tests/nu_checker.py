"""The Nu HTML checker (vnu.jar, pinned in package.json), run once over many saved pages: the JVM
takes about 2 s to start, so each test saves its pages and asks once."""

import json
import shutil
import subprocess
from pathlib import Path

VNU = Path(__file__).resolve().parents[1] / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def nu_errors(files):
    """The checker's errors for these HTML files, as "file:line: message"; [] when all are valid."""
    assert VNU.exists(), "node_modules/vnu-jar is missing: run `npm ci` (make test does)."
    assert shutil.which("java"), "Java is missing: scripts/system-deps.sh installs it."
    result = subprocess.run(  # noqa: S603 - fixed arguments, our own files
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, files)],  # noqa: S607
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    return [f"{Path(m.get('url', '')).name}:{m.get('lastLine')}: {m['message']}" for m in messages]
