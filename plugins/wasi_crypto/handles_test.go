package wasi_crypto

import (
	"bytes"
	"crypto/ed25519"
	"strings"
	"testing"
)

func TestHandleTable(t *testing.T) {
	c := newContext()
	k := &symKey{b: []byte("secret")}
	h, e := c.add(kindSymmetricKey, k, len(k.b))
	if e != errSuccess || h&0xFF != uint32(kindSymmetricKey) {
		t.Fatalf("add: %#x %v", h, e)
	}
	if _, e := c.get(h, kindSymmetricKey); e != errSuccess {
		t.Errorf("get: %v", e)
	}
	if _, e := c.get(h, kindSymmetricState); e != errInvalidHandle {
		t.Errorf("get of the wrong kind: %v", e)
	}
	if _, e := c.get(h^0x100, kindSymmetricKey); e != errInvalidHandle {
		t.Errorf("get of an unknown handle: %v", e)
	}
	if e := c.remove(h, kindSymmetricState); e != errClosed {
		t.Errorf("remove of the wrong kind: %v", e)
	}
	if c.bytes != 6 {
		t.Errorf("bytes %d, want 6", c.bytes)
	}
	if e := c.remove(h, kindSymmetricKey); e != errSuccess {
		t.Errorf("remove: %v", e)
	}
	// closing zeroes the key
	if !bytes.Equal(k.b, make([]byte, 6)) {
		t.Errorf("key bytes after close: %q", k.b)
	}
	if c.bytes != 0 || len(c.live) != 0 {
		t.Errorf("after close: %d bytes, %d handles", c.bytes, len(c.live))
	}
	if _, e := c.get(h, kindSymmetricKey); e != errInvalidHandle {
		t.Errorf("get of a closed handle: %v", e)
	}
	if e := c.remove(h, kindSymmetricKey); e != errClosed {
		t.Errorf("second close: %v", e)
	}
}

func TestLimits(t *testing.T) {
	c := newContext()
	c.maxHandles, c.maxBytes = 3, 10
	for i := 0; i < 3; i++ {
		if _, e := c.add(kindOptions, &options{}, 0); e != errSuccess {
			t.Fatal(e)
		}
	}
	k := &symKey{b: []byte("k")}
	if _, e := c.add(kindSymmetricKey, k, 1); e != errTooManyHandles {
		t.Errorf("over the handle limit: %v", e)
	}
	if k.b[0] != 0 {
		t.Error("a refused key is not wiped")
	}
	c = newContext()
	c.maxBytes = 10
	h, _ := c.add(kindArrayOutput, &arrayOutput{data: make([]byte, 8)}, 8)
	if _, e := c.add(kindArrayOutput, &arrayOutput{data: make([]byte, 3)}, 3); e != errOverflow {
		t.Errorf("over the byte limit: %v", e)
	}
	if e := c.charge(h, 3); e != errOverflow {
		t.Errorf("charge over the limit: %v", e)
	}
	if e := c.charge(h, 2); e != errSuccess {
		t.Errorf("charge: %v", e)
	}
	if e := c.charge(h, -4); e != errSuccess || c.bytes != 6 {
		t.Errorf("shrinking: %v, %d bytes", e, c.bytes)
	}
}

// Drained array outputs do not count, and only the newest are remembered.
func TestDrained(t *testing.T) {
	c := newContext()
	c.maxHandles = 2
	for i := 0; i < maxDrained+10; i++ {
		h, e := c.add(kindArrayOutput, &arrayOutput{data: []byte("x")}, 1)
		if e != errSuccess {
			t.Fatalf("output %d: %v", i, e)
		}
		c.drain(h)
	}
	if len(c.drained) != maxDrained || len(c.live) != maxDrained || c.bytes != 0 {
		t.Errorf("%d drained, %d live, %d bytes", len(c.drained), len(c.live), c.bytes)
	}
}

// Closing a key pair wipes its secret once no secret key handle shares it.
func TestSecretWiped(t *testing.T) {
	_, k, _ := ed25519.GenerateKey(nil)
	s := newSecret(&edSec{k})
	kp := &keyPair{sec: s}
	sk := &secretKey{sec: s.share()}
	kp.close()
	if bytes.Equal(k, make([]byte, len(k))) {
		t.Fatal("wiped while a secret key handle holds it")
	}
	sk.close()
	if !bytes.Equal(k, make([]byte, len(k))) {
		t.Error("not wiped after the last close")
	}
}

// Every family's secret bytes that the plug-in holds are zero after the
// last close (what Go keeps inside its own key objects is out of reach; see
// the package doc).
func TestSecretWipedEveryFamily(t *testing.T) {
	held := func(s secImpl) []byte {
		switch s := s.(type) {
		case *edSec:
			return s.k
		case *xSec:
			return s.raw
		case *ecSec:
			return s.s
		case *kemSec:
			return s.seed
		}
		return nil
	}
	for _, name := range []string{"Ed25519", "X25519", "ECDSA_P256_SHA256", "ECDSA_K256_SHA256", "ECDSA_P384_SHA384", "P256-SHA256", "P384-SHA384", "ML-KEM-768"} {
		a := asymAlgs[strings.ToUpper(name)]
		if a == nil {
			t.Fatalf("%s not registered", name)
		}
		s, e := a.keys.generate()
		if e != errSuccess {
			t.Fatalf("%s: generate: %v", name, e)
		}
		b := held(s)
		if len(b) == 0 || bytes.Equal(b, make([]byte, len(b))) {
			t.Fatalf("%s: no secret bytes held (%T)", name, s)
		}
		kp := &keyPair{alg: a, sec: newSecret(s)}
		kp.close()
		if !bytes.Equal(b, make([]byte, len(b))) {
			t.Errorf("%s: secret not wiped on close", name)
		}
	}
}
