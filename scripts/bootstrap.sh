#!/usr/bin/env bash
# Installs what the build, the tests and the demo need, only when it is missing:
# Debian packages with apt-get, Python packages with pip. Safe to run again.
set -euo pipefail

need_apt=()
dpkg -s libcurl4-openssl-dev >/dev/null 2>&1 || need_apt+=(libcurl4-openssl-dev)
dpkg -s libssl-dev >/dev/null 2>&1 || need_apt+=(libssl-dev)
command -v pkg-config >/dev/null 2>&1 || need_apt+=(pkg-config)
command -v python3 >/dev/null 2>&1 || need_apt+=(python3 python3-pip)
command -v openssl >/dev/null 2>&1 || need_apt+=(openssl)
# nginx: the HTTP/2 transport test and the benchmark's canned KMS.
[[ -x /usr/sbin/nginx ]] || need_apt+=(nginx-light)
if ((${#need_apt[@]})); then
    echo "bootstrap: installing Debian packages: ${need_apt[*]}"
    sudo_cmd=""; [[ $(id -u) -ne 0 ]] && sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

python3 - <<'PY' || { echo "bootstrap: installing Python packages: moto[server] boto3"; python3 -m pip install -q 'moto[server]>=5' boto3 botocore \
    || python3 -m pip install -q --break-system-packages 'moto[server]>=5' boto3 botocore; }
import importlib.util, shutil, sys
missing = [m for m in ("boto3", "botocore", "moto", "flask", "flask_cors") if importlib.util.find_spec(m) is None]
sys.exit(1 if missing or shutil.which("moto_server") is None else 0)
PY

# Interop peers (the Python Encryption SDK, its CLI, the AWS CLI), each in a virtualenv of its
# own, pinned in scripts/peers/pins.txt. A Debian python3 needs python3-venv for `-m venv`.
if ! python3 -c 'import venv, ensurepip' >/dev/null 2>&1; then
    echo "bootstrap: installing Debian packages: python3-venv"
    sudo_cmd=""; [[ $(id -u) -ne 0 ]] && sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq python3-venv >/dev/null
fi
bash scripts/peers/ensure.sh all >/dev/null
