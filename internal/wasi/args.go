package wasi

// argsGet copies the arguments, each NUL-terminated, and their pointers.
//
// # Parameters
//   - argv: argc u32 pointers (out); argv_buf: the strings (out).
//
// # Result (Errno)
//   - EFAULT: either buffer outside memory (sizes from args_sizes_get).
//
// See #args_get.
func argsGet(c call, p []uint64) Errno { return c.putStrings(c.e.args, u32(p[0]), u32(p[1])) }

// argsSizesGet reports the number of arguments and their total size.
//
// # Parameters
//   - argc_ptr, argv_buf_size_ptr (u32 out).
//
// # Result (Errno)
//   - EFAULT.
//
// See #args_sizes_get.
func argsSizesGet(c call, p []uint64) Errno { return c.putSizes(c.e.args, u32(p[0]), u32(p[1])) }

// putStrings writes strs as NUL-terminated strings at buf and their
// addresses at ptrs.
func (c *call) putStrings(strs []string, ptrs, buf uint32) Errno {
	c.e.mu.Lock()
	defer c.e.mu.Unlock()
	for i, s := range strs {
		if !c.m.putU32(ptrs+uint32(i)*4, buf) || !c.m.write(buf, []byte(s)) || !c.m.putU8(buf+uint32(len(s)), 0) {
			return EFAULT
		}
		buf += uint32(len(s)) + 1
	}
	return ESUCCESS
}

func (c *call) putSizes(strs []string, countPtr, sizePtr uint32) Errno {
	c.e.mu.Lock()
	n := 0
	for _, s := range strs {
		n += len(s) + 1
	}
	count := len(strs)
	c.e.mu.Unlock()
	if !c.m.putU32(countPtr, uint32(count)) || !c.m.putU32(sizePtr, uint32(n)) {
		return EFAULT
	}
	return ESUCCESS
}
