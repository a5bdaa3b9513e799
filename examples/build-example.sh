#!/usr/bin/env bash
# The README's first command. As root on a fresh Debian 12 machine:
# installs the Debian packages chrootforge drives, installs and builds
# chrootforge, then builds an example image on loop devices and says where
# the artifact is.
#
#   bash examples/build-example.sh           a bootable Debian 12 amd64 image
#                                            (debootstrap base, then kernel,
#                                            systemd and GRUB installed with
#                                            apt in the chroot; a few minutes)
#   bash examples/build-example.sh busybox   the quick start: a small busybox
#                                            image, offline, in seconds
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
cd "$repo"
example=${1:-debian}
case "$example" in
  debian | busybox) ;;
  *) echo "usage: bash examples/build-example.sh [debian|busybox]" >&2; exit 2 ;;
esac

if [ "$(id -u)" -ne 0 ]; then
  echo "build-example: run as root (loop devices and mounts need it): sudo bash examples/build-example.sh" >&2
  exit 1
fi
# Debian 12's own nodejs package is 18: too old (package.json engines: >=20).
node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$node_major" -lt 20 ]; then
  echo "build-example: Node.js 20 or newer is needed (found: $(node --version 2>/dev/null || echo none)); install it from nodejs.org or NodeSource" >&2
  exit 1
fi

step() { printf '\n==> %s\n' "$*"; }

step "Installing the Debian packages chrootforge drives"
bash scripts/install-deps.sh

step "Installing npm dependencies and building chrootforge"
npm ci --no-audit --no-fund
npm run build

if [ "$example" = busybox ]; then
  step "Making the busybox base image (offline)"
  bash examples/make-base-image.sh "$here/base.img"
  step "Building examples/busybox.pkr.hcl"
  node dist/cli/main.js build examples/busybox.pkr.hcl
  artifact="$here/output/busybox.img"
  [ -f "$artifact" ] || { echo "build-example: the build reported success but $artifact is missing" >&2; exit 1; }
  step "Done"
  echo "artifact:  $artifact ($(du -h --apparent-size "$artifact" | cut -f1) apparent, $(du -h "$artifact" | cut -f1) on disk)"
  echo "checksum:  $here/output/busybox.img.sha256   (check: cd $here/output && sha256sum -c busybox.img.sha256)"
  echo "manifest:  $here/output/packer-manifest.json"
  exit 0
fi

base="$here/debian/base-amd64.tar.zst"
if [ -f "$base" ]; then
  step "Reusing the debootstrap base $base (delete it to make it again)"
else
  step "Making the Debian 12 base with debootstrap (examples/debian/make-base.sh amd64)"
  bash examples/debian/make-base.sh amd64 "$base"
fi

step "Building examples/debian/amd64 (kernel, systemd, GRUB installed with apt in the chroot)"
node dist/cli/main.js build examples/debian/amd64

artifact="$here/debian/output/debian-amd64.qcow2"
[ -f "$artifact" ] || { echo "build-example: the build reported success but $artifact is missing" >&2; exit 1; }
step "Done"
echo "artifact:  $artifact ($(du -h "$artifact" | cut -f1))"
echo "checksum:  $artifact.sha256"
echo "boot it (serial console here; Ctrl-A X quits):"
echo "  qemu-system-x86_64 -m 1024 -nographic -drive file=$artifact,if=virtio,format=qcow2,snapshot=on"
echo "add -enable-kvm where KVM works; the console ends with the marker line: chrootforge: the image booted"
