#!/usr/bin/env bash
# Starts dockerd in the background when it is not answering; waits up to 30 s.
set -euo pipefail
command -v dockerd >/dev/null || { echo "dockerd not installed"; exit 1; }
docker info >/dev/null 2>&1 && exit 0
nohup dockerd >/var/log/chrootforge-dockerd.log 2>&1 &
for _ in $(seq 60); do
  docker info >/dev/null 2>&1 && exit 0
  sleep 0.5
done
echo "dockerd did not answer in 30 s; see /var/log/chrootforge-dockerd.log"
exit 1
