;; Blocked f32x4 dot-product kernels of the lookalike module (WebAssembly SIMD, 128-bit; no
;; relaxed-simd). Compiled by scripts/build-wasm.mjs into dotKernelWasm.ts; a test recompiles this
;; file and checks the embedded bytes, so the binary never drifts from this source.
;;
;; Layouts (byte addresses into the exported memory, all 16-byte aligned, filled by dotKernel.ts):
;; - A "group" = 4 candidate rows interleaved by dimension: for k = 0..d-1 the 4 floats
;;   x0[k], x1[k], x2[k], x3[k] (16 bytes per k, 16·d bytes per group).
;; - A "block" = 8 reference rows interleaved by dimension: for k = 0..d-1 the 8 floats
;;   y0[k] .. y7[k] (32 bytes per k, 32·d bytes per block).
;; The 4 × 8 dot products of a group and a block live in 8 f32x4 accumulators; lane j of
;; accumulator (r, h) is sum over k = 0..d-1, in order, of fl(x_r[k] · y_{4h+j}[k]), an f32 sum.
;; Every (candidate, reference) pair is computed by the same sequence of f32 operations wherever
;; it sits in a group or a block, so a row's result never depends on the other rows.

(module
  (memory (export "memory") 1)

  ;; maxdot: for each of `groups` groups at `a`, the largest dot product of each of its 4 rows
  ;; with the `nblk` blocks at `b` (padding references must not win: copies of a real one), as
  ;; one f32 per row at out + (4g + r) · 4. Group-outer: the blocks are read once per group.
  (func (export "maxdot")
    (param $a i32) (param $groups i32) (param $b i32) (param $nblk i32) (param $d i32) (param $out i32)
    (local $g i32) (local $jb i32) (local $k i32) (local $pa i32) (local $pb i32) (local $pa0 i32)
    (local $astride i32)
    (local $x v128) (local $y0 v128) (local $y1 v128)
    (local $c00 v128) (local $c01 v128) (local $c10 v128) (local $c11 v128)
    (local $c20 v128) (local $c21 v128) (local $c30 v128) (local $c31 v128)
    (local $m0 v128) (local $m1 v128) (local $m2 v128) (local $m3 v128)
    (local.set $astride (i32.shl (local.get $d) (i32.const 4)))
    (if (i32.or (i32.eqz (local.get $groups)) (i32.or (i32.eqz (local.get $nblk)) (i32.eqz (local.get $d))))
      (then (return)))
    (local.set $g (i32.const 0))
    (local.set $pa0 (local.get $a))
    (loop $groupsLoop
      (local.set $m0 (v128.const f32x4 -inf -inf -inf -inf))
      (local.set $m1 (v128.const f32x4 -inf -inf -inf -inf))
      (local.set $m2 (v128.const f32x4 -inf -inf -inf -inf))
      (local.set $m3 (v128.const f32x4 -inf -inf -inf -inf))
      (local.set $pb (local.get $b))
      (local.set $jb (local.get $nblk))
      (loop $blocks
        (local.set $c00 (v128.const i32x4 0 0 0 0)) (local.set $c01 (v128.const i32x4 0 0 0 0))
        (local.set $c10 (v128.const i32x4 0 0 0 0)) (local.set $c11 (v128.const i32x4 0 0 0 0))
        (local.set $c20 (v128.const i32x4 0 0 0 0)) (local.set $c21 (v128.const i32x4 0 0 0 0))
        (local.set $c30 (v128.const i32x4 0 0 0 0)) (local.set $c31 (v128.const i32x4 0 0 0 0))
        (local.set $pa (local.get $pa0))
        (local.set $k (local.get $d))
        (loop $dims
          (local.set $y0 (v128.load offset=0 (local.get $pb)))
          (local.set $y1 (v128.load offset=16 (local.get $pb)))
          (local.set $x (v128.load32_splat offset=0 (local.get $pa)))
          (local.set $c00 (f32x4.add (local.get $c00) (f32x4.mul (local.get $x) (local.get $y0))))
          (local.set $c01 (f32x4.add (local.get $c01) (f32x4.mul (local.get $x) (local.get $y1))))
          (local.set $x (v128.load32_splat offset=4 (local.get $pa)))
          (local.set $c10 (f32x4.add (local.get $c10) (f32x4.mul (local.get $x) (local.get $y0))))
          (local.set $c11 (f32x4.add (local.get $c11) (f32x4.mul (local.get $x) (local.get $y1))))
          (local.set $x (v128.load32_splat offset=8 (local.get $pa)))
          (local.set $c20 (f32x4.add (local.get $c20) (f32x4.mul (local.get $x) (local.get $y0))))
          (local.set $c21 (f32x4.add (local.get $c21) (f32x4.mul (local.get $x) (local.get $y1))))
          (local.set $x (v128.load32_splat offset=12 (local.get $pa)))
          (local.set $c30 (f32x4.add (local.get $c30) (f32x4.mul (local.get $x) (local.get $y0))))
          (local.set $c31 (f32x4.add (local.get $c31) (f32x4.mul (local.get $x) (local.get $y1))))
          (local.set $pa (i32.add (local.get $pa) (i32.const 16)))
          (local.set $pb (i32.add (local.get $pb) (i32.const 32)))
          (br_if $dims (local.tee $k (i32.sub (local.get $k) (i32.const 1)))))
        (local.set $m0 (f32x4.max (local.get $m0) (f32x4.max (local.get $c00) (local.get $c01))))
        (local.set $m1 (f32x4.max (local.get $m1) (f32x4.max (local.get $c10) (local.get $c11))))
        (local.set $m2 (f32x4.max (local.get $m2) (f32x4.max (local.get $c20) (local.get $c21))))
        (local.set $m3 (f32x4.max (local.get $m3) (f32x4.max (local.get $c30) (local.get $c31))))
        (br_if $blocks (local.tee $jb (i32.sub (local.get $jb) (i32.const 1)))))
      (f32.store offset=0 (local.get $out) (call $hmax (local.get $m0)))
      (f32.store offset=4 (local.get $out) (call $hmax (local.get $m1)))
      (f32.store offset=8 (local.get $out) (call $hmax (local.get $m2)))
      (f32.store offset=12 (local.get $out) (call $hmax (local.get $m3)))
      (local.set $out (i32.add (local.get $out) (i32.const 16)))
      (local.set $pa0 (i32.add (local.get $pa0) (local.get $astride)))
      (br_if $groupsLoop (i32.lt_u (local.tee $g (i32.add (local.get $g) (i32.const 1))) (local.get $groups)))))

  ;; prep: for `count` candidate rows, row-major f32 at `src` (d floats each), the Euclidean norm
  ;; as f64 at norms + 8i (sum of squares in f64, k = 0..d-1 in order, then sqrt: the same
  ;; operations as rowNorms in embeddings.ts, so the same bits), and the row scaled to unit length
  ;; (f32(x[k] · (1 / norm)) in f64) into the groups of 4 at `dst` (layout above). A zero or
  ;; non-finite row, and the rows that pad the last group, are written as zeros (the caller refuses
  ;; a non-finite row by its norm).
  (func (export "prep") (param $src i32) (param $count i32) (param $d i32) (param $dst i32) (param $norms i32)
    (local $i i32) (local $k i32) (local $ps i32) (local $pd i32) (local $s f64) (local $v f64) (local $inv f64)
    (local $end i32)
    (local.set $end (i32.and (i32.add (local.get $count) (i32.const 3)) (i32.const -4)))
    (block $done
      (loop $rows
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $pd (i32.add (i32.add (local.get $dst)
          (i32.mul (i32.shr_u (local.get $i) (i32.const 2)) (i32.shl (local.get $d) (i32.const 4))))
          (i32.shl (i32.and (local.get $i) (i32.const 3)) (i32.const 2))))
        (local.set $inv (f64.const 0))
        (if (i32.lt_u (local.get $i) (local.get $count))
          (then
            (local.set $ps (i32.add (local.get $src) (i32.mul (local.get $i) (i32.shl (local.get $d) (i32.const 2)))))
            (local.set $s (f64.const 0))
            (local.set $k (i32.const 0))
            (loop $sq
              (local.set $v (f64.promote_f32 (f32.load (i32.add (local.get $ps) (i32.shl (local.get $k) (i32.const 2))))))
              (local.set $s (f64.add (local.get $s) (f64.mul (local.get $v) (local.get $v))))
              (br_if $sq (i32.lt_u (local.tee $k (i32.add (local.get $k) (i32.const 1))) (local.get $d))))
            (local.set $s (f64.sqrt (local.get $s)))
            (f64.store (i32.add (local.get $norms) (i32.shl (local.get $i) (i32.const 3))) (local.get $s))
            ;; finite and nonzero: s - s is 0 only for finite s
            (if (i32.and (f64.gt (local.get $s) (f64.const 0)) (f64.eq (f64.sub (local.get $s) (local.get $s)) (f64.const 0)))
              (then (local.set $inv (f64.div (f64.const 1) (local.get $s)))))))
        (local.set $k (i32.const 0))
        (if (f64.eq (local.get $inv) (f64.const 0))
          (then
            (loop $zero
              (f32.store (i32.add (local.get $pd) (i32.shl (local.get $k) (i32.const 4))) (f32.const 0))
              (br_if $zero (i32.lt_u (local.tee $k (i32.add (local.get $k) (i32.const 1))) (local.get $d)))))
          (else
            (loop $scale
              (f32.store (i32.add (local.get $pd) (i32.shl (local.get $k) (i32.const 4)))
                (f32.demote_f64 (f64.mul
                  (f64.promote_f32 (f32.load (i32.add (local.get $ps) (i32.shl (local.get $k) (i32.const 2)))))
                  (local.get $inv))))
              (br_if $scale (i32.lt_u (local.tee $k (i32.add (local.get $k) (i32.const 1))) (local.get $d))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rows))))

  ;; topk: for each of `nblk` blocks at `b` (outer) and each of `groups` groups at `a` (inner),
  ;; offers the dot products of the group's 4 rows with the block's references (only the first
  ;; `R` references overall are real) to each row's descending list of the `k` largest so far:
  ;; row 4g + r owns the k floats at heap + (4g + r) · k · 4 (filled with -inf by the caller).
  ;; A block is compared with the row's current k-th largest first (one f32x4.gt pair), so
  ;; the scalar insertion runs only for values that enter the list. `scratch`: 32 free bytes.
  (func (export "topk")
    (param $a i32) (param $groups i32) (param $b i32) (param $nblk i32) (param $d i32)
    (param $R i32) (param $k i32) (param $heap i32) (param $scratch i32)
    (local $g i32) (local $jb i32) (local $kk i32) (local $pa i32) (local $pb i32)
    (local $bstride i32) (local $astride i32) (local $kbytes i32) (local $lastoff i32)
    (local $valid i32) (local $hp0 i32) (local $hp i32)
    (local $x v128) (local $y0 v128) (local $y1 v128) (local $t v128)
    (local $c00 v128) (local $c01 v128) (local $c10 v128) (local $c11 v128)
    (local $c20 v128) (local $c21 v128) (local $c30 v128) (local $c31 v128)
    (local.set $bstride (i32.shl (local.get $d) (i32.const 5)))
    (local.set $astride (i32.shl (local.get $d) (i32.const 4)))
    (local.set $kbytes (i32.shl (local.get $k) (i32.const 2)))
    (local.set $lastoff (i32.sub (local.get $kbytes) (i32.const 4)))
    (if (i32.or (i32.eqz (local.get $groups)) (i32.or (i32.eqz (local.get $nblk))
          (i32.or (i32.eqz (local.get $d)) (i32.eqz (local.get $k)))))
      (then (return)))
    (local.set $jb (i32.const 0))
    (loop $blocks
      (local.set $valid (i32.sub (local.get $R) (i32.shl (local.get $jb) (i32.const 3))))
      (if (i32.gt_s (local.get $valid) (i32.const 8)) (then (local.set $valid (i32.const 8))))
      (local.set $g (i32.const 0))
      (loop $groupsLoop
        (local.set $c00 (v128.const i32x4 0 0 0 0)) (local.set $c01 (v128.const i32x4 0 0 0 0))
        (local.set $c10 (v128.const i32x4 0 0 0 0)) (local.set $c11 (v128.const i32x4 0 0 0 0))
        (local.set $c20 (v128.const i32x4 0 0 0 0)) (local.set $c21 (v128.const i32x4 0 0 0 0))
        (local.set $c30 (v128.const i32x4 0 0 0 0)) (local.set $c31 (v128.const i32x4 0 0 0 0))
        (local.set $pa (i32.add (local.get $a) (i32.mul (local.get $g) (local.get $astride))))
        (local.set $pb (i32.add (local.get $b) (i32.mul (local.get $jb) (local.get $bstride))))
        (local.set $kk (local.get $d))
        (loop $dims
          (local.set $y0 (v128.load offset=0 (local.get $pb)))
          (local.set $y1 (v128.load offset=16 (local.get $pb)))
          (local.set $x (v128.load32_splat offset=0 (local.get $pa)))
          (local.set $c00 (f32x4.add (local.get $c00) (f32x4.mul (local.get $x) (local.get $y0))))
          (local.set $c01 (f32x4.add (local.get $c01) (f32x4.mul (local.get $x) (local.get $y1))))
          (local.set $x (v128.load32_splat offset=4 (local.get $pa)))
          (local.set $c10 (f32x4.add (local.get $c10) (f32x4.mul (local.get $x) (local.get $y0))))
          (local.set $c11 (f32x4.add (local.get $c11) (f32x4.mul (local.get $x) (local.get $y1))))
          (local.set $x (v128.load32_splat offset=8 (local.get $pa)))
          (local.set $c20 (f32x4.add (local.get $c20) (f32x4.mul (local.get $x) (local.get $y0))))
          (local.set $c21 (f32x4.add (local.get $c21) (f32x4.mul (local.get $x) (local.get $y1))))
          (local.set $x (v128.load32_splat offset=12 (local.get $pa)))
          (local.set $c30 (f32x4.add (local.get $c30) (f32x4.mul (local.get $x) (local.get $y0))))
          (local.set $c31 (f32x4.add (local.get $c31) (f32x4.mul (local.get $x) (local.get $y1))))
          (local.set $pa (i32.add (local.get $pa) (i32.const 16)))
          (local.set $pb (i32.add (local.get $pb) (i32.const 32)))
          (br_if $dims (local.tee $kk (i32.sub (local.get $kk) (i32.const 1)))))
        (local.set $hp0 (i32.add (local.get $heap) (i32.mul (i32.shl (local.get $g) (i32.const 2)) (local.get $kbytes))))
        (local.set $hp (i32.add (local.get $hp0) (i32.mul (i32.const 0) (local.get $kbytes))))
        (local.set $t (f32x4.splat (f32.load (i32.add (local.get $hp) (local.get $lastoff)))))
        (if (v128.any_true (v128.or (f32x4.gt (local.get $c00) (local.get $t)) (f32x4.gt (local.get $c01) (local.get $t))))
          (then
            (v128.store offset=0 (local.get $scratch) (local.get $c00))
            (v128.store offset=16 (local.get $scratch) (local.get $c01))
            (call $scan (local.get $scratch) (local.get $valid) (local.get $hp) (local.get $lastoff))))
        (local.set $hp (i32.add (local.get $hp0) (i32.mul (i32.const 1) (local.get $kbytes))))
        (local.set $t (f32x4.splat (f32.load (i32.add (local.get $hp) (local.get $lastoff)))))
        (if (v128.any_true (v128.or (f32x4.gt (local.get $c10) (local.get $t)) (f32x4.gt (local.get $c11) (local.get $t))))
          (then
            (v128.store offset=0 (local.get $scratch) (local.get $c10))
            (v128.store offset=16 (local.get $scratch) (local.get $c11))
            (call $scan (local.get $scratch) (local.get $valid) (local.get $hp) (local.get $lastoff))))
        (local.set $hp (i32.add (local.get $hp0) (i32.mul (i32.const 2) (local.get $kbytes))))
        (local.set $t (f32x4.splat (f32.load (i32.add (local.get $hp) (local.get $lastoff)))))
        (if (v128.any_true (v128.or (f32x4.gt (local.get $c20) (local.get $t)) (f32x4.gt (local.get $c21) (local.get $t))))
          (then
            (v128.store offset=0 (local.get $scratch) (local.get $c20))
            (v128.store offset=16 (local.get $scratch) (local.get $c21))
            (call $scan (local.get $scratch) (local.get $valid) (local.get $hp) (local.get $lastoff))))
        (local.set $hp (i32.add (local.get $hp0) (i32.mul (i32.const 3) (local.get $kbytes))))
        (local.set $t (f32x4.splat (f32.load (i32.add (local.get $hp) (local.get $lastoff)))))
        (if (v128.any_true (v128.or (f32x4.gt (local.get $c30) (local.get $t)) (f32x4.gt (local.get $c31) (local.get $t))))
          (then
            (v128.store offset=0 (local.get $scratch) (local.get $c30))
            (v128.store offset=16 (local.get $scratch) (local.get $c31))
            (call $scan (local.get $scratch) (local.get $valid) (local.get $hp) (local.get $lastoff))))
        (br_if $groupsLoop (i32.lt_u (local.tee $g (i32.add (local.get $g) (i32.const 1))) (local.get $groups))))
      (br_if $blocks (i32.lt_u (local.tee $jb (i32.add (local.get $jb) (i32.const 1))) (local.get $nblk)))))

  ;; scan: inserts each of the n floats at s into the descending list at h whose last (k-th)
  ;; entry is at h + lastoff, dropping the smallest; a value equal to an entry goes after it.
  (func $scan (param $s i32) (param $n i32) (param $h i32) (param $lastoff i32)
    (local $i i32) (local $v f32) (local $p i32) (local $q i32) (local $last i32)
    (local.set $last (i32.add (local.get $h) (local.get $lastoff)))
    (block $done
      (loop $lanes
        (br_if $done (i32.ge_s (local.get $i) (local.get $n)))
        (local.set $v (f32.load (i32.add (local.get $s) (i32.shl (local.get $i) (i32.const 2)))))
        (if (f32.gt (local.get $v) (f32.load (local.get $last)))
          (then
            (local.set $p (local.get $last))
            (block $placed
              (loop $shift
                (br_if $placed (i32.le_u (local.get $p) (local.get $h)))
                (local.set $q (i32.sub (local.get $p) (i32.const 4)))
                (br_if $placed (i32.eqz (f32.lt (f32.load (local.get $q)) (local.get $v))))
                (f32.store (local.get $p) (f32.load (local.get $q)))
                (local.set $p (local.get $q))
                (br $shift)))
            (f32.store (local.get $p) (local.get $v))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $lanes))))

  (func $hmax (param $v v128) (result f32)
    (f32.max
      (f32.max (f32x4.extract_lane 0 (local.get $v)) (f32x4.extract_lane 1 (local.get $v)))
      (f32.max (f32x4.extract_lane 2 (local.get $v)) (f32x4.extract_lane 3 (local.get $v)))))
)
