package spectest_test

// Conversion of .wast scripts to wast2json's JSON and .wasm files, with a
// cache, and the workarounds for what Debian's wabt (1.0.32) cannot convert.

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
)

// convVersion names the conversion below; bump it when the conversion, the
// rewrites or the manifest format change, so that cached results are redone.
const convVersion = "pureedge-spec-conv-4"

// script is a converted .wast file.
type script struct {
	Source   string    `json:"source"`
	Commands []command `json:"commands"`
	// Unconverted lists the top-level forms wast2json could not convert,
	// each skipped with the reason.
	Unconverted []unconverted `json:"unconverted,omitempty"`
	// Rewrites names the source rewrites that were applied (see wastRewrites).
	Rewrites []string `json:"rewrites,omitempty"`
	// Dir holds the .wasm files the commands name (not serialised).
	Dir string `json:"-"`
}

// unconverted is a top-level form of a .wast file that wast2json failed on.
type unconverted struct {
	Line   int    `json:"line"`
	Kind   string `json:"kind"`   // the form's keyword: module, assert_return, register, ...
	Name   string `json:"name"`   // a module's $name, or the name a register names
	As     string `json:"as"`     // the name a register registers under
	Reason string `json:"reason"` // wast2json's complaint
}

// command is one command of wast2json's JSON output.
type command struct {
	Type       string  `json:"type"`
	Line       int     `json:"line"`
	Name       string  `json:"name,omitempty"`
	Filename   string  `json:"filename,omitempty"`
	As         string  `json:"as,omitempty"`
	Action     action  `json:"action"`
	Expected   []value `json:"expected,omitempty"`
	Text       string  `json:"text,omitempty"`
	ModuleType string  `json:"module_type,omitempty"`
	// A thread command's modules shared with the script and its commands;
	// a wait command's thread.
	Shared   []sharedModule `json:"shared,omitempty"`
	Commands []command      `json:"commands,omitempty"`
	Thread   string         `json:"thread,omitempty"`
}

// sharedModule names a module a thread shares with its script.
type sharedModule struct {
	Module string `json:"module"`
}

type action struct {
	Type   string  `json:"type"`
	Module string  `json:"module,omitempty"`
	Field  string  `json:"field"`
	Args   []value `json:"args,omitempty"`
}

// value is a typed value of wast2json: Value is a string (an unsigned
// decimal bit pattern, "nan:canonical", "nan:arithmetic" or "null"), a list
// of such strings for a v128 (LaneType says the lanes' type), or absent for
// "any reference".
type value struct {
	Type     string          `json:"type"`
	LaneType string          `json:"lane_type,omitempty"`
	Value    json.RawMessage `json:"value,omitempty"`
}

// wabt is the wast2json found on PATH.
var wabt struct {
	once    sync.Once
	path    string
	version string
	err     error
}

func findWast2json() (path, version string, err error) {
	wabt.once.Do(func() {
		wabt.path, wabt.err = exec.LookPath("wast2json")
		if wabt.err != nil {
			return
		}
		out, err := exec.Command(wabt.path, "--version").Output()
		if err != nil {
			wabt.err = fmt.Errorf("%s --version: %v", wabt.path, err)
			return
		}
		wabt.version = strings.TrimSpace(string(out))
	})
	return wabt.path, wabt.version, wabt.err
}

// cacheRoot is where converted scripts are kept:
// $PUREEDGE_SPEC_CACHE, else os.UserCacheDir()/pureedge/spec, else a
// temporary directory.
var cacheRoot = sync.OnceValue(func() string {
	if d := os.Getenv("PUREEDGE_SPEC_CACHE"); d != "" {
		if os.MkdirAll(d, 0o755) == nil {
			return d
		}
	}
	if base, err := os.UserCacheDir(); err == nil {
		d := filepath.Join(base, "pureedge", "spec")
		if os.MkdirAll(d, 0o755) == nil {
			if f, err := os.CreateTemp(d, ".probe-*"); err == nil {
				f.Close()
				os.Remove(f.Name())
				return d
			}
		}
	}
	d, err := os.MkdirTemp("", "pureedge-spec-")
	if err != nil {
		return os.TempDir()
	}
	return d
})

// convert converts a .wast file, or loads the cached conversion.
func convert(wastPath string) (*script, error) {
	tool, version, err := findWast2json()
	if err != nil {
		return nil, err
	}
	src, err := os.ReadFile(wastPath)
	if err != nil {
		return nil, err
	}
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00", convVersion, version)
	h.Write(src)
	key := hex.EncodeToString(h.Sum(nil))[:32]
	dir := filepath.Join(cacheRoot(), key)
	if s, err := loadManifest(dir); err == nil {
		return s, nil
	}

	tmp, err := os.MkdirTemp(cacheRoot(), key+".tmp-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp) // gone after the rename, or on failure
	base := strings.TrimSuffix(filepath.Base(wastPath), ".wast")
	s, err := convertInto(tool, tmp, base, string(src))
	if err != nil {
		return nil, err
	}
	s.Source = filepath.Base(wastPath)
	m, err := json.Marshal(s)
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(tmp, "manifest.json"), m, 0o644); err != nil {
		return nil, err
	}
	if err := os.Rename(tmp, dir); err != nil {
		// Another process converted the same file meanwhile: use its result.
		if s2, err2 := loadManifest(dir); err2 == nil {
			return s2, nil
		}
		return nil, err
	}
	s.Dir = dir
	return s, nil
}

func loadManifest(dir string) (*script, error) {
	b, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	if err != nil {
		return nil, err
	}
	var s script
	if err := json.Unmarshal(b, &s); err != nil {
		return nil, err
	}
	s.Dir = dir
	return &s, nil
}

// convertInto converts src (the text of base.wast) into dir. The whole file
// is converted first. If wast2json fails, the rewrites in wastRewrites are
// applied and the whole file tried again. If it still fails, the group of
// forms it fails on (a module and the commands after it, up to the next
// module) is blanked out, and so on until the rest converts; the forms of
// blanked groups are listed as unconverted, with wast2json's complaint.
func convertInto(tool, dir, base, src string) (*script, error) {
	s := &script{}
	cmds, fail, err := runWast2json(tool, dir, base, src)
	if err != nil || fail == nil {
		s.Commands = cmds
		return s, err
	}
	for _, rw := range wastRewrites {
		if rw.file != "" && rw.file != base+".wast" {
			continue
		}
		if out := rw.apply(src); out != src {
			if strings.Count(out, "\n") != strings.Count(src, "\n") {
				return nil, fmt.Errorf("rewrite %q changed the line count", rw.why)
			}
			src = out
			s.Rewrites = append(s.Rewrites, rw.why)
		}
	}
	if len(s.Rewrites) > 0 {
		if cmds, fail, err = runWast2json(tool, dir, base, src); err != nil || fail == nil {
			s.Commands = cmds
			return s, err
		}
	}

	forms, err := topLevelForms(src)
	if err != nil {
		return nil, fmt.Errorf("%s.wast: %v", base, err)
	}
	groups := groupForms(forms)
	blanked := map[int]string{} // group index -> why
	// render returns src with the blanked groups, and the groups after
	// upTo, replaced by spaces (newlines kept, so lines still match).
	render := func(upTo int) string {
		b := []byte(src)
		for gi, g := range groups {
			if _, ok := blanked[gi]; ok || gi > upTo {
				for i := g[0].start; i < g[len(g)-1].end; i++ {
					if b[i] != '\n' {
						b[i] = ' '
					}
				}
			}
		}
		return string(b)
	}
	for len(blanked) < len(groups) {
		cmds, fail, err = runWast2json(tool, dir, base, render(len(groups)))
		if err != nil {
			return nil, err
		}
		if fail == nil {
			break
		}
		gi := groupAt(groups, fail.line)
		if _, done := blanked[gi]; gi < 0 || done {
			// No line to go by (wast2json crashed): find the first group
			// whose prefix fails.
			lo, hi := -1, len(groups)-1
			var hiFail *w2jFailure = fail
			for hi-lo > 1 {
				mid := (lo + hi) / 2
				_, f, err := runWast2json(tool, dir, base, render(mid))
				if err != nil {
					return nil, err
				}
				if f != nil {
					hi, hiFail = mid, f
				} else {
					lo = mid
				}
			}
			if _, done := blanked[hi]; done {
				// The failure cannot be pinned on a group: give up on
				// everything not converted yet.
				for gi := range groups {
					if _, ok := blanked[gi]; !ok {
						blanked[gi] = fail.String()
					}
				}
				break
			}
			gi, fail = hi, hiFail
		}
		blanked[gi] = fail.String()
	}
	if len(blanked) == len(groups) {
		cmds = nil
	}
	s.Commands = cmds
	for gi, g := range groups {
		why, ok := blanked[gi]
		if !ok {
			continue
		}
		for _, f := range g {
			s.Unconverted = append(s.Unconverted, unconverted{Line: f.line, Kind: f.head,
				Name: f.name, As: f.as, Reason: why})
		}
	}
	return s, nil
}

// groupAt returns the index of the group with a form spanning line, or -1.
func groupAt(groups [][]form, line int) int {
	if line <= 0 {
		return -1
	}
	for gi, g := range groups {
		for _, f := range g {
			if line >= f.line && line <= f.endLine {
				return gi
			}
		}
	}
	return -1
}

// w2jFailure is wast2json's complaint about a file.
type w2jFailure struct {
	line int // 0 if unknown
	msg  string
}

func (f *w2jFailure) String() string {
	s := "wast2json " + wabt.version + ": "
	if f.line > 0 {
		s += fmt.Sprintf("line %d: ", f.line)
	}
	return s + f.msg
}

// runWast2json converts src into dir as name.json and name.N.wasm. fail is
// non-nil when wast2json failed: it exited non-zero, crashed, or printed an
// error (it sometimes exits 0 after an error, having written a wrong
// binary).
func runWast2json(tool, dir, name, src string) (cmds []command, fail *w2jFailure, err error) {
	in := filepath.Join(dir, name+".wast")
	if err := os.WriteFile(in, []byte(src), 0o644); err != nil {
		return nil, nil, err
	}
	defer os.Remove(in)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	out := filepath.Join(dir, name+".json")
	cmd := exec.CommandContext(ctx, tool, in, "-o", out)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	runErr := cmd.Run()
	msg := stderr.String()
	var exitErr *exec.ExitError
	if runErr != nil && !errors.As(runErr, &exitErr) {
		return nil, nil, runErr // could not run it at all
	}
	if runErr != nil || strings.Contains(msg, "error:") || strings.Contains(msg, "Assertion") {
		return nil, complaint(msg, runErr), nil
	}
	b, err := os.ReadFile(out)
	if err != nil {
		return nil, nil, err
	}
	var doc struct {
		Commands []command `json:"commands"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		return nil, nil, fmt.Errorf("%s: %v", out, err)
	}
	return doc.Commands, nil, nil
}

var errLineRE = regexp.MustCompile(`\.wast:(\d+):\d+: error: (.*)`)

// complaint picks the most telling line of wast2json's stderr.
func complaint(stderr string, runErr error) *w2jFailure {
	if m := errLineRE.FindStringSubmatch(stderr); m != nil {
		line, _ := strconv.Atoi(m[1])
		return &w2jFailure{line: line, msg: strings.TrimSpace(m[2])}
	}
	for _, l := range strings.Split(stderr, "\n") {
		if i := strings.Index(l, "Assertion"); i >= 0 {
			return &w2jFailure{msg: "crashed (" + strings.TrimSpace(l[i:]) + ")"}
		}
	}
	if runErr != nil {
		return &w2jFailure{msg: runErr.Error()}
	}
	return &w2jFailure{msg: strings.TrimSpace(stderr)}
}

// wastRewrite is a text rewrite that lets wabt 1.0.32 convert a construct
// it rejects, with the same meaning. A rewrite must keep the line count, so
// that line numbers still match the .wast file.
type wastRewrite struct {
	file  string // "" for any file
	why   string
	apply func(string) string
}

var wastRewrites = []wastRewrite{
	{
		// table_get/set/size/grow/fill.wast: "(table.get (local.get $i))".
		why:   "wabt 1.0.32 needs an explicit table index on table.get/set/size/grow/fill: added the default, 0",
		apply: addDefaultTableIndex,
	},
	{
		// if.wast:533, "atypical folded condition syntax".
		file: "if.wast",
		why:  "wabt 1.0.32 rejects a folded if with several condition instructions: unfolded the condition",
		apply: func(s string) string {
			return strings.Replace(s, "(if (i32.const 1) (i32.eqz) (then) (else))",
				"(i32.const 1) (i32.eqz) (if (then) (else))", 1)
		},
	},
}

// addDefaultTableIndex inserts " 0" after table.get/set/size/grow/fill where
// no table index ($name or number) follows.
func addDefaultTableIndex(s string) string {
	var b strings.Builder
	ops := []string{"table.get", "table.set", "table.size", "table.grow", "table.fill"}
	i := 0
	for i < len(s) {
		matched := ""
		if i == 0 || !isIdentChar(s[i-1]) {
			for _, op := range ops {
				if strings.HasPrefix(s[i:], op) && (i+len(op) == len(s) || !isIdentChar(s[i+len(op)])) {
					matched = op
					break
				}
			}
		}
		if matched == "" {
			b.WriteByte(s[i])
			i++
			continue
		}
		b.WriteString(matched)
		i += len(matched)
		j := i
		for j < len(s) && (s[j] == ' ' || s[j] == '\t' || s[j] == '\n' || s[j] == '\r') {
			j++
		}
		if j < len(s) && (s[j] == '$' || (s[j] >= '0' && s[j] <= '9')) {
			continue
		}
		b.WriteString(" 0")
	}
	return b.String()
}

func isIdentChar(c byte) bool {
	return c == '.' || c == '_' || c == '$' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// form is a top-level S-expression of a .wast file.
type form struct {
	start, end int    // byte offsets of "(" and after ")"
	line       int    // 1-based line of "("
	endLine    int    // line of ")"
	head       string // first keyword
	name       string // module: its $name; register: the $name it names
	as         string // register: the name registered
}

// topLevelForms splits a .wast text into its top-level forms, skipping
// comments (";;" to end of line, nested "(; ;)") and strings.
func topLevelForms(src string) ([]form, error) {
	var forms []form
	depth, line := 0, 1
	var cur form
	for i := 0; i < len(src); i++ {
		c := src[i]
		switch {
		case c == '\n':
			line++
		case c == ';' && i+1 < len(src) && src[i+1] == ';':
			for i < len(src) && src[i] != '\n' {
				i++
			}
			if i < len(src) {
				line++
			}
		case c == '(' && i+1 < len(src) && src[i+1] == ';':
			nest := 1
			for i += 2; i < len(src) && nest > 0; i++ {
				switch {
				case src[i] == '\n':
					line++
				case src[i] == '(' && i+1 < len(src) && src[i+1] == ';':
					nest++
					i++
				case src[i] == ';' && i+1 < len(src) && src[i+1] == ')':
					nest--
					i++
				}
			}
			i--
		case c == '"':
			for i++; i < len(src) && src[i] != '"'; i++ {
				if src[i] == '\\' {
					i++
				} else if src[i] == '\n' {
					line++
				}
			}
		case c == '(':
			if depth == 0 {
				cur = form{start: i, line: line}
			}
			depth++
		case c == ')':
			depth--
			if depth < 0 {
				return nil, fmt.Errorf("line %d: unbalanced )", line)
			}
			if depth == 0 {
				cur.end, cur.endLine = i+1, line
				describeForm(src, &cur)
				forms = append(forms, cur)
			}
		}
	}
	if depth != 0 {
		return nil, fmt.Errorf("unbalanced ( at end of file")
	}
	return forms, nil
}

// describeForm fills in a form's keyword and names from its first tokens.
func describeForm(src string, f *form) {
	toks := strings.Fields(strings.NewReplacer("(", " ( ", ")", " ) ").Replace(src[f.start+1 : min(f.end, f.start+400)]))
	if len(toks) == 0 {
		return
	}
	f.head = toks[0]
	switch f.head {
	case "module":
		if len(toks) > 1 && strings.HasPrefix(toks[1], "$") {
			f.name = toks[1]
		}
	case "register":
		if len(toks) > 1 {
			f.as = strings.Trim(toks[1], `"`)
		}
		if len(toks) > 2 && strings.HasPrefix(toks[2], "$") {
			f.name = toks[2]
		}
	}
}

// groupForms cuts forms into groups that each start at a module (the first
// group may start with commands that need no module).
func groupForms(forms []form) [][]form {
	var groups [][]form
	for _, f := range forms {
		if f.head == "module" || len(groups) == 0 {
			groups = append(groups, nil)
		}
		groups[len(groups)-1] = append(groups[len(groups)-1], f)
	}
	return groups
}
