#!/usr/bin/env bash
# The request model's evaluation on CSIC 2010 (issue 7, point 1), in two steps as docs/anomaly.md describes them:
#   1. the selection on the training file alone (RequestModelSelection: four fifths learned, one fifth held out as
#      normal, one synthetic attack per held-out request), one line per candidate and the choice;
#   2. the full evaluation with the default model: ./vigil anomaly eval, trained on normalTrafficTraining only and
#      scored on the two validation files.
#
# usage: tools/eval-requests.sh [--no-selection]
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=tools/bench-common.sh
. tools/bench-common.sh
data="$(shared_data)/anomaly/csic2010"
machine_line
if [ "${1:-}" != "--no-selection" ]; then
    echo "selection on the training file (synthetic attacks)…" >&2
    cp="$(tools/test-classpath.sh)"
    java -Xmx2g -cp "$cp" dev.vigil.anomaly.request.RequestModelSelection "$data"
fi
echo "full evaluation on the validation files…" >&2
./vigil anomaly eval --train "$data/normalTrafficTraining.txt.gz" \
    --normal "$data/normalTrafficValidation.txt.gz" --anomalous "$data/anomalousTrafficValidation.txt.gz"
