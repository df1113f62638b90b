package wasi

import (
	"strings"

	"golang.org/x/sys/unix"
)

// maxSymlinks is how many symbolic links one resolution may follow (ELOOP
// beyond, as Linux's limit).
const maxSymlinks = 40

// resolved is a path resolved inside a directory descriptor: a host
// directory descriptor and one name in it. The descriptor is closed by
// done when the resolution opened it.
type resolved struct {
	dir   int
	name  string
	owned bool
	held  *file // the directory resolved under (call.pathAt), released by done
}

func (r resolved) done() {
	if r.owned {
		_ = unix.Close(r.dir)
	}
	if r.held != nil {
		r.held.release()
	}
}

// resolve finds path under the directory descriptor dirFD without leaving
// it: every component but the last is opened with O_NOFOLLOW|O_DIRECTORY
// relative to the previous one; a symbolic link is read and its target
// spliced into the path (an absolute target is ENOTCAPABLE); ".." pops one
// directory and may never pop dirFD itself (ENOTCAPABLE). The last
// component is followed only when follow is set (or the path ends in '/').
// The name returned is never a symbolic link that was to be followed, and
// never "..": a path ending in ".." resolves to the directory itself, name
// ".".
func resolve(dirFD int, path string, follow bool) (resolved, Errno) {
	switch {
	case path == "":
		return resolved{}, ENOENT
	case len(path) > maxPath:
		return resolved{}, ENAMETOOLONG
	case strings.IndexByte(path, 0) >= 0:
		return resolved{}, EILSEQ
	case path[0] == '/':
		return resolved{}, ENOTCAPABLE
	}
	stack := []int{dirFD}
	closeAll := func() {
		for _, fd := range stack[1:] {
			_ = unix.Close(fd)
		}
	}
	comps := splitPath(path)
	trailing := strings.HasSuffix(path, "/")
	if trailing {
		follow = true
	}
	links := 0
	for len(comps) > 0 {
		c := comps[0]
		comps = comps[1:]
		last := len(comps) == 0
		top := stack[len(stack)-1]
		if c == ".." {
			if len(stack) == 1 {
				closeAll()
				return resolved{}, ENOTCAPABLE
			}
			_ = unix.Close(top)
			stack = stack[:len(stack)-1]
			if last {
				break
			}
			continue
		}
		if last && !follow {
			return finish(stack, c, trailing), ESUCCESS
		}
		// A symbolic link is spliced into the path; anything else is the
		// next directory (or, last, the name found).
		if target, ok := readlinkAt(top, c); ok {
			links++
			if links > maxSymlinks {
				closeAll()
				return resolved{}, ELOOP
			}
			if strings.HasPrefix(target, "/") {
				closeAll()
				return resolved{}, ENOTCAPABLE
			}
			t := splitPath(target)
			if strings.HasSuffix(target, "/") || (last && trailing) {
				if len(t) == 0 || t[len(t)-1] != ".." {
					trailing = true
				}
			}
			comps = append(t, comps...)
			if len(comps) == 0 {
				break // the link names its own directory
			}
			continue
		}
		if last {
			return finish(stack, c, trailing), ESUCCESS
		}
		fd, err := unix.Openat(top, c, unix.O_DIRECTORY|unix.O_NOFOLLOW|unix.O_CLOEXEC|oPath, 0)
		if err != nil {
			closeAll()
			return resolved{}, errnoOf(err)
		}
		stack = append(stack, fd)
	}
	// The path named a directory on the stack: the topmost.
	return finish(stack, ".", false), ESUCCESS
}

// finish closes every directory of stack but the top, which it returns with
// name (and a trailing slash kept, so the kernel checks it names a
// directory).
func finish(stack []int, name string, trailing bool) resolved {
	for i := 1; i < len(stack)-1; i++ {
		_ = unix.Close(stack[i])
	}
	if trailing && name != "." {
		name += "/"
	}
	return resolved{dir: stack[len(stack)-1], name: name, owned: len(stack) > 1}
}

// splitPath splits a relative path into its components, dropping empty
// ones and ".".
func splitPath(p string) []string {
	parts := strings.Split(p, "/")
	out := parts[:0]
	for _, s := range parts {
		if s != "" && s != "." {
			out = append(out, s)
		}
	}
	return out
}

// readlinkAt returns the target of name in dir if it is a symbolic link.
func readlinkAt(dir int, name string) (string, bool) {
	buf := make([]byte, 256)
	for {
		n, err := unix.Readlinkat(dir, name, buf)
		if err != nil {
			return "", false
		}
		if n < len(buf) {
			return string(buf[:n]), true
		}
		if len(buf) >= maxPath {
			return string(buf[:n]), true
		}
		buf = make([]byte, len(buf)*4)
	}
}
