package wasi_crypto

import (
	"sync"

	"github.com/tetratelabs/wazero/api"
)

// Limits of one context (one guest module instance). See the package doc.
const (
	// MaxHandles is the number of handles a guest instance may hold open at
	// once; one more gets too_many_handles.
	MaxHandles = 4096
	// MaxBufferedBytes bounds the bytes the host keeps for a guest instance:
	// array outputs, option values, keys, tags and the data that states
	// buffer (AEAD additional data, Ed25519 messages, HKDF salt and info).
	// An operation that would pass it gets overflow.
	MaxBufferedBytes = 64 << 20
	// maxDrained is how many fully read array outputs are remembered so that
	// a last pull returns 0 rather than invalid_handle.
	maxDrained = 64
)

// kind is the type of the object behind a handle. The values are those of
// WasmEdge's handle type ids, kept in the handle's low byte.
type kind uint8

const (
	kindArrayOutput kind = iota
	kindOptions
	kindVerificationState
	kindPublicKey
	kindSecretKey
	kindKeyPair
	kindSignature
	kindSignatureState
	kindSymmetricState
	kindSymmetricKey
	kindSymmetricTag
)

// object is what a handle refers to. close releases it and overwrites the
// secrets it holds.
type object interface {
	close()
}

type entry struct {
	kind  kind
	obj   object
	bytes int // bytes charged to the context's budget
}

// cryptoContext holds the handle tables of one guest module instance, shared by
// the five modules. Every method is called with mu held.
type cryptoContext struct {
	mu      sync.Mutex
	next    uint32 // next handle counter (24 bits)
	live    map[uint32]*entry
	bytes   int
	drained []uint32 // array outputs read to the end, oldest first
	// maxHandles and maxBytes are MaxHandles and MaxBufferedBytes; tests
	// lower them.
	maxHandles, maxBytes int
}

func newContext() *cryptoContext {
	return &cryptoContext{next: 1, live: map[uint32]*entry{}, maxHandles: MaxHandles, maxBytes: MaxBufferedBytes}
}

// add stores obj under a fresh handle of kind k, charging bytes.
func (c *cryptoContext) add(k kind, obj object, bytes int) (uint32, errno) {
	if len(c.live)-len(c.drained) >= c.maxHandles {
		obj.close()
		return 0, errTooManyHandles
	}
	if bytes < 0 || bytes > c.maxBytes-c.bytes {
		obj.close()
		return 0, errOverflow
	}
	for {
		h := c.next<<8 | uint32(k)
		c.next = (c.next + 1) & 0xFFFFFF
		if c.next == 0 {
			c.next = 1
		}
		if _, taken := c.live[h]; !taken {
			c.live[h] = &entry{kind: k, obj: obj, bytes: bytes}
			c.bytes += bytes
			return h, errSuccess
		}
	}
}

// get returns the object of handle h, which must be of kind k.
func (c *cryptoContext) get(h uint32, k kind) (object, errno) {
	e, ok := c.live[h]
	if !ok || e.kind != k {
		return nil, errInvalidHandle
	}
	return e.obj, errSuccess
}

// charge adds n bytes to the budget of handle h (an object that grows;
// n < 0 when it shrinks).
func (c *cryptoContext) charge(h uint32, n int) errno {
	e, ok := c.live[h]
	if !ok {
		return errInvalidHandle
	}
	if n > c.maxBytes-c.bytes {
		return errOverflow
	}
	n = max(n, -e.bytes)
	e.bytes += n
	c.bytes += n
	return errSuccess
}

// remove closes handle h, which must be of kind k; an unknown or closed
// handle, or one of another kind, is closed (the proposal's error).
func (c *cryptoContext) remove(h uint32, k kind) errno {
	e, ok := c.live[h]
	if !ok || e.kind != k {
		return errClosed
	}
	c.drop(h, e)
	return errSuccess
}

func (c *cryptoContext) drop(h uint32, e *entry) {
	delete(c.live, h)
	c.bytes -= e.bytes
	e.obj.close()
}

// drain marks array output h as read to the end: its data is released and
// the handle is remembered (uncounted) so that one more pull returns 0;
// only the most recent maxDrained are kept.
func (c *cryptoContext) drain(h uint32) {
	e := c.live[h]
	c.bytes -= e.bytes
	e.bytes = 0
	e.obj.close()
	c.drained = append(c.drained, h)
	if len(c.drained) > maxDrained {
		old := c.drained[0]
		c.drained = c.drained[1:]
		delete(c.live, old)
	}
}

// forget removes a drained array output.
func (c *cryptoContext) forget(h uint32) {
	delete(c.live, h)
	for i, d := range c.drained {
		if d == h {
			c.drained = append(c.drained[:i], c.drained[i+1:]...)
			break
		}
	}
}

// closeAll releases every object (the guest instance is gone).
func (c *cryptoContext) closeAll() {
	for h, e := range c.live {
		c.drop(h, e)
	}
	c.drained = nil
}

// contexts maps guest module instances to their contexts. Handles are per
// guest instance: two guests (in one VM or in two) never see each other's.
type contexts struct {
	mu sync.Mutex
	m  map[api.Module]*cryptoContext
}

var registry = contexts{m: map[api.Module]*cryptoContext{}}

// of returns the context of the calling guest instance (nil for a call from
// the host, which gets a context of its own), creating it on first use.
// Contexts of closed instances are released when a new one is created.
func (r *contexts) of(caller api.Module) *cryptoContext {
	r.mu.Lock()
	defer r.mu.Unlock()
	if c, ok := r.m[caller]; ok {
		return c
	}
	for m, c := range r.m {
		if m != nil && m.IsClosed() {
			delete(r.m, m)
			c.mu.Lock()
			c.closeAll()
			c.mu.Unlock()
		}
	}
	c := newContext()
	r.m[caller] = c
	return c
}
