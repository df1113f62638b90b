package main

// The wasi_crypto plug-in is compiled in: every VM of the command gets the
// real wasi_ephemeral_crypto_* modules instead of the mocks.
import _ "github.com/pureedge/pureedge/plugins/wasi_crypto"
