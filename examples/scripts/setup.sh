#!/bin/sh
# Runs inside the image's chroot (busybox sh), with the template's
# environment_vars set.
set -eu
echo "$GREETING" > /etc/chrootforge/greeting
echo "hostname: $(cat /etc/hostname) (wanted $IMAGE_HOSTNAME)"
# An unprivileged user, the way a real image would get one.
grep -q '^demo:' /etc/passwd || echo 'demo:x:1000:1000:demo:/home/demo:/bin/sh' >> /etc/passwd
grep -q '^demo:' /etc/group || echo 'demo:x:1000:' >> /etc/group
mkdir -p /home/demo
chown 1000:1000 /home/demo
date -u '+%Y-%m-%dT%H:%M:%SZ' > /etc/chrootforge/build-time
