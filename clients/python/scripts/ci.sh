#!/usr/bin/env bash
# CI entry point of the Python client: installs Debian's packages when missing, regenerates
# the stubs and runs the tests against the built server.
#
#   bash clients/python/scripts/ci.sh
#
# Needs the server built first (`mvn -B -DskipTests package` at the repository root) and
# java on PATH. Exits non-zero when anything fails; the unittest summary is the last output.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"   # clients/python
root="$(cd "$here/../.." && pwd)"
py=/usr/bin/python3   # Debian's interpreter: python3-grpcio/python3-protobuf install for it only

# libprotobuf-dev carries google/protobuf/*.proto (any, duration), which protoc only Recommends.
packages=(protobuf-compiler protobuf-compiler-grpc libprotobuf-dev python3-grpcio python3-protobuf)
missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "ci.sh: installing ${missing[*]}" >&2
  sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -q
  "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

"$py" -c 'import grpc, google.protobuf; print("ci.sh: grpcio", grpc.__version__, "protobuf", google.protobuf.__version__)'

bash "$here/scripts/generate.sh"

if [ ! -f "$root/service/target/quarkus-app/quarkus-run.jar" ]; then
  echo "ci.sh: service/target/quarkus-app/quarkus-run.jar is missing; run: mvn -B -DskipTests package" >&2
  exit 1
fi

cd "$root"
# generate.sh just ran: the test module need not run it again.
BACKSTOP_SKIP_GENERATE=1 exec "$py" -m unittest discover -s clients/python/tests -t clients/python/tests -v
