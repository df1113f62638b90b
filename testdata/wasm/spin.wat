;; spin.wasm (wat2wasm spin.wat -o spin.wasm): the metering tests' guest.
;; spin loops for ever; count(n) runs n iterations of 9 instructions and
;; returns n (9n+3 instructions by WasmEdge's rule).
(module
  (func (export "spin") (loop (br 0)))
  (func (export "count") (param $n i32) (result i32) (local $i i32)
    (loop $l
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
    (local.get $i)))
