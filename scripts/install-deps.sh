#!/usr/bin/env bash
# Debian packages the runner drives (ansible: the ansible provisioner's
# ansible-playbook and its chroot connection), the tests use as real peers
# (packer, neovim, pre-commit, docker), what the Debian examples' boot
# tests boot them with (QEMU for x86 and arm, arm64 UEFI firmware; mtools
# reads the EFI system partition without mounting it), and chromium for the
# playground and the browser-hosted language server (driven by
# playwright-core: no browser download). Idempotent; safe on a fresh machine.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
pkgs=(
  util-linux mount e2fsprogs dosfstools parted fdisk qemu-utils xz-utils zstd
  busybox-static debootstrap qemu-user-static binfmt-support psmisc ansible
  unzip zip bzip2 gdisk libarchive-tools
  packer neovim pre-commit git docker.io curl ca-certificates
  qemu-system-x86 qemu-system-arm qemu-efi-aarch64 mtools chromium
)
missing=()
for p in "${pkgs[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
