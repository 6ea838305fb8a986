;; Wu–Manber keyword scan (2-byte blocks), the same algorithm and tables as KeywordMatcher.scan in prefilter.ts.
;; Compiled to src/scan/_matcher-wasm.generated.ts by scripts/build-scan-wasm.ts (`npm run generate`).
;; Tables (built in wasm-matcher.ts), all addresses absolute in the imported memory:
;;   shift   u8[65536]    indexed by b[i-1] | b[i] << 8 (one little-endian 16-bit load)
;;   bstart  u32[65537]   bucket of bigram g is entries bstart[g] .. bstart[g+1]
;;   bent    u32[]        keyword indices, in the order KeywordMatcher checks them
;;   pat     (u32,u32)[]  per keyword: address and length of its case-folded bytes
;;   fold    u8[256]      ASCII upper case to lower case
;; Hits are written to out as (start, keyword) pairs of u32 (by increasing start in scan, by position in scanQuads);
;; countLines gives their line numbers.
(module
  (import "env" "memory" (memory 1))
  ;; Where to continue after a call that stopped because `out` was full; -1 when the scan finished.
  (global $resume (export "resume") (mut i32) (i32.const -1))
  ;; Compares keyword $k with the case-folded bytes at $start and appends (start, k) to `out` when they are equal;
  ;; returns the new hit count.
  (func $matchAt
    (param $pat i32) (param $fold i32) (param $buf i32) (param $n i32) (param $start i32) (param $k i32) (param $out i32)
    (param $count i32)
    (result i32)
    (local $p i32) (local $pOff i32) (local $pLen i32) (local $j i32)
    (local.set $p (i32.add (local.get $pat) (i32.shl (local.get $k) (i32.const 3))))
    (local.set $pOff (i32.load (local.get $p)))
    (local.set $pLen (i32.load offset=4 (local.get $p)))
    (if (i32.gt_u (i32.add (local.get $start) (local.get $pLen)) (local.get $n)) (then (return (local.get $count))))
    (block $cmpDone
      (loop $cmp
        (br_if $cmpDone (i32.eq (local.get $j) (local.get $pLen)))
        (br_if $cmpDone
          (i32.ne
            (i32.load8_u (i32.add (local.get $fold)
              (i32.load8_u (i32.add (local.get $buf) (i32.add (local.get $start) (local.get $j))))))
            (i32.load8_u (i32.add (local.get $pOff) (local.get $j)))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $cmp)))
    (if (i32.ne (local.get $j) (local.get $pLen)) (then (return (local.get $count))))
    (local.set $p (i32.add (local.get $out) (i32.shl (local.get $count) (i32.const 3))))
    (i32.store (local.get $p) (local.get $start))
    (i32.store offset=4 (local.get $p) (local.get $k))
    (i32.add (local.get $count) (i32.const 1)))
  (func (export "scan")
    (param $shift i32) (param $bstart i32) (param $bent i32) (param $pat i32) (param $fold i32)
    (param $buf i32) (param $n i32) (param $limit i32) (param $i i32) (param $m i32)
    (param $out i32) (param $cap i32)
    (result i32)
    (local $s i32) (local $g i32) (local $e i32) (local $eEnd i32) (local $start i32)
    (local $k i32) (local $p i32) (local $count i32)
    ;; positions i < limit are window ends; keywords are verified against bytes < n
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $limit)))
        (local.set $g (i32.load16_u (i32.add (local.get $buf) (i32.sub (local.get $i) (i32.const 1)))))
        (local.set $s (i32.load8_u (i32.add (local.get $shift) (local.get $g))))
        (if (local.get $s)
          (then
            (local.set $i (i32.add (local.get $i) (local.get $s)))
            (br $next)))
        (local.set $start (i32.sub (i32.add (local.get $i) (i32.const 1)) (local.get $m)))
        (local.set $p (i32.add (local.get $bstart) (i32.shl (local.get $g) (i32.const 2))))
        (local.set $e (i32.load (local.get $p)))
        (local.set $eEnd (i32.load offset=4 (local.get $p)))
        (if (i32.gt_u (i32.add (local.get $count) (i32.sub (local.get $eEnd) (local.get $e))) (local.get $cap))
          (then
            (global.set $resume (local.get $i))
            (return (local.get $count))))
        (block $bucketDone
          (loop $entry
            (br_if $bucketDone (i32.ge_u (local.get $e) (local.get $eEnd)))
            (local.set $k (i32.load (i32.add (local.get $bent) (i32.shl (local.get $e) (i32.const 2)))))
            (local.set $count (call $matchAt (local.get $pat) (local.get $fold) (local.get $buf) (local.get $n) (local.get $start) (local.get $k) (local.get $out) (local.get $count)))
            (local.set $e (i32.add (local.get $e) (i32.const 1)))
            (br $entry)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (global.set $resume (i32.const -1))
    (local.get $count))
  ;; The same hits for a shortest keyword of 4 bytes or more, eight positions at a time. Each keyword is found by one
  ;; of its 4-byte pieces (the one least common in text, at offset o in the keyword). The hash of the 4 bytes at each
  ;; position (ASCII letters folded by OR 0x20, which only ever adds candidates) is computed for eight positions with
  ;; two shuffles and two i32x4 multiplies, and looked up in `quads`, a byte table at address 0 of the memory (so the
  ;; hash is the address). Most blocks of eight have no hit; a block with one is verified position by position in
  ;; $verify, each candidate keyword at start = position - o. Hits come out by position, not by start: the caller
  ;; sorts them. Tables: quads u8[65536] at address 0; qstart u32[65537]; the candidates of hash h are
  ;; qent[qstart[h] .. qstart[h+1]], each keyword index | o << 24.
  (func $verify
    (param $qstart i32) (param $qent i32) (param $pat i32) (param $fold i32) (param $buf i32) (param $n i32)
    (param $h i32) (param $at i32) (param $out i32) (param $cap i32) (param $count i32)
    (result i32)
    ;; the new hit count, or -1 when `out` cannot take every candidate of this position
    (local $e i32) (local $eEnd i32) (local $k i32) (local $p i32) (local $start i32)
    (local.set $p (i32.add (local.get $qstart) (i32.shl (local.get $h) (i32.const 2))))
    (local.set $e (i32.load (local.get $p)))
    (local.set $eEnd (i32.load offset=4 (local.get $p)))
    (if (i32.gt_u (i32.add (local.get $count) (i32.sub (local.get $eEnd) (local.get $e))) (local.get $cap))
      (then (return (i32.const -1))))
    (block $bucketDone
      (loop $entry
        (br_if $bucketDone (i32.ge_u (local.get $e) (local.get $eEnd)))
        (local.set $k (i32.load (i32.add (local.get $qent) (i32.shl (local.get $e) (i32.const 2)))))
        (local.set $start (i32.sub (local.get $at) (i32.shr_u (local.get $k) (i32.const 24))))
        (local.set $k (i32.and (local.get $k) (i32.const 0xFFFFFF)))
        ;; a start before the buffer belongs to the previous chunk
        (if (i32.ge_s (local.get $start) (i32.const 0))
          (then
            (local.set $count (call $matchAt (local.get $pat) (local.get $fold) (local.get $buf) (local.get $n) (local.get $start) (local.get $k) (local.get $out) (local.get $count)))))
        (local.set $e (i32.add (local.get $e) (i32.const 1)))
        (br $entry)))
    (local.get $count))
;; Positions $start .. $end - 1; the buffer must be readable 16 bytes past $end - 1 (its contents there only add
  ;; candidates, and $verify checks every keyword against bytes < $n). $hashes is 32 bytes of scratch memory.
  (func (export "scanQuads")
    (param $qstart i32) (param $qent i32) (param $pat i32) (param $fold i32) (param $buf i32) (param $n i32)
    (param $start i32) (param $end i32) (param $out i32) (param $cap i32) (param $hashes i32)
    (result i32)
    (local $v v128) (local $a v128) (local $b v128) (local $j i32) (local $h i32) (local $r i32) (local $count i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_s (local.get $start) (local.get $end)))
        (local.set $v (v128.or (v128.load (i32.add (local.get $buf) (local.get $start))) (v128.const i32x4 0x20202020 0x20202020 0x20202020 0x20202020)))
        (local.set $a (i32x4.shr_u
          (i32x4.mul (i8x16.shuffle 0 1 2 3 1 2 3 4 2 3 4 5 3 4 5 6 (local.get $v) (local.get $v)) (v128.const i32x4 0x9E3779B1 0x9E3779B1 0x9E3779B1 0x9E3779B1))
          (i32.const 16)))
        (local.set $b (i32x4.shr_u
          (i32x4.mul (i8x16.shuffle 4 5 6 7 5 6 7 8 6 7 8 9 7 8 9 10 (local.get $v) (local.get $v)) (v128.const i32x4 0x9E3779B1 0x9E3779B1 0x9E3779B1 0x9E3779B1))
          (i32.const 16)))
        (if (i32.or
              (i32.or
                (i32.or (i32.load8_u (i32x4.extract_lane 0 (local.get $a))) (i32.load8_u (i32x4.extract_lane 1 (local.get $a))))
                (i32.or (i32.load8_u (i32x4.extract_lane 2 (local.get $a))) (i32.load8_u (i32x4.extract_lane 3 (local.get $a)))))
              (i32.or
                (i32.or (i32.load8_u (i32x4.extract_lane 0 (local.get $b))) (i32.load8_u (i32x4.extract_lane 1 (local.get $b))))
                (i32.or (i32.load8_u (i32x4.extract_lane 2 (local.get $b))) (i32.load8_u (i32x4.extract_lane 3 (local.get $b))))))
          (then
            ;; the eight hashes go through scratch memory, so one loop can visit them
            (v128.store (local.get $hashes) (local.get $a))
            (v128.store offset=16 (local.get $hashes) (local.get $b))
            (local.set $j (i32.const 0))
            (block $blockDone
              (loop $each
                (br_if $blockDone (i32.or (i32.eq (local.get $j) (i32.const 8)) (i32.ge_s (i32.add (local.get $start) (local.get $j)) (local.get $end))))
                (local.set $h (i32.load (i32.add (local.get $hashes) (i32.shl (local.get $j) (i32.const 2)))))
                (if (i32.load8_u (local.get $h))
                  (then
                    (local.set $r (call $verify (local.get $qstart) (local.get $qent) (local.get $pat) (local.get $fold) (local.get $buf)
                      (local.get $n) (local.get $h) (i32.add (local.get $start) (local.get $j)) (local.get $out) (local.get $cap) (local.get $count)))
                    (if (i32.lt_s (local.get $r) (i32.const 0))
                      (then
                        (global.set $resume (i32.add (local.get $start) (local.get $j)))
                        (return (local.get $count))))
                    (local.set $count (local.get $r))))
                (local.set $j (i32.add (local.get $j) (i32.const 1)))
                (br $each)))))
        (local.set $start (i32.add (local.get $start) (i32.const 8)))
        (br $next)))
    (global.set $resume (i32.const -1))
    (local.get $count))
  ;; Newline bytes in $from .. $to - 1, sixteen at a time: the line number of each hit is counted here, not by one
  ;; indexOf per line in JS.
  (func (export "countLines") (param $from i32) (param $to i32) (result i32)
    (local $count i32)
    (block $wide
      (loop $next
        (br_if $wide (i32.gt_s (i32.add (local.get $from) (i32.const 16)) (local.get $to)))
        (local.set $count (i32.add (local.get $count)
          (i32.popcnt (i8x16.bitmask (i8x16.eq (v128.load (local.get $from)) (v128.const i8x16 10 10 10 10 10 10 10 10 10 10 10 10 10 10 10 10))))))
        (local.set $from (i32.add (local.get $from) (i32.const 16)))
        (br $next)))
    (block $done
      (loop $tail
        (br_if $done (i32.ge_s (local.get $from) (local.get $to)))
        (local.set $count (i32.add (local.get $count) (i32.eq (i32.load8_u (local.get $from)) (i32.const 10))))
        (local.set $from (i32.add (local.get $from) (i32.const 1)))
        (br $tail)))
    (local.get $count)))
