"""Container HEALTHCHECK: GET /healthz on the local server; exit 0 when it answers 200."""

import os
import sys
import urllib.request

PORT = os.environ.get("SANCTIONS_PORT", "8000")
URL = os.environ.get("SANCTIONS_HEALTH_URL", f"http://127.0.0.1:{PORT}/healthz")

try:
    with urllib.request.urlopen(URL, timeout=4) as response:  # noqa: S310 - a fixed local URL
        sys.exit(0 if response.status == 200 else 1)
except Exception as exc:  # noqa: BLE001 - any failure means unhealthy
    print(f"unhealthy: {URL}: {exc}", file=sys.stderr)
    sys.exit(1)
