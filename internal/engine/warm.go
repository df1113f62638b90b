package engine

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"time"

	wasmbin "github.com/pureedge/pureedge/internal/binary"
)

// The persistent cache is wazero's; it cannot say whether it holds a
// module without compiling it. PureEdge keeps a marker per module and
// configuration next to it, written once the compiler has cached the code,
// so that a caller can choose a fast start (the interpreter) for a module
// that would otherwise have to be compiled first.

//
// The marker of a module compiled for plain runs (safe points only,
// meter.Options{}) holds the instrumented module, so that a later run need
// not instrument it again (Runtime.Compile): a CRC-32C, then the builder's
// identity (builderID), then the module; the checksum covers the other two.
// A marker whose content does not match its checksum (cut short, damaged),
// or that another build of the program wrote (whose rewriter may differ),
// counts as empty.

// moduleSum is the SHA-256 of what the engine compiles of bin: custom
// sections other than "name" are left out, as the engine leaves them
// (Runtime.Compile): the code does not depend on them.
func moduleSum(bin []byte) [32]byte { return sha256.Sum256(wasmbin.WithoutCustom(bin, "name")) }

// warmKey identifies compiled code: the module (by its moduleSum) and the
// settings that change what the compiler emits.
func warmKey(cfg Config, sum [32]byte) string {
	h := sha256.New()
	h.Write(sum[:])
	h.Write(configKey(cfg))
	return hex.EncodeToString(h.Sum(nil))
}

func warmMarker(cfg Config, bin []byte) string { return warmMarkerOf(cfg, moduleSum(bin)) }

func warmMarkerOf(cfg Config, sum [32]byte) string {
	dir := PersistentCacheDir()
	if dir == "" {
		return ""
	}
	return filepath.Join(dir, "pureedge-warm", warmKey(cfg, sum))
}

// PersistentCacheDir returns the directory of the persistent compiled-code
// cache in use, or "" when compiled code is kept in memory only.
func PersistentCacheDir() string {
	compilationCache()
	return cache.usedDir
}

// Warm reports whether the compiler's code for bin under cfg is in the
// persistent cache, so that compiling it is only a cache read.
//
// For a universal wasm whose compiled code fits, the code is installed in
// the cache first, so it is warm.
func Warm(cfg Config, bin []byte) bool { return WarmPrepared(Prepare(cfg, bin)) }

// WarmPrepared is Warm of a Prepared module, under the configuration it
// was prepared for.
func WarmPrepared(p *Prepared) bool {
	m := warmMarkerOf(p.cfg, p.sum)
	if m == "" {
		return false
	}
	_, err := os.Stat(m)
	return err == nil
}

// markWarmOf records that the compiler's code for the module of moduleSum
// sum is cached; instrumented, if not nil, is the module as instrumented
// for plain runs, kept in the marker.
func markWarmOf(cfg Config, sum [32]byte, instrumented []byte) {
	m := warmMarkerOf(cfg, sum)
	if m == "" || cfg.Interpreter {
		return
	}
	if _, err := os.Stat(m); err == nil {
		return
	}
	if os.MkdirAll(filepath.Dir(m), 0o755) != nil {
		return
	}
	var content []byte
	if instrumented != nil {
		id := builderID()
		content = make([]byte, 4, 4+len(id)+len(instrumented))
		content = append(append(content, id[:]...), instrumented...)
		binary.LittleEndian.PutUint32(content, crc32.Checksum(content[4:], castagnoli))
	}
	// Written whole or not at all: a reader never sees half a marker.
	f, err := os.CreateTemp(filepath.Dir(m), ".marker-*")
	if err != nil {
		return
	}
	_, err = f.Write(content)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), m)
	}
	if err != nil {
		_ = os.Remove(f.Name())
	}
}

// instrumentedOf returns the module of moduleSum sum as instrumented for
// plain runs, kept in its warm marker, or nil.
func instrumentedOf(cfg Config, sum [32]byte) []byte {
	m := warmMarkerOf(cfg, sum)
	if m == "" || cfg.Interpreter {
		return nil
	}
	b, err := os.ReadFile(m)
	if err != nil || len(b) == 0 {
		return nil
	}
	id := builderID()
	if len(b) <= 4+len(id) || crc32.Checksum(b[4:], castagnoli) != binary.LittleEndian.Uint32(b) ||
		!bytes.Equal(b[4:4+len(id)], id[:]) {
		forgetInstrumented(cfg, sum)
		return nil
	}
	return b[4+len(id):]
}

// builderID identifies the build of the running program, whose rewriter
// made the copies it keeps in markers: its executable (path, size and
// modification time) and its build information (module versions and
// version-control stamp). A program rebuilt with another PureEdge, or with
// a changed rewriter, instruments its modules afresh.
var builderID = sync.OnceValue(func() [32]byte {
	h := sha256.New()
	if exe, err := os.Executable(); err == nil {
		if fi, err := os.Stat(exe); err == nil {
			fmt.Fprintf(h, "%s\x00%d\x00%d\x00", exe, fi.Size(), fi.ModTime().UnixNano())
		}
	}
	if bi, ok := debug.ReadBuildInfo(); ok {
		h.Write([]byte(bi.String()))
	}
	var id [32]byte
	h.Sum(id[:0])
	return id
})

// castagnoli is the CRC-32C table (hardware-assisted where the CPU has it).
var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// forgetInstrumented removes a warm marker whose kept copy is of no use,
// so that the next compile writes it again.
func forgetInstrumented(cfg Config, sum [32]byte) {
	if m := warmMarkerOf(cfg, sum); m != "" {
		_ = os.Remove(m)
	}
}

// A claim to compile a module for the cache is a file next to its marker,
// "<marker>.pending", holding the process ID of the compiling process once
// it is known (HoldWarming). A claim is stale, and the next caller takes it
// over, when that process has exited (a compilation killed before it could
// remove its claim) or when the claim is older than claimTTL (a process ID
// that could not be checked, or one that was reused).

// claimTTL bounds the life of a claim whose holder cannot be shown dead.
const claimTTL = time.Minute

// ClaimWarming reports whether the caller should start compiling bin for
// the cache: false while another process is at it.
func ClaimWarming(cfg Config, bin []byte) bool { return ClaimWarmingPrepared(Prepare(cfg, bin)) }

// ClaimWarmingPrepared is ClaimWarming of a Prepared module, under the
// configuration it was prepared for.
func ClaimWarmingPrepared(p *Prepared) bool {
	m := warmMarkerOf(p.cfg, p.sum)
	if m == "" {
		return false
	}
	pending := m + ".pending"
	if _, err := os.Stat(pending); err == nil {
		if !claimStale(pending) {
			return false
		}
		_ = os.Remove(pending)
	}
	if os.MkdirAll(filepath.Dir(m), 0o755) != nil {
		return false
	}
	f, err := os.OpenFile(pending, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
	if err != nil {
		return false
	}
	f.Close()
	return true
}

// HoldWarming records pid as the process compiling bin under the caller's
// claim (ClaimWarming), so that a claim whose process has died is not
// waited for.
func HoldWarming(cfg Config, bin []byte, pid int) { HoldWarmingPrepared(Prepare(cfg, bin), pid) }

// HoldWarmingPrepared is HoldWarming of a Prepared module, under the
// configuration it was prepared for.
func HoldWarmingPrepared(p *Prepared, pid int) {
	m := warmMarkerOf(p.cfg, p.sum)
	if m == "" {
		return
	}
	// Only into a claim that is still there: a compilation that has
	// finished already must not leave one behind.
	f, err := os.OpenFile(m+".pending", os.O_WRONLY|os.O_TRUNC, 0)
	if err != nil {
		return
	}
	_, _ = f.WriteString(strconv.Itoa(pid))
	f.Close()
}

// claimStale reports whether the claim in file path has expired or its
// holder has exited.
func claimStale(path string) bool {
	fi, err := os.Stat(path)
	if err != nil {
		return true
	}
	if time.Since(fi.ModTime()) >= claimTTL {
		return true
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return true
	}
	if len(b) == 0 {
		return false // claimed, the compiling process not started yet
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil || pid <= 0 {
		return true
	}
	return !processAlive(pid)
}

// DoneWarming removes the claim of ClaimWarming.
func DoneWarming(cfg Config, bin []byte) { DoneWarmingPrepared(Prepare(cfg, bin)) }

// DoneWarmingPrepared is DoneWarming of a Prepared module, under the
// configuration it was prepared for.
func DoneWarmingPrepared(p *Prepared) {
	if m := warmMarkerOf(p.cfg, p.sum); m != "" {
		_ = os.Remove(m + ".pending")
	}
}
