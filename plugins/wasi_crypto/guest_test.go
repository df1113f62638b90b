package wasi_crypto_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/pureedge/pureedge/internal/guestbuild"
	"github.com/pureedge/pureedge/wasmedge"
)

var guestDir = filepath.Join("..", "..", "testdata", "guests", "wasi_crypto")

var stdoutMu sync.Mutex

// runGuest runs the wasi_crypto guest with args (and preopens) in a fresh
// VM and returns its standard output.
func runGuest(t *testing.T, preopens []string, args ...string) string {
	t.Helper()
	wasm := guestbuild.MustBuild(t, guestDir)
	stdoutMu.Lock()
	defer stdoutMu.Unlock()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout := os.Stdout
	os.Stdout = w
	conf := wasmedge.NewConfigure(wasmedge.WASI)
	vm := wasmedge.NewVMWithConfig(conf)
	os.Stdout = stdout
	conf.Release()
	defer vm.Release()
	vm.GetImportModule(wasmedge.WASI).InitWasi(append([]string{"guest"}, args...), nil, preopens)
	var buf bytes.Buffer
	done := make(chan struct{})
	go func() { buf.ReadFrom(r); close(done) }()
	_, err = vm.RunWasmFile(wasm, "_start")
	w.Close()
	<-done
	if err != nil {
		t.Fatalf("run %v: %v\n%s", args, err, buf.String())
	}
	return buf.String()
}

// checks runs the guest and fails the test for every FAIL line; it returns
// the names of the checks that passed.
func checks(t *testing.T, preopens []string, args ...string) map[string]bool {
	t.Helper()
	out := runGuest(t, preopens, args...)
	passed := map[string]bool{}
	lines := 0
	done := false
	for _, line := range strings.Split(out, "\n") {
		switch {
		case strings.HasPrefix(line, "PASS "):
			passed[line[5:]] = true
			lines++
		case strings.HasPrefix(line, "FAIL "):
			t.Error(line)
		case strings.HasPrefix(line, "DONE "):
			f := strings.Fields(line)
			if n, _ := strconv.Atoi(f[1]); n != lines {
				t.Errorf("DONE says %s passed, %d PASS lines", f[1], lines)
			}
			done = true
		case line != "":
			t.Log(line)
		}
	}
	if !done {
		t.Fatalf("the guest did not finish:\n%s", out)
	}
	return passed
}

// requireChecks fails unless every named check ran and passed.
func requireChecks(t *testing.T, passed map[string]bool, names ...string) {
	t.Helper()
	for _, n := range names {
		if !passed[n] {
			t.Errorf("check %q did not pass", n)
		}
	}
}

// Published vectors and the semantics of every function, through the guest ABI.
func TestGuestVectors(t *testing.T) {
	passed := checks(t, nil, "vectors")
	t.Logf("%d checks passed", len(passed))
	requireChecks(t, passed,
		"hash/SHA-256/3", "hash/SHA-256/56", "hash/SHA-512/3", "hash/SHA-512/256/3", "hash/clone-independent",
		"rfc4231/1/HMAC/SHA-256", "rfc4231/2/HMAC/SHA-512", "rfc4231/3/HMAC/SHA-512",
		"rfc5869/1/prk", "rfc5869/1/okm",
		"gcm/tc2/ct", "gcm/tc4/ct", "gcm/tc4/pt", "gcm/tc14/ct", "rfc8439/2.8.2/ct", "rfc8439/2.8.2/detached-tag", "xchacha/round-trip",
		"rfc8032/1/signature", "rfc8032/2/signature", "rfc8032/2/verify",
		"rfc7748/shared-a", "rfc7748/shared-b",
		"kx/P256-SHA256/agree", "kx/P384-SHA384/agree",
		"kem/ML-KEM-768/same-secret", "kem/ML-KEM-1024/same-secret", "hash/BLAKE2B-512/3", "hash/blake2b-clone-independent",
		"array_output/stream", "managed/secrets_manager_open",
		"x25519/kp/enc1", "x25519/kp/enc2", "x25519/pk-spki", "x25519/sk-pkcs8",
		"kx/P256-SHA256/sk/enc0", "kx/P256-SHA256/sk/enc3", "kx/P384-SHA384/sk/enc1", "kx/P384-SHA384/sk/enc2", "kx/P384-SHA384/sk-raw-size",
	)
	for _, alg := range []string{"ECDSA_P256_SHA256", "ECDSA_K256_SHA256", "ECDSA_P384_SHA384", "Ed25519",
		"RSA_PKCS1_2048_SHA256", "RSA_PKCS1_2048_SHA384", "RSA_PKCS1_2048_SHA512", "RSA_PKCS1_3072_SHA384", "RSA_PKCS1_3072_SHA512", "RSA_PKCS1_4096_SHA512",
		"RSA_PSS_2048_SHA256", "RSA_PSS_2048_SHA384", "RSA_PSS_2048_SHA512", "RSA_PSS_3072_SHA384", "RSA_PSS_3072_SHA512", "RSA_PSS_4096_SHA512"} {
		requireChecks(t, passed, "sig/"+alg+"/verify", "sig/"+alg+"/verify-modified", "sig/"+alg+"/kp/enc1")
		requireChecks(t, passed, "sig/"+alg+"/kp-pkcs8-is-pkcs8")
		if alg != "ECDSA_K256_SHA256" && alg != "Ed25519" {
			requireChecks(t, passed, "sig/"+alg+"/kp-wasmedge-form-same-key")
		}
	}
	for _, alg := range []string{"SHA-256", "SHA-512", "SHA-512/256", "BLAKE2B-256", "BLAKE2B-512", "HMAC/SHA-256", "HMAC/SHA-512",
		"HKDF-EXTRACT/SHA-256", "HKDF-EXTRACT/SHA-512", "HKDF-EXPAND/SHA-256", "HKDF-EXPAND/SHA-512",
		"AES-128-GCM", "AES-256-GCM", "CHACHA20-POLY1305", "XCHACHA20-POLY1305"} {
		requireChecks(t, passed, "ratchet/"+alg, "ratchet/"+alg+"/usable")
	}
}

// Bad pointers, lengths and handles, wrong handle types, closed handles:
// errors, never a crash.
func TestGuestHostile(t *testing.T) {
	passed := checks(t, nil, "hostile")
	n := 0
	for name := range passed {
		if strings.HasPrefix(name, "hostile/all-bad/") {
			n++
		}
	}
	if n != 72 {
		t.Errorf("%d functions called with bad arguments, want 72", n)
	}
}

func TestGuestHandleLimit(t *testing.T) {
	requireChecks(t, checks(t, nil, "limits-handles"), "limits/too_many_handles", "limits/handle-count", "limits/room-after-close")
}

func TestGuestByteLimit(t *testing.T) {
	requireChecks(t, checks(t, nil, "limits-bytes"), "limits/bytes-overflow", "limits/bytes-released", "limits/ed25519-overflow")
}

// Called from the host there is no guest memory: pointer arguments are
// algorithm_failure and handle-only calls work, no crash.
func TestCallFromHost(t *testing.T) {
	vm := wasmedge.NewVM()
	defer vm.Release()
	for _, c := range []struct {
		mod, fn string
		args    []interface{}
		want    int32
	}{
		{"wasi_ephemeral_crypto_common", "options_open", []interface{}{int32(1), int32(0)}, 12},
		{"wasi_ephemeral_crypto_common", "options_close", []interface{}{int32(5)}, 14},
		{"wasi_ephemeral_crypto_symmetric", "symmetric_state_ratchet", []interface{}{int32(5)}, 15},
	} {
		r, err := vm.ExecuteRegistered(c.mod, c.fn, c.args...)
		if err != nil || len(r) != 1 || r[0].(int32) != c.want {
			t.Errorf("%s: %v, %v; want %d", c.fn, r, err, c.want)
		}
	}
}

// Handles belong to a guest instance: a second instance in the same
// process does not see the first one's.
func TestHandlesPerInstance(t *testing.T) {
	out := runGuest(t, nil, "leak")
	var h string
	for _, line := range strings.Split(out, "\n") {
		if f := strings.Fields(line); len(f) == 2 && f[0] == "HANDLE" {
			h = f[1]
		}
	}
	if h == "" {
		t.Fatalf("no handle:\n%s", out)
	}
	requireChecks(t, checks(t, nil, "probe", h), "probe/other-instance", "probe/close-other-instance")
}
