#!/usr/bin/env bash
# Build a Debian bookworm base image with python3 from Debian's packages, without any image
# registry: debootstrap --variant=minbase, trim, `docker import`. The image has no package
# manager (apt, perl and debconf are removed; dpkg's status database stays for scanners):
# it is rebuilt from Debian's packages, never upgraded in place.
#
#   docker/build-base.sh [TAG]        (default: sanctions-screen-base:bookworm)
#
# The trimmed root file system is cached as a tarball in $SANCTIONS_DOCKER_CACHE
# (default /var/cache/sanctions-screen), keyed by suite and package list, so later runs only
# import it. The Debian mirror is the one this machine's apt is configured with
# ($DEBIAN_MIRROR overrides it). Needs root (debootstrap) the first time.
set -euo pipefail

TAG=${1:-sanctions-screen-base:bookworm}
SUITE=${DEBIAN_SUITE:-bookworm}
PACKAGES=${BASE_PACKAGES:-python3,python3-venv}
CACHE=${SANCTIONS_DOCKER_CACHE:-/var/cache/sanctions-screen}
KEY=$(printf '%s %s %s' "$SUITE" "$PACKAGES" "v4" | sha256sum | cut -c1-12)
TARBALL="$CACHE/rootfs-$SUITE-minbase-$KEY.tar"

log() { printf '[build-base] %s\n' "$*" >&2; }

apt_mirror() {
  # The first Debian archive URI in this machine's apt sources (deb822 or one-line format).
  local uri
  uri=$(grep -hE '^URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null \
        | awk '{print $2}' | grep -v -- '-security' | head -n1 || true)
  if [ -z "$uri" ]; then
    uri=$(grep -hE '^deb ' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null \
          | awk '{for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) {print $i; exit}}' \
          | grep -v -- '-security' | head -n1 || true)
  fi
  printf '%s' "$uri"
}

trim_rootfs() {
  local root=$1
  rm -rf "$root"/usr/share/doc/* "$root"/usr/share/man/* \
         "$root"/usr/share/info/* "$root"/usr/share/lintian "$root"/var/log/* \
         "$root"/debootstrap "$root"/etc/hostname "$root"/etc/resolv.conf
  # No package manager at run time (the image is rebuilt, never upgraded in place): apt, perl
  # and debconf go; dpkg's status database stays so that image scanners can list the packages.
  rm -rf "$root"/usr/bin/apt* "$root"/usr/lib/apt "$root"/usr/lib/*-linux-gnu/libapt-* \
         "$root"/etc/apt "$root"/var/lib/apt "$root"/var/cache/apt "$root"/var/cache/debconf \
         "$root"/usr/bin/perl* "$root"/usr/lib/*-linux-gnu/perl-base "$root"/usr/share/perl5 \
         "$root"/usr/share/debconf "$root"/var/lib/dpkg/info/*.md5sums
  # glibc's iconv modules: Python brings its own codecs.
  rm -rf "$root"/usr/lib/*-linux-gnu/gconv
  # Keep only the English messages (translations are most of usr/share/locale).
  find "$root"/usr/share/locale -mindepth 1 -maxdepth 1 ! -name 'locale.alias' \
       -exec rm -rf {} + 2>/dev/null || true
}

make_tarball() {
  command -v debootstrap >/dev/null || { log "debootstrap is missing (apt-get install debootstrap)"; exit 2; }
  [ "$(id -u)" -eq 0 ] || { log "debootstrap needs root"; exit 2; }
  local work mirror
  work=$(mktemp -d /tmp/sanctions-base.XXXXXX)
  trap 'rm -rf --one-file-system "$work"' RETURN
  mirror=${DEBIAN_MIRROR:-$(apt_mirror)}
  log "debootstrap --variant=minbase --include=$PACKAGES $SUITE ${mirror:-(debootstrap default mirror)}"
  mkdir -p "$CACHE/debs"
  # Two stages, so that dpkg can be told not to fsync every file it unpacks (twice as fast).
  debootstrap --foreign --variant=minbase --include="$PACKAGES" --cache-dir="$CACHE/debs" \
    "$SUITE" "$work/rootfs" ${mirror:+"$mirror"} \
    > "$work/debootstrap.log" 2>&1 || { tail -n 30 "$work/debootstrap.log" >&2; exit 1; }
  mkdir -p "$work/rootfs/etc/dpkg/dpkg.cfg.d"
  echo force-unsafe-io > "$work/rootfs/etc/dpkg/dpkg.cfg.d/99-build-unsafe-io"
  chroot "$work/rootfs" /debootstrap/debootstrap --second-stage \
    >> "$work/debootstrap.log" 2>&1 || { tail -n 30 "$work/debootstrap.log" >&2; exit 1; }
  rm -f "$work/rootfs/etc/dpkg/dpkg.cfg.d/99-build-unsafe-io"
  trim_rootfs "$work/rootfs"
  mkdir -p "$CACHE"
  tar --numeric-owner --exclude='./dev/*' --exclude='./proc/*' --exclude='./sys/*' \
      -C "$work/rootfs" -cf "$TARBALL.tmp" .
  mv "$TARBALL.tmp" "$TARBALL"
  log "cached $(du -h "$TARBALL" | cut -f1) root file system in $TARBALL"
}

[ -s "$TARBALL" ] || make_tarball
log "docker import $TARBALL as $TAG"
docker import \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'ENV LANG=C.UTF-8' \
  --change 'CMD ["/bin/sh"]' \
  "$TARBALL" "$TAG" >/dev/null
