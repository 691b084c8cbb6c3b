#!/bin/sh
# A self-signed certificate for localhost and 127.0.0.1, for trying the TLS listener out locally and for
# the tests; a real deployment puts its own certificate and key at the same two paths.
#   deploy/tls/make-certificate.sh [directory]   (default: deploy/tls) → certificate.pem, key.pem
set -eu
dir="${1:-$(dirname "$0")}"
mkdir -p "$dir"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 30 \
  -subj /CN=localhost -addext subjectAltName=DNS:localhost,IP:127.0.0.1 \
  -keyout "$dir/key.pem" -out "$dir/certificate.pem" 2>/dev/null
