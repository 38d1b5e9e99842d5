#!/usr/bin/env bash
# `make demo`: builds the kms CLI, starts a local KMS (moto's server on 127.0.0.1 with signature
# verification on), and with the CLI creates a key, lists keys, generates a data key and
# decrypts it again, checking that both plaintexts match. Stops the server on exit, whatever
# happens. Any failure says which step failed and exits non-zero.
#
# Only 127.0.0.1 is contacted. Every credential and key here is moto's: fake and throwaway.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }
fail() { printf '\ndemo: FAILED: %s\n' "$*" >&2; exit 1; }
json_field() { python3 -c 'import json, sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }

step "Building the kms CLI (swift build --product kms)"
swift build --product kms || fail "building the kms CLI"
kms_bin="$(swift build --show-bin-path)/kms"
[[ -x "$kms_bin" ]] || fail "the kms CLI was not built at $kms_bin"

step "Starting a local KMS (moto on 127.0.0.1, signature verification on)"
server_pid=""
stop_server() {
    if [[ -n "$server_pid" ]]; then
        echo
        echo "==> Stopping the local KMS (pid $server_pid)"
        python3 scripts/local_kms.py stop "$server_pid" || echo "demo: could not stop the local KMS (pid $server_pid)" >&2
    fi
}
trap stop_server EXIT
local_kms_json=$(python3 scripts/local_kms.py start --owner-pid $$) || fail "starting the local KMS (scripts/local_kms.py start)"
server_pid=$(json_field pid <<<"$local_kms_json")

# Only what the local server created: no profile, no token, no proxy for loopback.
unset AWS_PROFILE AWS_SESSION_TOKEN AWS_DEFAULT_PROFILE
export AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_REGION
AWS_ACCESS_KEY_ID=$(json_field accessKeyId <<<"$local_kms_json")
AWS_SECRET_ACCESS_KEY=$(json_field secretAccessKey <<<"$local_kms_json")
AWS_REGION=$(json_field region <<<"$local_kms_json")
endpoint=$(json_field endpoint <<<"$local_kms_json")
export NO_PROXY="127.0.0.1,localhost${NO_PROXY:+,$NO_PROXY}" no_proxy="127.0.0.1,localhost${no_proxy:+,$no_proxy}"
echo "endpoint $endpoint, region $AWS_REGION, IAM user access key $AWS_ACCESS_KEY_ID (secret not shown)"

kms() { "$kms_bin" "$@" --endpoint-url "$endpoint"; }

step "kms create-key --description 'swift-kms demo key'"
created=$(kms create-key --description "swift-kms demo key") || fail "kms create-key"
echo "$created"
key_id=$(python3 -c 'import json, sys; print(json.load(sys.stdin)["KeyMetadata"]["KeyId"])' <<<"$created") \
    || fail "reading KeyMetadata.KeyId from create-key's output"

step "kms list-keys"
listed=$(kms list-keys) || fail "kms list-keys"
echo "$listed"
python3 -c 'import json, sys; sys.exit(0 if sys.argv[1] in [k["KeyId"] for k in json.load(sys.stdin)["Keys"]] else 1)' \
    "$key_id" <<<"$listed" || fail "list-keys does not list the key just created ($key_id)"

step "kms generate-data-key --key-id $key_id --key-spec AES_256 --encryption-context purpose=demo"
generated=$(kms generate-data-key --key-id "$key_id" --key-spec AES_256 --encryption-context purpose=demo) \
    || fail "kms generate-data-key"
echo "$generated"
blob=$(json_field CiphertextBlob <<<"$generated")
generated_plaintext=$(json_field Plaintext <<<"$generated")

step "kms decrypt --ciphertext-blob <CiphertextBlob> --encryption-context purpose=demo"
decrypted=$(kms decrypt --ciphertext-blob "$blob" --encryption-context purpose=demo) || fail "kms decrypt"
echo "$decrypted"
decrypted_plaintext=$(json_field Plaintext <<<"$decrypted")

step "Comparing the two plaintexts"
echo "(Printing a plaintext data key is fine here only because it is a throwaway key from a local"
echo " mock server. With real KMS, use the plaintext in memory and never print or store it.)"
echo "generate-data-key Plaintext: $generated_plaintext"
echo "decrypt Plaintext:           $decrypted_plaintext"
[[ "$generated_plaintext" == "$decrypted_plaintext" ]] || fail "the decrypted plaintext differs from the generated one"
echo "They match: decrypt gave back the same 32-byte data key."

step "kms decrypt with the wrong encryption context (expected to fail, exit status 254: the service refused it)"
set +e
kms decrypt --ciphertext-blob "$blob" --encryption-context purpose=other >/dev/null
status=$?
set -e
[[ $status -eq 254 ]] || fail "decrypt with the wrong encryption context exited $status, expected 254"
echo "exit status $status, as expected"

key_arn=$(python3 -c 'import json, sys; print(json.load(sys.stdin)["KeyMetadata"]["Arn"])' <<<"$created") \
    || fail "reading KeyMetadata.Arn from create-key's output"
workdir=$(mktemp -d)
trap 'rm -rf "$workdir"; stop_server' EXIT
printf 'Quarterly numbers: revenue up, costs down.\nThis file is encrypted by the demo.\n' >"$workdir/report.txt"

step "kms encryption-sdk -e: the file in the AWS Encryption SDK format, under the demo key, context purpose=demo"
kms encryption-sdk -e -i "$workdir/report.txt" -o "$workdir/report.txt.encrypted" \
    -w "key=$key_arn" -c purpose=demo -S || fail "kms encryption-sdk -e"
echo "$(wc -c <"$workdir/report.txt") plaintext bytes -> $(wc -c <"$workdir/report.txt.encrypted") bytes of message (header, encrypted data key, frames, signature)"
grep -q "Quarterly" "$workdir/report.txt.encrypted" && fail "the encrypted file contains the plaintext"

step "kms encryption-sdk -d: decrypting it again, requiring purpose=demo"
kms encryption-sdk -d -i "$workdir/report.txt.encrypted" -o "$workdir/report.txt.decrypted" \
    -w "key=$key_arn" -c purpose=demo -S || fail "kms encryption-sdk -d"
cmp "$workdir/report.txt" "$workdir/report.txt.decrypted" || fail "the decrypted file differs from the original"
echo "The decrypted file matches the original:"
cat "$workdir/report.txt.decrypted"

step "kms encryption-sdk -d requiring purpose=other (expected to fail and write nothing)"
set +e
kms encryption-sdk -d -i "$workdir/report.txt.encrypted" -o "$workdir/wrong.txt" -w "key=$key_arn" -c purpose=other -S
status=$?
set -e
[[ $status -ne 0 ]] || fail "decrypting with the wrong encryption context succeeded"
[[ ! -e "$workdir/wrong.txt" ]] || fail "decrypting with the wrong encryption context wrote output"
echo "exit status $status, nothing written, as expected"

printf '\ndemo: OK\n'
