// Command wasi_crypto is a guest of the wasi_crypto plug-in: it calls every
// function of the five wasi_ephemeral_crypto modules through their raw
// imports and prints one line per check ("PASS name" or "FAIL name
// detail"), then "DONE passes failures". The first argument selects the
// checks: vectors, hostile, limits-handles, limits-bytes, leak, probe
// HANDLE, or wycheproof DIR FILE...
package main

import (
	"fmt"
	"os"
)

func main() {
	mode := "vectors"
	if len(os.Args) > 1 {
		mode = os.Args[1]
	}
	switch mode {
	case "vectors":
		testHashes()
		testHMAC()
		testHKDF()
		testAEADs()
		testOptions()
		testRatchet()
		testArrayOutput()
		testManaged()
		testEd25519()
		testSignatures()
		testKx()
	case "hostile":
		testHostile()
	case "limits-handles":
		testHandleLimit()
	case "limits-bytes":
		testByteLimit()
	case "leak":
		// a key left open when the instance ends
		k, e := symKeyImport("HMAC/SHA-256", []byte("secret"))
		expect("leak/import", e, 0)
		fmt.Println("HANDLE", k)
	case "probe":
		// a handle of another instance is unknown here
		var h uint32
		fmt.Sscan(os.Args[2], &h)
		var o out
		expect("probe/other-instance", cSymmetricKeyExport(h, o.p()), eInvalidHandle)
		expect("probe/close-other-instance", cSymmetricKeyClose(h), eClosed)
	case "wycheproof":
		testWycheproof(os.Args[2], os.Args[3:])
	default:
		fmt.Println("unknown mode", mode)
		os.Exit(2)
	}
	fmt.Println("DONE", passes, failures)
}
