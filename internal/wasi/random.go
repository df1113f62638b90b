package wasi

import "crypto/rand"

// randomGet fills a buffer with random bytes from the host's CSPRNG.
//
// # Parameters
//   - buf, buf_len: the buffer.
//
// # Result (Errno)
//   - EFAULT: the buffer outside memory.
//
// See #random_get.
func randomGet(c call, p []uint64) Errno {
	b, ok := c.m.bytes(u32(p[0]), u32(p[1]))
	if !ok {
		return EFAULT
	}
	_, _ = rand.Read(b)
	return ESUCCESS
}
