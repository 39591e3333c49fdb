"""Generate large or many project definitions from the Darvonia example.

Large: ``--items N`` donated items (all given to the one recipient, so its deed's
schedule has N rows) and ``--risks M`` specific risks (each medium or high risk is
addressed by a generated mitigation, as Action 5 requires). Many: ``--copies K``
writes K copies with different project ids, one folder each (``<dir>/<id>/project.yaml``,
the layout ``hrdd build DIR`` reads).

Usage:
    python benchmarks/generate.py large --items 1000 --risks 200 -o big.yaml
    python benchmarks/generate.py copies --copies 8 -o projects/
"""

from __future__ import annotations

import argparse
import copy
from pathlib import Path
from typing import Any

import yaml

from hrdd_docs import resources

TAGS = ("sgbv", "discrimination", "arbitrary_detention", "detention_conditions",
        "excessive_force", "impunity", "misuse_of_items", "post_project_use",
        "personal_data", "corruption", "reputational", "minority_targeting")
"""Risk tags the generated risks cycle through (none that blocks engagement)."""

ELEMENTS = ("general_context", "recipient_record", "accountability", "corrective_measures",
            "legal_framework", "past_partnerships", "project_risks")
RATINGS = ("low", "medium", "high")


def example() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(
        resources.read_text("examples", "darvonia", "project.yaml"))
    return data


def large(items: int, risks: int) -> dict[str, Any]:
    """The example with ``items`` donated items and ``risks`` specific risks."""
    data = example()
    equipment = next(a for a in data["activities"] if a.get("items"))
    equipment["items"] = [
        {"description": f"Item {n + 1}: patrol equipment set, type {n % 7 + 1}",
         "quantity": n % 5 + 1, "unit_value": round(40 + (n * 37) % 900 + 0.5, 2),
         "currency": "USD", "identifiers": [f"SN-{n + 1:05d}"]}
        for n in range(items)
    ]
    generated = [
        {"id": f"r-gen-{n + 1:04d}",
         "description": f"Generated risk {n + 1}: misuse of support in district {n % 40 + 1}",
         "element": ELEMENTS[n % len(ELEMENTS)],
         "affected_groups": [f"Community {n % 12 + 1}"],
         "likelihood": RATINGS[n % 3], "impact": RATINGS[(n // 3) % 3],
         "tags": [TAGS[n % len(TAGS)], TAGS[(n + 5) % len(TAGS)]]}
        for n in range(risks)
    ]
    data["assessment"]["risks"] = generated
    # One measure per ten risks, so the mitigation plan grows with the register.
    mitigations = [m for m in data["mitigations"] if not m.get("addresses")]
    for start in range(0, risks, 10):
        ids = [r["id"] for r in generated[start:start + 10]]
        mitigations.append({
            "id": f"m-gen-{start // 10 + 1:03d}", "type": "monitoring",
            "description": f"Quarterly monitoring of risks {ids[0]} to {ids[-1]}",
            "addresses": ids, "owner": "Protection Officer", "timing": "preventive",
            "budgeted": True})
    if not mitigations:
        mitigations = [copy.deepcopy(data["mitigations"][0]) | {"addresses": []}]
    data["mitigations"] = mitigations
    data["project"]["id"] = f"large-{items}-{risks}"
    return data


def copies(count: int) -> list[dict[str, Any]]:
    """``count`` copies of the example, each with its own project id."""
    out = []
    for n in range(count):
        data = example()
        data["project"]["id"] = f"drv-copy-{n + 1:03d}"
        out.append(data)
    return out


def write(data: dict[str, Any], path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="what", required=True)
    big = sub.add_parser("large", help="one project with many items and risks")
    big.add_argument("--items", type=int, required=True)
    big.add_argument("--risks", type=int, required=True)
    big.add_argument("-o", "--output", type=Path, required=True, help="YAML file to write")
    many = sub.add_parser("copies", help="many copies of the example")
    many.add_argument("--copies", type=int, required=True)
    many.add_argument("-o", "--output", type=Path, required=True, help="folder to write")
    args = parser.parse_args()
    if args.what == "large":
        print(write(large(args.items, args.risks), args.output))
    else:
        for data in copies(args.copies):
            print(write(data, args.output / data["project"]["id"] / "project.yaml"))


if __name__ == "__main__":
    main()
