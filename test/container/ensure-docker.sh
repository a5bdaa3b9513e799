#!/usr/bin/env bash
# Makes a Docker engine answer, as root on a fresh Debian 12 machine: installs
# docker.io when the client is missing, then starts dockerd (scripts/start-dockerd.sh).
# Prints nothing and exits 0 when the engine answers already.
set -euo pipefail
cd "$(dirname "$0")/../.."
docker info >/dev/null 2>&1 && exit 0
[ "$(id -u)" -eq 0 ] || { echo "docker is not running and only root can install or start it"; exit 1; }
if ! command -v dockerd >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq --no-install-recommends docker.io >/dev/null
fi
bash scripts/start-dockerd.sh
