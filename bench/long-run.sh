#!/usr/bin/env bash
# The long run (issue 17, item 4): `mlseg train` for 20,000 steps on images of three sizes (so the input shape changes
# from step to step), with validation and a checkpoint every 1,000 steps. Samples the process's resident memory and the
# steps done every 2 s into samples.csv, then prints the resident-memory and throughput curves per tenth of the run and
# the change after warm-up (the first tenth). CI runs a short slice: LongRunTests.
#   bench/long-run.sh [steps] [work folder]
# MLSEG_DLL=path/to/mlseg.dll runs that build (a copy, say, so that rebuilding the tree cannot disturb the run).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
steps="${1:-20000}"
work="$(realpath -m "${2:-runs/long-run}")"
if [ -z "${MLSEG_DLL:-}" ]; then
  dotnet build "$root/src/Cli" -c Release -v quiet -nologo > /dev/null
fi
mlseg=(dotnet "${MLSEG_DLL:-$root/src/Cli/bin/Release/net10.0/mlseg.dll}")

rm -rf "$work" && mkdir -p "$work/data/images" "$work/data/masks"
index=0
for size in 48x48 40x56 64x36; do
  "${mlseg[@]}" synthetic --out "$work/part-$size" --count 40 --size "$size" --classes 3 --first-index "$index" --seed 7 >/dev/null
  cp "$work/part-$size"/images/* "$work/data/images/"
  cp "$work/part-$size"/masks/* "$work/data/masks/"
  cp "$work/part-$size/classes.txt" "$work/data/"
  index=$((index + 40))
done

run="$work/run"
"${mlseg[@]}" train --data "$work/data" --steps "$steps" --batch-size 1 --depth 2 --width 8 \
  --validate-every 1000 --checkpoint-every 1000 --workers 1 --out "$run" --quiet > "$work/train.log" 2>&1 &
pid=$!
echo "seconds,step,rss_kb,load1" > "$work/samples.csv"
start=$(date +%s.%N)
while kill -0 "$pid" 2>/dev/null; do
  rss=$(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status" 2>/dev/null || true)
  step=$(tail -n 4 "$run/metrics.jsonl" 2>/dev/null | grep -o '"step":[0-9]*' | tail -n 1 | cut -d: -f2 || true)
  load=$(cut -d' ' -f1 /proc/loadavg)
  [ -n "$rss" ] && [ -n "$step" ] && echo "$(echo "$(date +%s.%N) - $start" | bc),$step,$rss,$load" >> "$work/samples.csv"
  sleep 2
done
wait "$pid" || { echo "mlseg train failed:"; tail -n 20 "$work/train.log"; exit 1; }

python3 - "$work/samples.csv" "$run/metrics.jsonl" "$steps" <<'EOF'
import csv, json, statistics, sys
samples = [(float(r["seconds"]), int(r["step"]), int(r["rss_kb"]) / 1024, float(r["load1"])) for r in csv.DictReader(open(sys.argv[1]))]
events = [json.loads(line) for line in open(sys.argv[2])]
steps = int(sys.argv[3])
losses = [e["loss"] for e in events if e["kind"] == "step"]
print(f"{len(losses)} steps, {sum(e['kind'] == 'validation' for e in events)} validations, "
      f"{sum(e['kind'] == 'checkpoint' for e in events)} checkpoints, non-finite losses: {sum(l != l or abs(l) == float('inf') for l in losses)}, "
      f"{len(samples)} samples over {samples[-1][0]:.0f} s")
step_losses = {e["step"]: e["loss"] for e in events if e["kind"] == "step"}
dice = [e["validation_dice"] for e in events if e["kind"] == "validation"]
print("tenth | steps | resident memory (MB) median, min, max | steps/s | mean loss | load average (1 min) median")
tenths = []
for k in range(10):
    part = [s for s in samples if k * steps / 10 < s[1] <= (k + 1) * steps / 10]
    if len(part) < 2:
        continue
    rate = (part[-1][1] - part[0][1]) / (part[-1][0] - part[0][0])
    rss = [s[2] for s in part]
    tenths.append((statistics.median(rss), rate))
    loss = statistics.mean(v for s, v in step_losses.items() if k * steps / 10 < s <= (k + 1) * steps / 10)
    print(f"{k + 1:5} | {int(k * steps / 10) + 1}-{int((k + 1) * steps / 10)} | {statistics.median(rss):.0f}, {min(rss):.0f}, {max(rss):.0f} | {rate:.1f} | {loss:.3f} | {statistics.median(s[3] for s in part):.2f}")
after = tenths[1:]
print(f"after warm-up (tenths 2-10): resident memory {min(r for r, _ in after):.0f}-{max(r for r, _ in after):.0f} MB, "
      f"last/second tenth {after[-1][0] / after[0][0]:.3f}; throughput last/second tenth {after[-1][1] / after[0][1]:.3f}, "
      f"median {statistics.median(t for _, t in after):.1f} steps/s")
print("validation Dice per class, first and last: " + ", ".join(f"{d:.3f}" for d in dice[0]) + " -> " + ", ".join(f"{d:.3f}" for d in dice[-1]))
EOF
