package wasi_crypto_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// wycheproofFiles are the Wycheproof files of every algorithm they cover
// that the plug-in implements.
var wycheproofFiles = []string{
	"aes_gcm_test.json", "chacha20_poly1305_test.json", "xchacha20_poly1305_test.json",
	"hmac_sha256_test.json", "hmac_sha512_test.json", "hkdf_sha256_test.json", "hkdf_sha512_test.json",
	"ecdsa_secp256r1_sha256_test.json", "ecdsa_secp256k1_sha256_test.json", "ecdsa_secp384r1_sha384_test.json",
	"ecdsa_secp256r1_sha256_p1363_test.json", "ecdsa_secp256k1_sha256_p1363_test.json", "ecdsa_secp384r1_sha384_p1363_test.json",
	"ed25519_test.json", "x25519_test.json",
	"ecdh_secp256r1_test.json", "ecdh_secp384r1_test.json", "ecdh_secp256r1_ecpoint_test.json", "ecdh_secp384r1_ecpoint_test.json",
	"rsa_signature_2048_sha256_test.json", "rsa_signature_2048_sha384_test.json", "rsa_signature_2048_sha512_test.json",
	"rsa_signature_3072_sha384_test.json", "rsa_signature_3072_sha512_test.json", "rsa_signature_4096_sha512_test.json",
	"rsa_pss_2048_sha256_mgf1_32_test.json", "rsa_pss_2048_sha384_mgf1_48_test.json", "rsa_pss_4096_sha512_mgf1_64_test.json",
}

// wycheproofSkips are the reasons a case may be skipped: parameters the
// API cannot express (see the guest's wycheproof.go). Any other skip fails.
var wycheproofSkips = map[string]string{
	"aes-192":                  "AES-192-GCM is not a wasi-crypto algorithm",
	"tag-size":                 "tags shorter than the AEAD's 128 bits",
	"valid-nonce-size-refused": "valid GCM cases with a nonce other than 96 bits (the algorithm takes 96; the guest checks invalid_nonce)",
	"other-hash":               "a hash the algorithm name does not name",
}

var wycheproofSkipLine = regexp.MustCompile(`^SKIPPED (\S+) (\S+)=(\d+)$`)

var wycheproofLine = regexp.MustCompile(`^WYCHEPROOF (\S+) valid=(\d+) invalid=(\d+) acceptable=(\d+) acceptable_accepted=(\d+) skipped=(\d+) guest_compared=(\d+) mismatches=(\d+)$`)

// wycheproofDir finds the vectors: $PUREEDGE_WYCHEPROOF_DIR, or
// shared/testdata/wycheproof beside the repository (as CI lays it out), or
// beside the directory that holds the repository (a worktree).
func wycheproofDir() (string, error) {
	cands := []string{
		filepath.Join("..", "..", "..", "shared", "testdata", "wycheproof"),
		filepath.Join("..", "..", "..", "..", "shared", "testdata", "wycheproof"),
	}
	if d := os.Getenv("PUREEDGE_WYCHEPROOF_DIR"); d != "" {
		cands = []string{d}
	}
	var err error
	for _, d := range cands {
		if _, err = os.Stat(filepath.Join(d, wycheproofFiles[0])); err == nil {
			return filepath.Abs(d)
		}
	}
	return "", err
}

// Every valid, invalid and acceptable case of Wycheproof is judged by a
// guest through the ABI: valid ones must be accepted, invalid ones
// rejected (acceptable ones are counted either way). The test fails on a
// mismatch, on a file with no case checked and on a case skipped for a
// reason not in wycheproofSkips.
func TestWycheproof(t *testing.T) {
	dir, err := wycheproofDir()
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("Wycheproof vectors missing: %v", err)
		}
		t.Skipf("Wycheproof vectors missing: %v", err)
	}
	out := runGuest(t, []string{"/wycheproof:" + dir}, append([]string{"wycheproof", "/wycheproof"}, wycheproofFiles...)...)
	seen := map[string]bool{}
	var total, valid, invalid, acceptable, skipped, guestCompared int
	for _, line := range strings.Split(out, "\n") {
		switch {
		case strings.HasPrefix(line, "MISMATCH ") || strings.HasPrefix(line, "FAIL "):
			t.Error(line)
		case strings.HasPrefix(line, "SKIPPED "):
			m := wycheproofSkipLine.FindStringSubmatch(line)
			if m == nil || wycheproofSkips[m[2]] == "" {
				t.Errorf("skip not allowed: %q", line)
				continue
			}
			t.Logf("%s: %s cases skipped: %s", m[1], m[3], wycheproofSkips[m[2]])
		case strings.HasPrefix(line, "WYCHEPROOF "):
			m := wycheproofLine.FindStringSubmatch(line)
			if m == nil {
				t.Errorf("bad line %q", line)
				continue
			}
			n := make([]int, 7) // valid invalid acceptable acceptable_accepted skipped guest_compared mismatches
			for i := range n {
				n[i], _ = strconv.Atoi(m[i+2])
			}
			if n[0]+n[1]+n[2] == 0 {
				t.Errorf("%s: no case checked", m[1])
			}
			seen[m[1]] = true
			valid += n[0]
			invalid += n[1]
			acceptable += n[2]
			skipped += n[4]
			guestCompared += n[5]
			total += n[0] + n[1] + n[2]
			t.Log(line)
		}
	}
	for _, f := range wycheproofFiles {
		if !seen[f] {
			t.Errorf("%s: no result", f)
		}
	}
	if total < 9007 { // as README says
		t.Errorf("%d cases judged, want at least 9007", total)
	}
	t.Logf("Wycheproof: %d cases judged through the ABI (%d valid, %d invalid, %d acceptable), %d skipped, %d compared by the guest (truncated MAC tags)",
		total, valid, invalid, acceptable, skipped, guestCompared)
}
