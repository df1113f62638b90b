package wasi

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

const rw = RightFdRead | RightFdWrite | RightFdSeek | RightFdTell | RightFdFdstatSetFlags | RightFdFilestatGet | RightPollFdReadwrite

func TestFunctionCount(t *testing.T) {
	if n := len(Functions()); n != 69 {
		t.Fatalf("%d functions, WasmEdge registers 69", n)
	}
}

// wazero's fd_pwrite fails on a file opened with APPEND.
func TestPwriteAppend(t *testing.T) {
	h := newHarness(t, false)
	p := h.hostFile("log", "0123456789")
	fd, errno := h.open("log", 0, rw, uint64(fdflagAppend))
	expect(t, "open", errno, ESUCCESS)
	h.iov([]byte("AB"))
	expect(t, "pwrite", h.call("fd_pwrite", uint64(fd), iovAt, 1, 2, outAt), ESUCCESS)
	h.iov([]byte("Z"))
	expect(t, "write", h.call("fd_write", uint64(fd), iovAt, 1, outAt), ESUCCESS)
	got, _ := os.ReadFile(p)
	if string(got) != "01AB456789Z" {
		t.Fatalf("file is %q, want pwrite at offset 2 and write appended", got)
	}
}

// wazero returns NOSYS for fd_fdstat_set_rights and does not track rights.
func TestRights(t *testing.T) {
	h := newHarness(t, false)
	h.hostFile("f", "x")
	fd, errno := h.open("f", 0, RightFdRead|RightFdSeek, 0)
	expect(t, "open read-only", errno, ESUCCESS)
	expect(t, "fdstat", h.call("fd_fdstat_get", uint64(fd), outAt), ESUCCESS)
	if base := Rights(h.u64(outAt + 8)); base&RightFdWrite != 0 || base&RightFdRead == 0 {
		t.Fatalf("read-only open has rights %#x", base)
	}
	h.iov([]byte("y"))
	expect(t, "write on read-only", h.call("fd_write", uint64(fd), iovAt, 1, outAt), ENOTCAPABLE)
	expect(t, "narrow", h.call("fd_fdstat_set_rights", uint64(fd), uint64(RightFdRead), 0), ESUCCESS)
	expect(t, "seek after narrowing", h.call("fd_seek", uint64(fd), 0, 0, outAt), ENOTCAPABLE)
	expect(t, "widen", h.call("fd_fdstat_set_rights", uint64(fd), uint64(RightFdRead|RightFdSeek), 0), ENOTCAPABLE)
	// A descriptor opened from a directory never gets more than the
	// directory's inheriting rights.
	expect(t, "narrow preopen", h.call("fd_fdstat_set_rights", 3, uint64(rightsDir), uint64(RightFdRead|RightFdSeek)), ESUCCESS)
	fd2, errno := h.open("f", 0, RightFdRead|RightFdSeek|RightFdTell, 0)
	expect(t, "open after narrowing", errno, ESUCCESS)
	h.call("fd_fdstat_get", uint64(fd2), outAt)
	if base := Rights(h.u64(outAt + 8)); base != RightFdRead|RightFdSeek {
		t.Fatalf("rights %#x, want the directory's inheriting rights", base)
	}
	_, errno = h.open("f", 0, RightFdRead|RightFdWrite, 0)
	expect(t, "write right beyond inheriting", errno, ENOTCAPABLE)
}

// wazero's fd_fdstat_get reports only APPEND and NONBLOCK.
func TestFdstatSyncFlags(t *testing.T) {
	h := newHarness(t, false)
	h.hostFile("f", "")
	flags := uint64(fdflagSync | fdflagDsync | fdflagRsync)
	fd, errno := h.open("f", 0, rw, flags)
	expect(t, "open", errno, ESUCCESS)
	h.call("fd_fdstat_get", uint64(fd), outAt)
	if got := uint64(h.u32(outAt) >> 16); got != flags {
		t.Fatalf("flags %#x, want %#x", got, flags)
	}
}

// wazero's fd_renumber refuses preopens and standard streams and accepts
// an unopened target.
func TestRenumber(t *testing.T) {
	h := newHarness(t, false)
	h.hostFile("f", "")
	fd, _ := h.open("f", 0, rw, 0)
	expect(t, "onto unopened", h.call("fd_renumber", uint64(fd), 100), EBADF)
	expect(t, "onto stdout", h.call("fd_renumber", uint64(fd), 1), ESUCCESS)
	expect(t, "old number closed", h.call("fd_close", uint64(fd)), EBADF)
	h.call("fd_fdstat_get", 1, outAt)
	if ft := h.bytes(outAt, 1)[0]; ft != ftRegular {
		t.Fatalf("fd 1 is filetype %d after renumber, want a regular file", ft)
	}
	fd, _ = h.open("f", 0, rw, 0)
	expect(t, "onto the preopen", h.call("fd_renumber", uint64(fd), 3), ESUCCESS)
	expect(t, "prestat of the moved file", h.call("fd_prestat_get", 3, outAt), EBADF)
}

// wazero's path_link ignores the symlink-follow flag.
func TestLinkFollow(t *testing.T) {
	h := newHarness(t, false)
	h.hostFile("target", "t")
	if err := os.Symlink("target", filepath.Join(h.dir, "sym")); err != nil {
		t.Fatal(err)
	}
	link := func(flags uint64, dst string) Errno {
		h.put(pathAt, []byte("sym"))
		h.put(pathAt+100, []byte(dst))
		return h.call("path_link", 3, flags, pathAt, 3, 3, pathAt+100, uint64(len(dst)))
	}
	expect(t, "link follow", link(1, "hard1"), ESUCCESS)
	expect(t, "link nofollow", link(0, "hard2"), ESUCCESS)
	if fi, _ := os.Lstat(filepath.Join(h.dir, "hard1")); fi == nil || fi.Mode()&os.ModeSymlink != 0 {
		t.Fatal("path_link with SYMLINK_FOLLOW linked the symlink, not its target")
	}
	if fi, _ := os.Lstat(filepath.Join(h.dir, "hard2")); fi == nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Fatal("path_link without SYMLINK_FOLLOW did not link the symlink itself")
	}
}

// wazero's path_readlink returns ERANGE for a short buffer.
func TestReadlinkTruncates(t *testing.T) {
	h := newHarness(t, false)
	if err := os.Symlink("a-long-target", filepath.Join(h.dir, "l")); err != nil {
		t.Fatal(err)
	}
	pp, pl := h.path("l")
	expect(t, "readlink", h.call("path_readlink", 3, pp, pl, bufAt, 6, outAt), ESUCCESS)
	if n := h.u32(outAt); n != 6 || string(h.bytes(bufAt, 6)) != "a-long" {
		t.Fatalf("got %d bytes %q", n, h.bytes(bufAt, 6))
	}
}

// wazero's path_filestat_set_times without follow sets the target's times.
func TestSetTimesNofollow(t *testing.T) {
	h := newHarness(t, false)
	target := h.hostFile("target", "")
	link := filepath.Join(h.dir, "l")
	if err := os.Symlink("target", link); err != nil {
		t.Fatal(err)
	}
	before, _ := os.Stat(target)
	when := uint64(time.Date(2001, 2, 3, 4, 5, 6, 0, time.UTC).UnixNano())
	pp, pl := h.path("l")
	expect(t, "set times", h.call("path_filestat_set_times", 3, 0, pp, pl, when, when, 1|4), ESUCCESS)
	li, _ := os.Lstat(link)
	ti, _ := os.Stat(target)
	if li.ModTime().UnixNano() != int64(when) {
		t.Fatalf("link mtime %v, want 2001", li.ModTime())
	}
	if !ti.ModTime().Equal(before.ModTime()) {
		t.Fatalf("target mtime changed to %v", ti.ModTime())
	}
}

// wazero's poll_oneoff returns NOTSUP for write subscriptions.
func TestPollWriteFile(t *testing.T) {
	h := newHarness(t, false)
	h.hostFile("f", "")
	fd, _ := h.open("f", 0, rw, 0)
	sub := make([]byte, 48)
	sub[0] = 7 // userdata
	sub[8] = 2 // fd_write
	sub[16] = byte(fd)
	h.put(bufAt, sub)
	expect(t, "poll", h.call("poll_oneoff", bufAt, bufAt+100, 1, outAt), ESUCCESS)
	if n := h.u32(outAt); n != 1 {
		t.Fatalf("%d events", n)
	}
	ev := h.bytes(bufAt+100, 32)
	if ev[0] != 7 || ev[8] != 0 || ev[10] != 2 {
		t.Fatalf("event %v", ev[:12])
	}
}

// wazero's sock_shutdown on a non-socket returns EBADF.
func TestShutdownNotSocket(t *testing.T) {
	h := newHarness(t, false)
	expect(t, "shutdown a directory", h.call("sock_shutdown", 3, 3), ENOTSOCK)
	expect(t, "shutdown unopened", h.call("sock_shutdown", 99, 3), EBADF)
}

// wazero's fd_allocate on a directory succeeds.
func TestAllocateDirectory(t *testing.T) {
	h := newHarness(t, false)
	expect(t, "allocate a directory", h.call("fd_allocate", 3, 0, 10), EBADF)
	h.hostFile("f", "")
	fd, _ := h.open("f", 0, rw|RightFdAllocate, 0)
	expect(t, "allocate a file", h.call("fd_allocate", uint64(fd), 0, 100), ESUCCESS)
	if fi, _ := os.Stat(filepath.Join(h.dir, "f")); fi.Size() != 100 {
		t.Fatalf("size %d", fi.Size())
	}
}

func TestSandbox(t *testing.T) {
	h := newHarness(t, false)
	outside := t.TempDir()
	if err := os.WriteFile(filepath.Join(outside, "secret"), []byte("s"), 0o644); err != nil {
		t.Fatal(err)
	}
	must := func(err error) {
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.Symlink(outside, filepath.Join(h.dir, "out")))                                    // absolute link out
	must(os.Symlink(filepath.Join("..", filepath.Base(outside)), filepath.Join(h.dir, "up"))) // relative link out (may not exist)
	must(os.Mkdir(filepath.Join(h.dir, "sub"), 0o755))
	must(os.Symlink("../../x", filepath.Join(h.dir, "sub", "esc")))
	must(os.Symlink("loop", filepath.Join(h.dir, "loop")))
	h.hostFile("in", "i")
	must(os.Symlink("sub/../in", filepath.Join(h.dir, "inlink")))
	for _, tc := range []struct {
		path string
		want Errno
	}{
		{"/etc/passwd", ENOTCAPABLE},
		{"..", ENOTCAPABLE},
		{"../" + filepath.Base(h.dir) + "/in", ENOTCAPABLE},
		{"sub/../../in", ENOTCAPABLE},
		{"out/secret", ENOTCAPABLE},
		{"out", ENOTCAPABLE},
		{"up/secret", ENOTCAPABLE},
		{"sub/esc", ENOTCAPABLE},
		{"loop", ELOOP},
		{"in", ESUCCESS},
		{"sub/../in", ESUCCESS},
		{"inlink", ESUCCESS},
		{"./sub/./../in", ESUCCESS},
	} {
		_, errno := h.open(tc.path, 0, RightFdRead, 0)
		expect(t, "open "+tc.path, errno, tc.want)
		pp, pl := h.path(tc.path)
		if tc.want != ESUCCESS {
			expect(t, "stat "+tc.path, h.call("path_filestat_get", 3, 1, pp, pl, outAt), tc.want)
		}
	}
	// Without follow the link itself is reached, never what it points to.
	pp, pl := h.path("out")
	expect(t, "lstat of a link out", h.call("path_filestat_get", 3, 0, pp, pl, bufAt), ESUCCESS)
	if ft := h.bytes(bufAt+16, 1)[0]; ft != ftSymlink {
		t.Fatalf("filetype %d, want symlink", ft)
	}
	_, errno := h.open("out", 0, RightFdRead, 0)
	expect(t, "open link out", errno, ENOTCAPABLE)
	// Creating through a link out, or making an absolute link, fails.
	_, errno = h.open("out/new", oflagCreat, rw, 0)
	expect(t, "create through a link out", errno, ENOTCAPABLE)
	h.put(pathAt, []byte("/etc"))
	h.put(pathAt+100, []byte("abs"))
	expect(t, "absolute symlink", h.call("path_symlink", pathAt, 4, 3, pathAt+100, 3), ENOTCAPABLE)
	if _, err := os.Stat(filepath.Join(outside, "new")); err == nil {
		t.Fatal("a file was created outside the preopen")
	}
}

func TestReadOnlyPreopen(t *testing.T) {
	h := newHarness(t, true)
	h.hostFile("f", "data")
	must := func(err error) {
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.Mkdir(filepath.Join(h.dir, "d"), 0o755))
	fd, errno := h.open("f", 0, RightFdRead|RightFdSeek, 0)
	expect(t, "open for reading", errno, ESUCCESS)
	h.iov([]byte("x"))
	expect(t, "fd_write", h.call("fd_write", uint64(fd), iovAt, 1, outAt), ENOTCAPABLE)
	expect(t, "fd_pwrite", h.call("fd_pwrite", uint64(fd), iovAt, 1, 0, outAt), ENOTCAPABLE)
	expect(t, "fd_allocate", h.call("fd_allocate", uint64(fd), 0, 10), ENOTCAPABLE)
	expect(t, "fd_filestat_set_size", h.call("fd_filestat_set_size", uint64(fd), 0), ENOTCAPABLE)
	expect(t, "fd_filestat_set_times", h.call("fd_filestat_set_times", uint64(fd), 0, 0, 2), ENOTCAPABLE)
	expect(t, "fd_datasync", h.call("fd_datasync", uint64(fd)), ENOTCAPABLE)
	expect(t, "widen to write", h.call("fd_fdstat_set_rights", uint64(fd), uint64(RightFdRead|RightFdWrite), 0), ENOTCAPABLE)
	_, errno = h.open("f", 0, RightFdRead|RightFdWrite, 0)
	expect(t, "open for writing", errno, ENOTCAPABLE)
	_, errno = h.open("new", oflagCreat, RightFdRead, 0)
	expect(t, "create", errno, ENOTCAPABLE)
	_, errno = h.open("f", oflagTrunc, RightFdRead, 0)
	expect(t, "truncate", errno, ENOTCAPABLE)
	two := func(name string, a, b string, args func(p1, l1, p2, l2 uint64) []uint64) {
		h.put(pathAt, []byte(a))
		h.put(pathAt+200, []byte(b))
		expect(t, name, h.call(name, args(pathAt, uint64(len(a)), pathAt+200, uint64(len(b)))...), ENOTCAPABLE)
	}
	one := func(name string, extra ...uint64) {
		pp, pl := h.path("d")
		expect(t, name, h.call(name, append([]uint64{3, pp, pl}, extra...)...), ENOTCAPABLE)
	}
	one("path_create_directory")
	one("path_remove_directory")
	one("path_unlink_file")
	pp, pl := h.path("f")
	expect(t, "path_filestat_set_times", h.call("path_filestat_set_times", 3, 0, pp, pl, 0, 0, 2), ENOTCAPABLE)
	two("path_rename", "f", "g", func(p1, l1, p2, l2 uint64) []uint64 { return []uint64{3, p1, l1, 3, p2, l2} })
	two("path_link", "f", "g", func(p1, l1, p2, l2 uint64) []uint64 { return []uint64{3, 0, p1, l1, 3, p2, l2} })
	two("path_symlink", "f", "g", func(p1, l1, p2, l2 uint64) []uint64 { return []uint64{p1, l1, 3, p2, l2} })
	if got, _ := os.ReadFile(filepath.Join(h.dir, "f")); string(got) != "data" {
		t.Fatalf("file changed to %q", got)
	}
	if ents, _ := os.ReadDir(h.dir); len(ents) != 2 {
		t.Fatalf("directory has %d entries, want 2", len(ents))
	}
}

func TestBadPointers(t *testing.T) {
	h := newHarness(t, false)
	const far = 1 << 31
	expect(t, "args_sizes_get", h.call("args_sizes_get", far, far), EFAULT)
	expect(t, "fd_write iovec", h.call("fd_write", 1, far, 1, outAt), EFAULT)
	expect(t, "fd_write count", h.call("fd_write", 1, 0, 5000, outAt), EINVAL)
	expect(t, "path", h.call("path_open", 3, 0, far, 10, 0, 0, 0, 0, outAt), EFAULT)
	expect(t, "path past the end", h.call("path_open", 3, 0, 65530, 10, 0, 0, 0, 0, outAt), EFAULT)
	expect(t, "random_get", h.call("random_get", 65000, 1000), EFAULT)
	expect(t, "poll_oneoff", h.call("poll_oneoff", far, 0, 1, outAt), EFAULT)
	expect(t, "getaddrinfo", h.call("sock_getaddrinfo", far, 1, 0, 0, 0, 0, 1, 0), EFAULT)
}

func TestDescriptorLimit(t *testing.T) {
	h := newHarness(t, false)
	h.e.fds.limit = 10
	h.hostFile("f", "")
	opened := 0
	for i := 0; i < 20; i++ {
		if _, errno := h.open("f", 0, RightFdRead, 0); errno == ENFILE {
			break
		} else if errno != ESUCCESS {
			t.Fatal(errno)
		}
		opened++
	}
	if opened != 6 {
		t.Fatalf("opened %d descriptors under a limit of 10 (4 taken), want 6", opened)
	}
}

func TestReaddir(t *testing.T) {
	h := newHarness(t, false)
	h.hostFile("a", "")
	h.hostFile("bb", "")
	expect(t, "readdir", h.call("fd_readdir", 3, bufAt, 1000, 0, outAt), ESUCCESS)
	used := h.u32(outAt)
	if used != 4*24+1+2+1+2 {
		t.Fatalf("used %d", used)
	}
	// A buffer too small for all is filled completely.
	expect(t, "readdir short", h.call("fd_readdir", 3, bufAt, 30, 0, outAt), ESUCCESS)
	if h.u32(outAt) != 30 {
		t.Fatalf("used %d of 30", h.u32(outAt))
	}
}

func TestOpenDirectoryForWriting(t *testing.T) {
	h := newHarness(t, false)
	_, errno := h.open(".", oflagDirectory, RightFdRead, 0)
	expect(t, "directory for reading", errno, ESUCCESS)
	_, errno = h.open(".", oflagDirectory, RightFdRead|RightFdWrite, 0)
	expect(t, "directory for writing", errno, EISDIR)
}
