#!/bin/sh
# Installs Debian's prometheus package when the binary is missing. The prometheus kind's tests
# start their own server (temp storage, generated config, loopback port), so the packaged
# service is never started or enabled here. Safe to run again: it does nothing when installed.
set -eu

if command -v prometheus >/dev/null 2>&1; then
  echo "prometheus: $(prometheus --version 2>&1 | head -n 1)"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  SUDO=sudo
else
  SUDO=
fi

# policy-rc.d exit 101 keeps the package's postinst from starting the service in containers and CI.
POLICY=/usr/sbin/policy-rc.d
if [ ! -e "$POLICY" ]; then
  printf '#!/bin/sh\nexit 101\n' | $SUDO tee "$POLICY" >/dev/null
  $SUDO chmod +x "$POLICY"
  trap '$SUDO rm -f "$POLICY"' EXIT
fi

$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends prometheus

# Where systemd runs, make sure the packaged service stays off: the tests bring their own.
if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
  $SUDO systemctl disable --now prometheus >/dev/null 2>&1 || true
fi

echo "prometheus: $(prometheus --version 2>&1 | head -n 1)"
