# chrootforge: the CLI, the language server and the tools the runner drives.
#
#   docker build -t chrootforge .
#   docker build --build-arg BASE_IMAGE=my-node20-bookworm -t chrootforge .   (no registry)
#
# Build an image (root, loop devices and mounts: needs privileges and the host's /dev):
#   docker run --rm --privileged -v /dev:/dev -v "$PWD:/build" -w /build chrootforge build T.pkr.hcl
# Language server (no network, read-only same-path mount, stdin open, no tty):
#   docker run -i --rm --network none -v "$PWD:$PWD:ro" -w "$PWD" chrootforge lsp --stdio
#
# The base must be Debian 12 (bookworm) with Node 20 or newer on PATH; the
# default is the official slim Node image.
ARG BASE_IMAGE=node:20-bookworm-slim

# --- build: full npm install, TypeScript compile, schema precompile, then drop dev deps
FROM ${BASE_IMAGE} AS build
WORKDIR /src
# Manifests first: the npm layer is reused until the lock file changes.
# --ignore-scripts: nothing here needs an install script (the HCL grammar is
# wasm; tsc and esbuild come as prebuilt packages), and tree-sitter-hcl's
# `node-gyp rebuild` would need a compiler the slim base does not have.
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
COPY tsconfig.json tsconfig.build.json ./
COPY scripts/build.mjs scripts/compile-schemas.mjs scripts/direct-imports.mjs ./scripts/
COPY schemas ./schemas
COPY template ./template
COPY server ./server
COPY runner ./runner
COPY cli ./cli
# A type error fails the build (scripts/build.mjs), so no half-checked JS is shipped.
RUN npm run build \
 && npm prune --omit=dev --no-audit --no-fund --loglevel=error \
 # Source maps and declarations are of no use at run time; the wasm grammar is.
 && find dist -name '*.map' -delete -o -name '*.d.ts' -delete \
 && rm -rf node_modules/.package-lock.json

# --- qemu: only the two user-mode emulators people build board images for.
# qemu-user-static whole is ~380 MB; the .deb is downloaded and two files taken.
FROM ${BASE_IMAGE} AS qemu
WORKDIR /tmp/qemu
RUN apt-get update -qq \
 && apt-get download qemu-user-static \
 && dpkg-deb -x qemu-user-static_*.deb x \
 && install -D -m 0755 x/usr/bin/qemu-aarch64-static /out/usr/bin/qemu-aarch64-static \
 && install -D -m 0755 x/usr/bin/qemu-arm-static /out/usr/bin/qemu-arm-static \
 && rm -rf x qemu-user-static_*.deb /var/lib/apt/lists/*

# --- runtime
FROM ${BASE_IMAGE}

# The tools the runner runs (losetup/partx/flock, mount, mkfs/resize2fs,
# mkfs.vfat, parted, sfdisk, qemu-img, xz, zstd, fuser, tar, gzip; for the
# arm builders' downloads and layouts unzip, bzip2, sgdisk and bsdtar) and CA
# certificates for https source images. No recommends: they double the size.
# No Ansible: it would triple the image (docs/ansible.md: why, and a
# two-line Dockerfile that adds it for the `ansible` provisioner).
RUN apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      util-linux mount e2fsprogs dosfstools parted fdisk qemu-utils \
      xz-utils zstd ca-certificates psmisc tar gzip \
      unzip bzip2 gdisk libarchive-tools \
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin /var/log/apt /var/log/dpkg.log

COPY --from=qemu /out/usr/bin/ /usr/bin/

# The language server needs no privileges: the entry point runs it as this
# user. Builds stay root (loop devices and mounts).
RUN groupadd --system --gid 10001 chrootforge \
 && useradd --system --uid 10001 --gid chrootforge --home-dir /home/chrootforge --create-home --shell /usr/sbin/nologin chrootforge

WORKDIR /opt/chrootforge
COPY --from=build /src/package.json ./
COPY --from=build /src/node_modules ./node_modules
COPY --from=build /src/schemas ./schemas
COPY --from=build /src/dist ./dist

# Entry point: `lsp` started as root drops to the chrootforge user (setpriv,
# from util-linux) with no capabilities; every other command runs as invoked.
# CHROOTFORGE_LSP_USER=root keeps root (for workspaces only root can read).
RUN printf '%s\n' \
      '#!/bin/sh' \
      'main=/opt/chrootforge/dist/cli/main.js' \
      'if [ "$1" = lsp ] && [ "$(id -u)" = 0 ] && [ "${CHROOTFORGE_LSP_USER:-chrootforge}" != root ]; then' \
      '  export HOME=/home/chrootforge' \
      '  exec setpriv --reuid=chrootforge --regid=chrootforge --clear-groups --inh-caps=-all --bounding-set=-all --no-new-privs node "$main" "$@"' \
      'fi' \
      'exec node "$main" "$@"' \
      >/usr/local/bin/chrootforge \
 && chmod 0755 /usr/local/bin/chrootforge dist/cli/main.js \
 && chrootforge --version

# Last: a new revision must not invalidate the cached layers above.
# Set by the release build: docker build --build-arg VERSION=… --build-arg REVISION=$(git rev-parse HEAD) --build-arg SOURCE=<repository URL>
ARG VERSION=
ARG REVISION=
ARG SOURCE=
LABEL org.opencontainers.image.title="chrootforge" \
      org.opencontainers.image.description="Build OS disk images from Packer-style chroot templates; language server and lint CLI for the same templates" \
      org.opencontainers.image.licenses="MPL-2.0" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.source="${SOURCE}"

ENV NODE_ENV=production
WORKDIR /build
ENTRYPOINT ["chrootforge"]
CMD ["--help"]
