;; hello.wasm: a WASI command that prints a greeting, the example the README
;; runs. Rebuild with: wat2wasm hello.wat -o hello.wasm
(module
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "Hello from PureEdge, WebAssembly without C++!\n")
  (func (export "_start")
    ;; iovec at 0: base 16, length 46
    (i32.store (i32.const 0) (i32.const 16))
    (i32.store (i32.const 4) (i32.const 46))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))))
