package wasi

// environGet copies the environment ("KEY=VALUE", NUL-terminated) and the
// pointers to its strings.
//
// # Parameters
//   - environ: u32 pointers (out); environ_buf: the strings (out).
//
// # Result (Errno)
//   - EFAULT.
//
// See #environ_get.
func environGet(c call, p []uint64) Errno { return c.putStrings(c.e.envs, u32(p[0]), u32(p[1])) }

// environSizesGet reports the number of variables and their total size.
//
// # Parameters
//   - count_ptr, buf_size_ptr (u32 out).
//
// # Result (Errno)
//   - EFAULT.
//
// See #environ_sizes_get.
func environSizesGet(c call, p []uint64) Errno { return c.putSizes(c.e.envs, u32(p[0]), u32(p[1])) }
