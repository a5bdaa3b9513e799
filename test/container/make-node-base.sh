#!/usr/bin/env bash
# Makes an offline stand-in for node:20-bookworm-slim, because no registry can
# be reached here: debootstrap --variant=minbase bookworm, plus the host's node
# binary and npm, imported with `docker import`. Cached by name: when
# `docker image inspect NAME` finds the image, nothing is done.
#
# Usage: test/container/make-node-base.sh [NAME]   (default chrootforge-test/node20-bookworm:local)
set -euo pipefail
name=${1:-chrootforge-test/node20-bookworm:local}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}

if docker image inspect "$name" >/dev/null 2>&1; then
  echo "make-node-base: $name exists (cached)"
  exit 0
fi
[ "$(id -u)" -eq 0 ] || { echo "make-node-base: run as root (debootstrap needs it)" >&2; exit 1; }
command -v debootstrap >/dev/null || { echo "make-node-base: apt-get install debootstrap" >&2; exit 1; }
node_bin=$(readlink -f "$(command -v node)")
npm_dir=$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")
major=$("$node_bin" -p 'process.versions.node.split(".")[0]')
[ "$major" -ge 20 ] || { echo "make-node-base: the host's node is $major; Node 20 or newer is needed" >&2; exit 1; }

root=$(mktemp -d /var/tmp/chrootforge-base.XXXXXX)
# debootstrap leaves proc etc. mounted when it dies half-way: unmount before removing.
cleanup() {
  for m in $(awk -v r="$root" 'index($2, r) == 1 {print $2}' /proc/self/mounts | sort -r); do umount -l "$m" || true; done
  rm -rf --one-file-system "$root"
}
trap cleanup EXIT

echo "make-node-base: debootstrap --variant=minbase bookworm (about a minute)"
debootstrap --variant=minbase bookworm "$root" "$mirror" >"$root.log" 2>&1 || { tail -30 "$root.log" >&2; rm -f "$root.log"; exit 1; }
rm -f "$root.log"

# Node and npm laid out as in the official node image (/usr/local).
install -m 0755 "$node_bin" "$root/usr/local/bin/node"
mkdir -p "$root/usr/local/lib/node_modules"
cp -a "$npm_dir" "$root/usr/local/lib/node_modules/npm"
ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$root/usr/local/bin/npm"
ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$root/usr/local/bin/npx"
# The base trusts what the host trusts: a CI host behind a TLS-inspecting
# proxy has its CA in the host store, and `npm ci` in `docker build` needs it.
# (Node has its own CA list, so it is told about the bundle; the certificates
# in /usr/local/share/ca-certificates survive ca-certificates' own rebuild.)
if [ -f /etc/ssl/certs/ca-certificates.crt ]; then
  install -D -m 0644 /etc/ssl/certs/ca-certificates.crt "$root/etc/ssl/certs/ca-certificates.crt"
  if [ -d /usr/local/share/ca-certificates ]; then
    mkdir -p "$root/usr/local/share/ca-certificates"
    cp -a /usr/local/share/ca-certificates/. "$root/usr/local/share/ca-certificates/"
  fi
  ca_env=(-c 'ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt')
else
  ca_env=()
fi
# A slim image carries no apt lists or caches.
rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/*.bin "$root"/var/cache/apt/archives/*.deb
chroot "$root" /usr/local/bin/node --version >/dev/null

tar --numeric-owner -C "$root" -c . | docker import \
  -c 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  "${ca_env[@]}" -c 'CMD ["node"]' - "$name" >/dev/null
echo "make-node-base: made $name ($(docker image inspect -f '{{.Size}}' "$name") bytes)"
