// Command process is a guest of the wasmedge_process plug-in
// (plugins/wasmedge_process). Usage:
//
//	process run [-t MS] [-e K=V]... [-i STDIN] [-n REPEAT] NAME [ARG...]
//	process hostile
//	process twice NAME
//
// run runs NAME with the arguments, environment, stdin and timeout given
// (REPEAT times), then prints the exit code and the captured outputs;
// hostile passes pointers and lengths outside its memory to every
// function, which the plug-in ignores; twice runs NAME, then runs again
// without setting anything, to show that the inputs were reset.
package main

import (
	"flag"
	"fmt"
	"os"
	"unsafe"
)

//go:wasmimport wasmedge_process wasmedge_process_set_prog_name
func setProgName(ptr unsafe.Pointer, n uint32)

//go:wasmimport wasmedge_process wasmedge_process_add_arg
func addArg(ptr unsafe.Pointer, n uint32)

//go:wasmimport wasmedge_process wasmedge_process_add_env
func addEnv(kp unsafe.Pointer, kn uint32, vp unsafe.Pointer, vn uint32)

//go:wasmimport wasmedge_process wasmedge_process_add_stdin
func addStdin(ptr unsafe.Pointer, n uint32)

//go:wasmimport wasmedge_process wasmedge_process_set_timeout
func setTimeout(ms uint32)

//go:wasmimport wasmedge_process wasmedge_process_run
func run() int32

//go:wasmimport wasmedge_process wasmedge_process_get_exit_code
func getExitCode() int32

//go:wasmimport wasmedge_process wasmedge_process_get_stdout_len
func getStdoutLen() uint32

//go:wasmimport wasmedge_process wasmedge_process_get_stdout
func getStdout(ptr unsafe.Pointer)

//go:wasmimport wasmedge_process wasmedge_process_get_stderr_len
func getStderrLen() uint32

//go:wasmimport wasmedge_process wasmedge_process_get_stderr
func getStderr(ptr unsafe.Pointer)

// Raw forms, to pass hostile pointers.

//go:wasmimport wasmedge_process wasmedge_process_set_prog_name
func setProgNameRaw(ptr, n uint32)

//go:wasmimport wasmedge_process wasmedge_process_add_arg
func addArgRaw(ptr, n uint32)

//go:wasmimport wasmedge_process wasmedge_process_add_env
func addEnvRaw(kp, kn, vp, vn uint32)

//go:wasmimport wasmedge_process wasmedge_process_add_stdin
func addStdinRaw(ptr, n uint32)

//go:wasmimport wasmedge_process wasmedge_process_get_stdout
func getStdoutRaw(ptr uint32)

//go:wasmimport wasmedge_process wasmedge_process_get_stderr
func getStderrRaw(ptr uint32)

func bytesOf(s string) (unsafe.Pointer, uint32) {
	if s == "" {
		return nil, 0
	}
	b := []byte(s)
	return unsafe.Pointer(&b[0]), uint32(len(b))
}

func outputs() (string, string) {
	out := make([]byte, getStdoutLen()+1)
	getStdout(unsafe.Pointer(&out[0]))
	errb := make([]byte, getStderrLen()+1)
	getStderr(unsafe.Pointer(&errb[0]))
	return string(out[:len(out)-1]), string(errb[:len(errb)-1])
}

func report(code int32) {
	out, errs := outputs()
	fmt.Printf("exit=%d stored=%d\nstdout=%q\nstderr=%q\n", code, getExitCode(), out, errs)
}

type list []string

func (l *list) String() string     { return fmt.Sprint(*l) }
func (l *list) Set(v string) error { *l = append(*l, v); return nil }

func setName(name string) {
	p, n := bytesOf(name)
	setProgName(p, n)
}

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: process run|hostile|twice ...")
		os.Exit(2)
	}
	switch os.Args[1] {
	case "run":
		fs := flag.NewFlagSet("run", flag.ExitOnError)
		timeout := fs.Int("t", -1, "timeout in ms")
		stdin := fs.String("i", "", "stdin")
		repeat := fs.Int("n", 1, "add the stdin this many times")
		var envs list
		fs.Var(&envs, "e", "K=V")
		fs.Parse(os.Args[2:])
		fmt.Printf("before: exit=%d stdout=%d stderr=%d\n", getExitCode(), getStdoutLen(), getStderrLen())
		args := fs.Args()
		// The name is appended in two parts: set_prog_name appends.
		half := len(args[0]) / 2
		setName(args[0][:half])
		setName(args[0][half:])
		for _, a := range args[1:] {
			p, n := bytesOf(a)
			addArg(p, n)
		}
		for _, e := range envs {
			for i := 0; i < len(e); i++ {
				if e[i] == '=' {
					kp, kn := bytesOf(e[:i])
					vp, vn := bytesOf(e[i+1:])
					addEnv(kp, kn, vp, vn)
					break
				}
			}
		}
		for i := 0; i < *repeat; i++ {
			p, n := bytesOf(*stdin)
			addStdin(p, n)
		}
		if *timeout >= 0 {
			setTimeout(uint32(*timeout))
		}
		report(run())
	case "hostile":
		setName("/bin/echo")
		setProgNameRaw(0xFFFFFFF0, 100)
		addArgRaw(0xFFFFFFFF, 0xFFFFFFFF)
		addArg(bytesOf("ok"))
		addEnvRaw(0xFFFF0000, 0x10000, 0, 1)
		addStdinRaw(0x7FFFFFFF, 0xFFFFFFFF)
		code := run()
		getStdoutRaw(0xFFFFFFFF)
		getStderrRaw(0xFFFFFFF0)
		report(code)
	case "twice":
		setName(os.Args[2])
		addArg(bytesOf("first"))
		report(run())
		report(run())
	default:
		fmt.Fprintln(os.Stderr, "unknown mode", os.Args[1])
		os.Exit(2)
	}
}
