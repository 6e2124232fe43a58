#!/usr/bin/env bash
# The built-in catalog holds the 1,500 most-voted TV series of the IMDb catalog (an objective rule, not a hand pick).
# Checked here, where the reference file is beside the repository; the tests cannot, as a user's clone lacks it.
set -euo pipefail
cd "$(dirname "$0")/.."
reference=../shared/data/imdb-tv-shows/shows.csv
if [[ ! -f $reference ]]; then
  echo "catalog rule: $reference not found, not checked"
  exit 0
fi
python3 - "$reference" src/ShowBot.Core/Catalog/BuiltInCatalog.csv <<'PY'
import csv, sys
reference = sorted(csv.DictReader(open(sys.argv[1], encoding="utf-8")), key=lambda r: -int(r["num_votes"]))[:1500]
built_in = {r["show_id"] for r in csv.DictReader(open(sys.argv[2], encoding="utf-8"))}
missing = [f'{r["primary_title"]} ({r["show_id"]})' for r in reference if r["show_id"] not in built_in]
if missing:
    sys.exit(f"catalog rule: {len(missing)} of the 1,500 most-voted series are missing from the built-in catalog, e.g. {', '.join(missing[:3])}")
print(f"catalog rule: the 1,500 most-voted series of {sys.argv[1]} are all in the built-in catalog")
PY
