"""Vendors GraphiQL's browser assets into src/spark_graph/static/graphiql/.

GraphiQL is served from this package, not from a CDN, so the explorer works on machines
without internet access (CI, air-gapped deployments). The files come from the npm registry
with `npm pack` and are checked against the same sha384 digests Strawberry pins for its own
CDN page, so they are byte for byte what Strawberry would load.

Run it only to change versions: python scripts/vendor_graphiql.py
"""

from __future__ import annotations

import base64
import hashlib
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from rich.progress import track

TARGET = Path(__file__).resolve().parents[1] / "src" / "spark_graph" / "static" / "graphiql"

# (npm package spec, file inside the tarball, name served, sha384 or None for licences)
ASSETS = [
    (
        "react@18.2.0",
        "package/umd/react.production.min.js",
        "react.production.min.js",
        "tMH8h3BGESGckSAVGZ82T9n90ztNXxvdwvdM6UoR56cYcf+0iGXBliJ29D+wZ/x8",
    ),
    ("react@18.2.0", "package/LICENSE", "LICENSE.react", None),
    (
        "react-dom@18.2.0",
        "package/umd/react-dom.production.min.js",
        "react-dom.production.min.js",
        "bm7MnzvK++ykSwVJ2tynSE5TRdN+xL418osEVF2DE/L/gfWHj91J2Sphe582B1Bh",
    ),
    ("react-dom@18.2.0", "package/LICENSE", "LICENSE.react-dom", None),
    (
        "graphiql@3.8.3",
        "package/graphiql.min.js",
        "graphiql.min.js",
        "HbRVEFG0JGJZeAHCJ9Xm2+tpknBQ7QZmNlO/DgZtkZ0aJSypT96YYGRNod99l9Ie",
    ),
    (
        "graphiql@3.8.3",
        "package/graphiql.min.css",
        "graphiql.min.css",
        "Mq3vbRBY71jfjQAt/DcjxUIYY33ksal4cgdRt9U/hNPvHBCaT2JfJ/PTRiPKf0aM",
    ),
    ("graphiql@3.8.3", "package/LICENSE", "LICENSE.graphiql", None),
]


def sha384(data: bytes) -> str:
    return base64.b64encode(hashlib.sha384(data).digest()).decode()


def main() -> int:
    TARGET.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as workdir:
        tarballs: dict[str, Path] = {}
        specs = sorted({spec for spec, *_ in ASSETS})
        for spec in track(specs, description="npm pack"):
            name = (
                subprocess.run(
                    ["npm", "pack", "--silent", spec],
                    cwd=workdir,
                    check=True,
                    capture_output=True,
                    text=True,
                    timeout=300,
                )
                .stdout.strip()
                .splitlines()[-1]
            )
            tarballs[spec] = Path(workdir) / name
        for spec, member, served_as, digest in ASSETS:
            with tarfile.open(tarballs[spec]) as tarball:
                extracted = tarball.extractfile(member)
                assert extracted is not None, f"{member} missing from {spec}"
                data = extracted.read()
            if digest is not None and sha384(data) != digest:
                print(f"{spec} {member}: sha384 mismatch", file=sys.stderr)
                return 1
            (TARGET / served_as).write_bytes(data)
            print(f"{served_as}: {len(data):,} bytes from {spec}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
