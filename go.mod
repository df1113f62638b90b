module github.com/pureedge/pureedge

go 1.25.0

require (
	github.com/decred/dcrd/dcrec/secp256k1/v4 v4.4.1
	github.com/tetratelabs/wazero v1.12.0
	golang.org/x/crypto v0.51.0
)

require golang.org/x/sys v0.44.0
