package wasilogging

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pureedge/pureedge/internal/abi"
	"github.com/pureedge/pureedge/internal/guestbuild"
	"github.com/pureedge/pureedge/plugins/internal/plugintest"
	"github.com/pureedge/pureedge/wasmedge"
)

// env captures what a test's modules write and resets the options after
// the test.
type env struct {
	stdout, stderr, log bytes.Buffer
}

func setup(t *testing.T) *env {
	t.Helper()
	e := &env{}
	oldStreams, oldNow := streams, now
	streams = func() (io.Writer, io.Writer) { return &e.stdout, &e.stderr }
	now = func() time.Time { return time.Date(2024, 5, 21, 13, 43, 53, 240e6, time.Local) }
	wasmedge.SetLogOutput(&e.log)
	t.Cleanup(func() {
		streams, now = oldStreams, oldNow
		wasmedge.SetLogOutput(os.Stderr)
		config.Lock()
		config.files, config.dirs, config.logger = nil, nil, nil
		config.Unlock()
	})
	return e
}

func guest(t *testing.T) string {
	return guestbuild.MustBuild(t, filepath.Join("..", "..", "testdata", "guests", "logging"))
}

// run runs the logging guest with args in a new VM and returns what it
// printed through WASI and the run's error.
func run(t *testing.T, args ...string) (string, error) {
	t.Helper()
	return plugintest.RunNew(t, guest(t), args...)
}

func levelLines(prefix string) string {
	var b strings.Builder
	for _, l := range []string{"trace", "debug", "info", "warning", "error", "critical"} {
		title := map[string]string{"trace": "Trace", "debug": "Debug", "info": "Info", "warning": "Warn", "error": "Error", "critical": "Critical"}[l]
		b.WriteString(prefix + "[" + l + "] " + title + " Level Message\n")
	}
	return b.String()
}

const stamp = "[2024-05-21 13:43:53.240] "

func TestRegistered(t *testing.T) {
	p := wasmedge.FindPlugin(PluginName)
	if p == nil {
		t.Fatalf("plug-in %q not registered: %v", PluginName, wasmedge.ListPlugins())
	}
	if got, want := p.ListModule(), []string{ModuleName, ModuleNameDraft}; !reflect.DeepEqual(got, want) {
		t.Errorf("ListModule = %v, want %v", got, want)
	}
	// Both modules have exactly the functions and types of internal/abi,
	// which the mock has too.
	for _, name := range []string{ModuleName, ModuleNameDraft} {
		m := p.CreateModule(name)
		if m == nil {
			t.Fatalf("CreateModule(%q) = nil", name)
		}
		if m.GetName() != name {
			t.Errorf("instance name %q, want %q", m.GetName(), name)
		}
		plugintest.CheckABI(t, m, abi.Logging)
		m.Release()
	}
}

// A VM registers the real module, not the mock: the mock would trap and
// log "wasi-logging plugin not installed".
func TestVMRegistersTheRealModule(t *testing.T) {
	e := setup(t)
	out, err := run(t, "levels", "", "stdout", "stderr")
	if err != nil {
		t.Fatalf("run: %v (log %q)", err, e.log.String())
	}
	if out != "done\n" {
		t.Errorf("guest printed %q", out)
	}
	if strings.Contains(e.log.String(), "not installed") {
		t.Errorf("the mock was called: %q", e.log.String())
	}
	// "" and "stdout" go to standard output, "stderr" to standard error,
	// in WasmEdge's format.
	if want := levelLines(stamp) + levelLines(stamp); e.stdout.String() != want {
		t.Errorf("stdout\n%s\nwant\n%s", e.stdout.String(), want)
	}
	if want := levelLines(stamp); e.stderr.String() != want {
		t.Errorf("stderr\n%s\nwant\n%s", e.stderr.String(), want)
	}
}

func TestDraftImportName(t *testing.T) {
	e := setup(t)
	if _, err := run(t, "draft", "stderr"); err != nil {
		t.Fatalf("run: %v (log %q)", err, e.log.String())
	}
	if want := stamp + "[info] draft import\n"; e.stderr.String() != want {
		t.Errorf("stderr %q, want %q", e.stderr.String(), want)
	}
}

func TestFiles(t *testing.T) {
	e := setup(t)
	dir := t.TempDir()
	allowedDir := filepath.Join(dir, "logs")
	if err := os.Mkdir(allowedDir, 0o755); err != nil {
		t.Fatal(err)
	}
	one := filepath.Join(dir, "one.log")
	if err := wasmedge.SetPluginOption(PluginName, OptionAllowFile, one); err != nil {
		t.Fatal(err)
	}
	if err := wasmedge.SetPluginOption(PluginName, OptionAllowDir, allowedDir); err != nil {
		t.Fatal(err)
	}
	nested := filepath.Join(allowedDir, "sub", "two.log")

	// Allowed: the named file and a file under the directory (its parent
	// directories created), appended to on every record.
	for i := 0; i < 2; i++ {
		if _, err := run(t, "levels", one, nested); err != nil {
			t.Fatalf("run: %v (log %q)", err, e.log.String())
		}
	}
	for _, f := range []string{one, nested} {
		got, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if want := levelLines(stamp) + levelLines(stamp); string(got) != want {
			t.Errorf("%s:\n%s\nwant\n%s", f, got, want)
		}
	}
	if e.stdout.Len()+e.stderr.Len() != 0 {
		t.Errorf("file records reached the console: %q %q", e.stdout.String(), e.stderr.String())
	}

	// Denied: any other file, a way out of the directory with "..", and a
	// symbolic link inside the directory that points outside it.
	outside := filepath.Join(dir, "outside.log")
	if err := os.Symlink(dir, filepath.Join(allowedDir, "link")); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{
		outside,
		filepath.Join(allowedDir, "..", "outside.log"),
		filepath.Join(allowedDir, "link", "outside.log"),
		allowedDir, // the directory itself is not a file under it
	} {
		e.log.Reset()
		out, err := run(t, "levels", name)
		if !plugintest.IsHostFuncError(err) {
			t.Errorf("%s: err %v, want host function failed", name, err)
		}
		if out != "" {
			t.Errorf("%s: the guest went on after the trap: %q", name, out)
		}
		if !strings.Contains(e.log.String(), "[error] [WasiLogging] Cannot log into file: ") {
			t.Errorf("%s: log %q", name, e.log.String())
		}
	}
	if _, err := os.Stat(outside); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a denied file was created: %v", err)
	}
	if !strings.Contains(e.log.String(), "not an allowed log file") && !strings.Contains(e.log.String(), "path escapes") {
		t.Errorf("log %q", e.log.String())
	}
}

// Without any option, no file is allowed.
func TestFilesDeniedByDefault(t *testing.T) {
	e := setup(t)
	f := filepath.Join(t.TempDir(), "x.log")
	_, err := run(t, "levels", f)
	if !plugintest.IsHostFuncError(err) {
		t.Fatalf("err %v, want host function failed", err)
	}
	want := "[WasiLogging] Cannot log into file: \"" + f + "\" is not an allowed log file (allow it with --wasi-logging-allow-file or --wasi-logging-allow-dir)"
	if !strings.Contains(e.log.String(), want) {
		t.Errorf("log %q, want %q", e.log.String(), want)
	}
	if _, err := os.Stat(f); err == nil {
		t.Error("the file was created")
	}
}

func TestOptionValues(t *testing.T) {
	setup(t)
	missing := filepath.Join(t.TempDir(), "missing")
	if err := wasmedge.SetPluginOption(PluginName, OptionAllowDir, missing); err == nil {
		t.Error("a missing directory was accepted")
	}
	if err := wasmedge.SetPluginOption(PluginName, OptionAllowFile, ""); err == nil {
		t.Error("an empty file name was accepted")
	}
}

// Bad levels and pointers give WasmEdge's trap and an error log, and the
// host goes on.
func TestHostileCalls(t *testing.T) {
	for _, c := range []struct{ mode, log string }{
		{"bad-level", "[WasiLogging] Unrecognized Logging Level: 6"},
		{"bad-context", "[WasiLogging] context [4294901760, 4294901760+100) is outside the guest's memory"},
		{"bad-message", "[WasiLogging] message [4294967280, 4294967280+32) is outside the guest's memory"},
		{"huge-length", "+4294967295) is outside the guest's memory"},
	} {
		t.Run(c.mode, func(t *testing.T) {
			e := setup(t)
			out, err := run(t, c.mode)
			if !plugintest.IsHostFuncError(err) {
				t.Errorf("err %v, want host function failed", err)
			}
			if out != "" || e.stdout.Len() != 0 {
				t.Errorf("output after the trap: %q %q", out, e.stdout.String())
			}
			if !strings.Contains(e.log.String(), c.log) {
				t.Errorf("log %q, want %q", e.log.String(), c.log)
			}
		})
	}
	e := setup(t)
	run(t, "bad-level")
	if !strings.Contains(e.log.String(), "[WasiLogging] Critical Level = 5") {
		t.Errorf("log %q lacks the list of levels", e.log.String())
	}
}

// Called from the host there is no guest memory: a trap, not a crash.
func TestCalledFromHost(t *testing.T) {
	e := setup(t)
	vm := wasmedge.NewVM()
	defer vm.Release()
	_, err := vm.ExecuteRegistered(ModuleName, "log", int32(2), int32(0), int32(0), int32(0), int32(0))
	if !plugintest.IsHostFuncError(err) {
		t.Errorf("err %v, want host function failed", err)
	}
	if !strings.Contains(e.log.String(), "without a guest memory") {
		t.Errorf("log %q", e.log.String())
	}
}

// recorder is a slog.Handler that keeps the records.
type recorder struct {
	mu      sync.Mutex
	records []string
}

func (r *recorder) Enabled(context.Context, slog.Level) bool { return true }
func (r *recorder) Handle(_ context.Context, rec slog.Record) error {
	line := rec.Level.String() + " " + rec.Message
	rec.Attrs(func(a slog.Attr) bool { line += " " + a.Key + "=" + a.Value.String(); return true })
	r.mu.Lock()
	r.records = append(r.records, line)
	r.mu.Unlock()
	return nil
}
func (r *recorder) WithAttrs([]slog.Attr) slog.Handler { return r }
func (r *recorder) WithGroup(string) slog.Handler      { return r }

func TestSlogLogger(t *testing.T) {
	e := setup(t)
	rec := &recorder{}
	SetLogger(slog.New(rec))
	file := filepath.Join(t.TempDir(), "never.log")
	if _, err := run(t, "levels", "stderr", file); err != nil {
		t.Fatalf("run: %v (log %q)", err, e.log.String())
	}
	want := []string{
		"DEBUG-4 Trace Level Message context=stderr",
		"DEBUG Debug Level Message context=stderr",
		"INFO Info Level Message context=stderr",
		"WARN Warn Level Message context=stderr",
		"ERROR Error Level Message context=stderr",
		"ERROR+4 Critical Level Message context=stderr",
	}
	for _, w := range want[:] {
		want = append(want, strings.Replace(w, "context=stderr", "context="+file, 1))
	}
	if !reflect.DeepEqual(rec.records, want) {
		t.Errorf("records\n%s\nwant\n%s", strings.Join(rec.records, "\n"), strings.Join(want, "\n"))
	}
	if e.stdout.Len()+e.stderr.Len() != 0 {
		t.Errorf("records reached the console")
	}
	if _, err := os.Stat(file); err == nil {
		t.Error("a file was opened")
	}
}
