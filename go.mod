module github.com/pureedge/pureedge

go 1.25.0

require github.com/tetratelabs/wazero v1.12.0

require (
	github.com/decred/dcrd/dcrec/secp256k1/v4 v4.4.1 // indirect
	golang.org/x/crypto v0.59.0 // indirect
	golang.org/x/sys v0.50.0 // indirect
)
