#!/usr/bin/env bash
# Renders the HTML reports of the examples in headless Chromium and checks each page:
# the screenshot is not blank, and the browser logged no console error, uncaught exception
# or failed load (every host name resolves to nothing, so any attempt to fetch from the
# network fails and shows up here too).
#
#   tools/report-check/check.sh [OUT_DIR]      default OUT_DIR: a new temporary folder
#
# Needs the built application (mvn -DskipTests package); installs Debian's chromium if missing.
# REPORT_CHECK_IMAGES=DIR also writes the cropped screenshots to DIR (how docs/images is made).
# Prints one line per report and a closing "N passed, N failed"; exits 1 on any failure.
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="${1:-$(mktemp -d)}"
mkdir -p "$out"

if ! command -v chromium >/dev/null 2>&1; then
  echo "report-check: installing chromium" >&2
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-get install -y -q chromium >"$out/apt.log" 2>&1; then
    apt-get update -q >>"$out/apt.log" 2>&1
    apt-get install -y -q chromium >>"$out/apt.log" 2>&1 \
      || { echo "report-check: cannot install chromium (see $out/apt.log)" >&2; exit 1; }
  fi
fi

passed=0
failed=0
results=()

check() { # name html
  local name="$1" html="$2" png="$out/$1.png" log="$out/$1.chromium.log" profile
  profile="$(mktemp -d)"
  chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
    --disable-component-update --disable-sync --no-first-run --hide-scrollbars \
    --host-resolver-rules="MAP * ~NOTFOUND" --user-data-dir="$profile" \
    --enable-logging=stderr --v=0 --window-size=1280,4400 \
    --screenshot="$png" "file://$html" >"$log" 2>&1
  local rc=$?
  rm -rf "$profile"
  local why=""
  [ $rc -eq 0 ] || why="chromium exited $rc"
  [ -s "$png" ] || why="${why:+$why; }no screenshot"
  if grep -E "CONSOLE|Uncaught|Failed to load resource|ERR_NAME_NOT_RESOLVED" "$log" >"$log.errors"; then
    why="${why:+$why; }console: $(head -n 1 "$log.errors")"
  fi
  if [ -s "$png" ]; then
    local cropped=()
    [ -n "${REPORT_CHECK_IMAGES:-}" ] && mkdir -p "$REPORT_CHECK_IMAGES" \
      && cropped=("$REPORT_CHECK_IMAGES/report-$name.png")
    java -Djava.awt.headless=true "$here/PngCheck.java" "$png" "${cropped[@]}" \
      || why="${why:+$why; }blank page"
  fi
  if [ -z "$why" ]; then
    passed=$((passed + 1)); results+=("ok   $name")
  else
    failed=$((failed + 1)); results+=("FAIL $name: $why")
  fi
}

for example in "$root"/examples/*.json; do
  name="$(basename "$example" .json)"
  for command in quote stress; do
    html="$out/$name-$command.html"
    if BACKSTOP_NO_BUILD=1 "$root/backstop" "$command" "$example" --report "$html" \
        >"$out/$name-$command.txt" 2>&1; then
      check "$name-$command" "$html"
    else
      failed=$((failed + 1))
      results+=("FAIL $name-$command: backstop $command exited non-zero: $(tail -n 1 "$out/$name-$command.txt")")
    fi
  done
done

printf '%s\n' "${results[@]}"
echo "report-check: outputs in $out"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
