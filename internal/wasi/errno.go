package wasi

import (
	"errors"
	"io/fs"
	"os"
	"syscall"
)

// Errno is a WASI preview-1 error number (WasmEdge's set, which adds the
// getaddrinfo errors 77-87 to the specification's 0-76).
type Errno uint16

// The errno values of WASI preview 1 and WasmEdge's getaddrinfo extension.
const (
	ESUCCESS Errno = iota
	E2BIG
	EACCES
	EADDRINUSE
	EADDRNOTAVAIL
	EAFNOSUPPORT
	EAGAIN
	EALREADY
	EBADF
	EBADMSG
	EBUSY
	ECANCELED
	ECHILD
	ECONNABORTED
	ECONNREFUSED
	ECONNRESET
	EDEADLK
	EDESTADDRREQ
	EDOM
	EDQUOT
	EEXIST
	EFAULT
	EFBIG
	EHOSTUNREACH
	EIDRM
	EILSEQ
	EINPROGRESS
	EINTR
	EINVAL
	EIO
	EISCONN
	EISDIR
	ELOOP
	EMFILE
	EMLINK
	EMSGSIZE
	EMULTIHOP
	ENAMETOOLONG
	ENETDOWN
	ENETRESET
	ENETUNREACH
	ENFILE
	ENOBUFS
	ENODEV
	ENOENT
	ENOEXEC
	ENOLCK
	ENOLINK
	ENOMEM
	ENOMSG
	ENOPROTOOPT
	ENOSPC
	ENOSYS
	ENOTCONN
	ENOTDIR
	ENOTEMPTY
	ENOTRECOVERABLE
	ENOTSOCK
	ENOTSUP
	ENOTTY
	ENXIO
	EOVERFLOW
	EOWNERDEAD
	EPERM
	EPIPE
	EPROTO
	EPROTONOSUPPORT
	EPROTOTYPE
	ERANGE
	EROFS
	ESPIPE
	ESRCH
	ESTALE
	ETIMEDOUT
	ETXTBSY
	EXDEV
	ENOTCAPABLE
	EAIADDRFAMILY
	EAIAGAIN
	EAIBADFLAG
	EAIFAIL
	EAIFAMILY
	EAIMEMORY
	EAINODATA
	EAINONAME
	EAISERVICE
	EAISOCKTYPE
	EAISYSTEM
)

var fromHost = map[syscall.Errno]Errno{
	syscall.E2BIG: E2BIG, syscall.EACCES: EACCES, syscall.EADDRINUSE: EADDRINUSE,
	syscall.EADDRNOTAVAIL: EADDRNOTAVAIL, syscall.EAFNOSUPPORT: EAFNOSUPPORT, syscall.EAGAIN: EAGAIN,
	syscall.EALREADY: EALREADY, syscall.EBADF: EBADF, syscall.EBADMSG: EBADMSG, syscall.EBUSY: EBUSY,
	syscall.ECANCELED: ECANCELED, syscall.ECHILD: ECHILD, syscall.ECONNABORTED: ECONNABORTED,
	syscall.ECONNREFUSED: ECONNREFUSED, syscall.ECONNRESET: ECONNRESET, syscall.EDEADLK: EDEADLK,
	syscall.EDESTADDRREQ: EDESTADDRREQ, syscall.EDOM: EDOM, syscall.EDQUOT: EDQUOT, syscall.EEXIST: EEXIST,
	syscall.EFAULT: EFAULT, syscall.EFBIG: EFBIG, syscall.EHOSTUNREACH: EHOSTUNREACH, syscall.EIDRM: EIDRM,
	syscall.EILSEQ: EILSEQ, syscall.EINPROGRESS: EINPROGRESS, syscall.EINTR: EINTR, syscall.EINVAL: EINVAL,
	syscall.EIO: EIO, syscall.EISCONN: EISCONN, syscall.EISDIR: EISDIR, syscall.ELOOP: ELOOP,
	syscall.EMFILE: EMFILE, syscall.EMLINK: EMLINK, syscall.EMSGSIZE: EMSGSIZE,
	syscall.ENAMETOOLONG: ENAMETOOLONG, syscall.ENETDOWN: ENETDOWN, syscall.ENETRESET: ENETRESET,
	syscall.ENETUNREACH: ENETUNREACH, syscall.ENFILE: ENFILE, syscall.ENOBUFS: ENOBUFS, syscall.ENODEV: ENODEV,
	syscall.ENOENT: ENOENT, syscall.ENOEXEC: ENOEXEC, syscall.ENOLCK: ENOLCK,
	syscall.ENOMEM: ENOMEM, syscall.ENOMSG: ENOMSG, syscall.ENOPROTOOPT: ENOPROTOOPT, syscall.ENOSPC: ENOSPC,
	syscall.ENOSYS: ENOSYS, syscall.ENOTCONN: ENOTCONN, syscall.ENOTDIR: ENOTDIR, syscall.ENOTEMPTY: ENOTEMPTY,
	syscall.ENOTSOCK: ENOTSOCK, syscall.ENOTSUP: ENOTSUP,
	syscall.ENOTTY: ENOTTY, syscall.ENXIO: ENXIO, syscall.EOVERFLOW: EOVERFLOW,
	syscall.EPERM: EPERM, syscall.EPIPE: EPIPE, syscall.EPROTO: EPROTO, syscall.EPROTONOSUPPORT: EPROTONOSUPPORT,
	syscall.EPROTOTYPE: EPROTOTYPE, syscall.ERANGE: ERANGE, syscall.EROFS: EROFS, syscall.ESPIPE: ESPIPE,
	syscall.ESRCH: ESRCH, syscall.ESTALE: ESTALE, syscall.ETIMEDOUT: ETIMEDOUT, syscall.ETXTBSY: ETXTBSY,
	syscall.EXDEV: EXDEV,
}

// errnoOf maps a host error onto a WASI errno (EIO when it carries no
// errno).
func errnoOf(err error) Errno {
	if err == nil {
		return ESUCCESS
	}
	var se syscall.Errno
	if errors.As(err, &se) {
		if se == syscall.EOPNOTSUPP {
			return ENOTSUP
		}
		if e, ok := fromHost[se]; ok {
			return e
		}
		return EIO
	}
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return ENOENT
	case errors.Is(err, fs.ErrExist):
		return EEXIST
	case errors.Is(err, fs.ErrPermission):
		return EPERM
	case errors.Is(err, os.ErrDeadlineExceeded):
		return EAGAIN
	}
	return EIO
}
