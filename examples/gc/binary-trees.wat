;; Binary trees (the benchmarks game's), written for Wasm GC: structs for the nodes, an i31
;; depth tag on every node, an array of anyref holding the trees one round keeps, and casts
;; back to the node type. `run N` returns a checksum of every tree's node count.
;;
;;   sheave run --invoke run examples/gc/binary-trees.wat 12
(module
  (type $node (struct (field $left (ref null $node)) (field $right (ref null $node)) (field $tag i31ref)))
  (type $trees (array (mut anyref)))

  (func $make (param $depth i32) (result (ref $node))
    (if (result (ref $node)) (i32.eqz (local.get $depth))
      (then (struct.new $node (ref.null $node) (ref.null $node) (ref.i31 (i32.const 0))))
      (else
        (struct.new $node
          (call $make (i32.sub (local.get $depth) (i32.const 1)))
          (call $make (i32.sub (local.get $depth) (i32.const 1)))
          (ref.i31 (local.get $depth))))))

  ;; Nodes in the tree, checking each node's tag against its depth.
  (func $check (param $n (ref $node)) (param $depth i32) (result i32)
    (if (i32.ne (i31.get_u (ref.as_non_null (struct.get $node $tag (local.get $n)))) (local.get $depth))
      (then (unreachable)))
    (if (result i32) (ref.is_null (struct.get $node $left (local.get $n)))
      (then (i32.const 1))
      (else
        (i32.add (i32.const 1)
          (i32.add
            (call $check (ref.as_non_null (struct.get $node $left (local.get $n))) (i32.sub (local.get $depth) (i32.const 1)))
            (call $check (ref.as_non_null (struct.get $node $right (local.get $n))) (i32.sub (local.get $depth) (i32.const 1))))))))

  (func (export "run") (param $max i32) (result i64)
    (local $long (ref $node)) (local $keep (ref $trees)) (local $depth i32) (local $i i32)
    (local $iterations i32) (local $sum i64)
    ;; The stretch tree, made and dropped.
    (local.set $sum (i64.extend_i32_u
      (call $check (call $make (i32.add (local.get $max) (i32.const 1))) (i32.add (local.get $max) (i32.const 1)))))
    (local.set $long (call $make (local.get $max)))
    (local.set $keep (array.new_default $trees (i32.const 8)))
    (local.set $depth (i32.const 4))
    (block $done
      (loop $depths
        (br_if $done (i32.gt_u (local.get $depth) (local.get $max)))
        (local.set $iterations (i32.shl (i32.const 1) (i32.add (i32.sub (local.get $max) (local.get $depth)) (i32.const 4))))
        (local.set $i (i32.const 0))
        (loop $trees
          ;; Each tree waits in the ring for eight more before it is checked and dropped.
          (if (ref.test (ref $node) (array.get $trees (local.get $keep) (i32.and (local.get $i) (i32.const 7))))
            (then
              (local.set $sum (i64.add (local.get $sum) (i64.extend_i32_u
                (call $check
                  (ref.cast (ref $node) (array.get $trees (local.get $keep) (i32.and (local.get $i) (i32.const 7))))
                  (local.get $depth)))))))
          (array.set $trees (local.get $keep) (i32.and (local.get $i) (i32.const 7)) (call $make (local.get $depth)))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br_if $trees (i32.lt_u (local.get $i) (local.get $iterations))))
        ;; Check the ring's last trees, then empty it.
        (local.set $i (i32.const 0))
        (loop $drain
          (local.set $sum (i64.add (local.get $sum) (i64.extend_i32_u
            (call $check (ref.cast (ref $node) (array.get $trees (local.get $keep) (local.get $i))) (local.get $depth)))))
          (array.set $trees (local.get $keep) (local.get $i) (ref.null any))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br_if $drain (i32.lt_u (local.get $i) (i32.const 8))))
        (local.set $depth (i32.add (local.get $depth) (i32.const 2)))
        (br $depths)))
    (i64.add (local.get $sum) (i64.extend_i32_u (call $check (local.get $long) (local.get $max)))))
)
