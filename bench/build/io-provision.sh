# The I/O scenario's provisioner (io.mjs): 384 MiB from /dev/urandom,
# 1,000 small files, then sync. Both sides run this text in the chroot.
set -e
dd if=/dev/urandom of=/data.bin bs=1M count=384 2>/dev/null
mkdir -p /small
i=0
while [ "$i" -lt 1000 ]; do
  echo "file $i" >"/small/f$i"
  i=$((i + 1))
done
sync
