package engine

import (
	"encoding/binary"
	"encoding/hex"
	"errors"
	"hash/crc32"
	"os"
	"path/filepath"
	"sync"

	"github.com/pureedge/pureedge/internal/meter"
)

// The instrumented module is kept in the persistent cache next to wazero's
// compiled code, so that a warm start reads it instead of instrumenting the
// module again (for the Rust programs of the WASI test suite, instrumenting
// was half of a run's CPU time). An entry is named by the module's key
// (Runtime.Compile: the engine's bytes and the instrumentation options) and
// by the running executable (path, size and modification time), so that a
// rebuilt PureEdge, whose instrumenter may differ, never reads an older
// one's output. The entry carries a CRC-32C of its contents: a damaged entry
// is ignored and rewritten. wazero validates the module it is given in any
// case, so an entry can at worst change how a module is metered, as the
// compiled code beside it can change what it does.
//
// Layout: magic, CRC-32C of the rest, flags (bit 0: the module could not be
// instrumented), the length-prefixed message of that error, the segment
// count, each segment as a count and little-endian uint16s, then the
// instrumented module.

const instrMagic = "PEinstr1"

const instrDir = "pureedge-instr"

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// exeID identifies the running executable, or is "" when it cannot be told
// (no instrumentation is then cached).
var exeID = sync.OnceValue(func() string {
	p, err := os.Executable()
	if err != nil {
		return ""
	}
	st, err := os.Stat(p)
	if err != nil {
		return ""
	}
	var b [16]byte
	binary.LittleEndian.PutUint64(b[:8], uint64(st.Size()))
	binary.LittleEndian.PutUint64(b[8:], uint64(st.ModTime().UnixNano()))
	return p + "\x00" + string(b[:])
})

// instrPath is the cache file of the instrumentation with key, or "".
func instrPath(key [32]byte) string {
	dir := PersistentCacheDir()
	id := exeID()
	if dir == "" || id == "" {
		return ""
	}
	h := crc32.Checksum([]byte(id), castagnoli)
	var hb [4]byte
	binary.LittleEndian.PutUint32(hb[:], h)
	return filepath.Join(dir, instrDir, hex.EncodeToString(key[:])+"-"+hex.EncodeToString(hb[:]))
}

// instrumented is the result of meter.Instrument as it is cached.
type instrumented struct {
	code      []byte      // nil when the module could not be instrumented
	plan      *meter.Plan // nil with code
	unmetered error       // why it could not be
}

// instrument returns meter.Instrument's result for eng, from the
// persistent cache when it holds it, and caches a new one.
func instrument(key [32]byte, eng []byte, opts meter.Options) instrumented {
	path := instrPath(key)
	if path != "" {
		if in, ok := loadInstrumented(path, opts); ok {
			return in
		}
	}
	var in instrumented
	code, plan, err := instrumentModule(eng, opts)
	if err == nil {
		in.code, in.plan = code, plan
	} else {
		in.unmetered = err
	}
	if path != "" {
		storeInstrumented(path, in)
	}
	return in
}

// instrumentModule is meter.Instrument; a variable for tests.
var instrumentModule = meter.Instrument

// encodeInstrumented lays in out as described above.
func encodeInstrumented(in instrumented) []byte {
	n := len(instrMagic) + 4 + 1 + 4 + 4 + len(in.code)
	var segs [][]uint16
	if in.plan != nil {
		segs = in.plan.Segments
	}
	for _, s := range segs {
		n += 4 + 2*len(s)
	}
	var msg string
	var flags byte
	if in.unmetered != nil {
		flags, msg = 1, in.unmetered.Error()
		n += len(msg)
	}
	b := make([]byte, 0, n)
	b = append(b, instrMagic...)
	b = append(b, 0, 0, 0, 0) // CRC, below
	b = append(b, flags)
	b = binary.LittleEndian.AppendUint32(b, uint32(len(msg)))
	b = append(b, msg...)
	b = binary.LittleEndian.AppendUint32(b, uint32(len(segs)))
	for _, s := range segs {
		b = binary.LittleEndian.AppendUint32(b, uint32(len(s)))
		for _, op := range s {
			b = binary.LittleEndian.AppendUint16(b, op)
		}
	}
	b = append(b, in.code...)
	binary.LittleEndian.PutUint32(b[len(instrMagic):], crc32.Checksum(b[len(instrMagic)+4:], castagnoli))
	return b
}

// decodeInstrumented reads an entry; ok is false for a damaged one.
func decodeInstrumented(b []byte, opts meter.Options) (in instrumented, ok bool) {
	h := len(instrMagic) + 4
	if len(b) < h+1+4+4 || string(b[:len(instrMagic)]) != instrMagic ||
		binary.LittleEndian.Uint32(b[len(instrMagic):]) != crc32.Checksum(b[h:], castagnoli) {
		return instrumented{}, false
	}
	r := b[h:]
	flags := r[0]
	r = r[1:]
	u32 := func() (int, bool) {
		if len(r) < 4 {
			return 0, false
		}
		v := binary.LittleEndian.Uint32(r)
		r = r[4:]
		return int(v), int64(v) <= int64(len(r))
	}
	n, ok := u32()
	if !ok {
		return instrumented{}, false
	}
	msg := string(r[:n])
	r = r[n:]
	nseg, ok := u32()
	if !ok || (flags&1 != 0 && nseg != 0) {
		return instrumented{}, false
	}
	segs := make([][]uint16, 0, nseg)
	for range nseg {
		ns, ok := u32()
		if !ok || 2*ns > len(r) {
			return instrumented{}, false
		}
		s := make([]uint16, ns)
		for i := range s {
			s[i] = binary.LittleEndian.Uint16(r[2*i:])
		}
		r = r[2*ns:]
		segs = append(segs, s)
	}
	if flags&1 != 0 {
		return instrumented{unmetered: errors.New(msg)}, len(r) == 0
	}
	return instrumented{code: r, plan: &meter.Plan{Options: opts, Segments: segs}}, len(r) > 0
}

func loadInstrumented(path string, opts meter.Options) (instrumented, bool) {
	b, err := os.ReadFile(path)
	if err != nil {
		return instrumented{}, false
	}
	return decodeInstrumented(b, opts)
}

// storeInstrumented writes an entry whole or not at all (a temporary file
// renamed into place), ignoring failures: the cache is an optimisation.
func storeInstrumented(path string, in instrumented) {
	dir := filepath.Dir(path)
	if os.MkdirAll(dir, 0o755) != nil {
		return
	}
	f, err := os.CreateTemp(dir, ".tmp-*")
	if err != nil {
		return
	}
	_, err = f.Write(encodeInstrumented(in))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		_ = os.Remove(f.Name())
	}
}
