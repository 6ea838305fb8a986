;; Wu–Manber keyword scan (2-byte blocks), the same algorithm and tables as KeywordMatcher.scan in prefilter.ts.
;; Compiled to src/scan/_matcher-wasm.generated.ts by scripts/build-scan-wasm.ts (`npm run generate`).
;; Tables (built in wasm-matcher.ts), all addresses absolute in the imported memory:
;;   shift   u8[65536]    indexed by b[i-1] | b[i] << 8 (one little-endian 16-bit load)
;;   bstart  u32[65537]   bucket of bigram g is entries bstart[g] .. bstart[g+1]
;;   bent    u32[]        keyword indices, in the order KeywordMatcher checks them
;;   pat     (u32,u32)[]  per keyword: address and length of its case-folded bytes
;;   fold    u8[256]      ASCII upper case to lower case
;;   quads   u8[131072]   bitmap over a 20-bit hash of the 4 raw bytes at a window start, set for every case variant
;;                        of every keyword's first 4 bytes; 0 = no such filter (shortest keyword under 4 bytes)
;; Hits are written to out as (start, keyword) pairs of u32, by increasing start.
(module
  (import "env" "memory" (memory 1))
  ;; Where to continue after a call that stopped because `out` was full; -1 when the scan finished.
  (global $resume (export "resume") (mut i32) (i32.const -1))
  (func (export "scan")
    (param $shift i32) (param $bstart i32) (param $bent i32) (param $pat i32) (param $fold i32) (param $quads i32)
    (param $buf i32) (param $n i32) (param $limit i32) (param $i i32) (param $m i32)
    (param $out i32) (param $cap i32)
    (result i32)
    (local $s i32) (local $g i32) (local $e i32) (local $eEnd i32) (local $start i32)
    (local $h i32) (local $k i32) (local $p i32) (local $pOff i32) (local $pLen i32) (local $j i32) (local $count i32)
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
        ;; most windows ending in a keyword's last bigram start with no keyword's first 4 bytes
        (if (local.get $quads)
          (then
            (local.set $h (i32.shr_u (i32.mul (i32.load (i32.add (local.get $buf) (local.get $start))) (i32.const 0x9E3779B1))
                                     (i32.const 12)))
            (if (i32.eqz (i32.and
                  (i32.load8_u (i32.add (local.get $quads) (i32.shr_u (local.get $h) (i32.const 3))))
                  (i32.shl (i32.const 1) (i32.and (local.get $h) (i32.const 7)))))
              (then
                (local.set $i (i32.add (local.get $i) (i32.const 1)))
                (br $next)))))
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
            (local.set $p (i32.add (local.get $pat) (i32.shl (local.get $k) (i32.const 3))))
            (local.set $pOff (i32.load (local.get $p)))
            (local.set $pLen (i32.load offset=4 (local.get $p)))
            (if (i32.le_u (i32.add (local.get $start) (local.get $pLen)) (local.get $n))
              (then
                (local.set $j (i32.const 0))
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
                (if (i32.eq (local.get $j) (local.get $pLen))
                  (then
                    (local.set $p (i32.add (local.get $out) (i32.shl (local.get $count) (i32.const 3))))
                    (i32.store (local.get $p) (local.get $start))
                    (i32.store offset=4 (local.get $p) (local.get $k))
                    (local.set $count (i32.add (local.get $count) (i32.const 1)))))))
            (local.set $e (i32.add (local.get $e) (i32.const 1)))
            (br $entry)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (global.set $resume (i32.const -1))
    (local.get $count))
  ;; The same hits for a shortest keyword of 4 bytes or more, without the shift table: the 4-byte prefix bitmap is
  ;; tested at every window start. Each test is independent of the previous one, so the CPU overlaps them, where the
  ;; Wu–Manber skip is one chain of dependent loads (and shifts at most 3 bytes with 4-byte keywords).
  (func (export "scanQuads")
    (param $bstart i32) (param $bent i32) (param $pat i32) (param $fold i32) (param $quads i32)
    (param $buf i32) (param $n i32) (param $limit i32) (param $i i32) (param $m i32)
    (param $out i32) (param $cap i32)
    (result i32)
    (local $g i32) (local $e i32) (local $eEnd i32) (local $start i32) (local $end i32) (local $h i32)
    (local $k i32) (local $p i32) (local $pOff i32) (local $pLen i32) (local $j i32) (local $count i32)
    ;; window starts run from i - m + 1 to limit - m (exclusive end: limit - m + 1)
    (local.set $start (i32.sub (i32.add (local.get $i) (i32.const 1)) (local.get $m)))
    (local.set $end (i32.sub (i32.add (local.get $limit) (i32.const 1)) (local.get $m)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_s (local.get $start) (local.get $end)))
        (local.set $h (i32.shr_u (i32.mul (i32.load (i32.add (local.get $buf) (local.get $start))) (i32.const 0x9E3779B1))
                                 (i32.const 12)))
        (if (i32.eqz (i32.and
              (i32.load8_u (i32.add (local.get $quads) (i32.shr_u (local.get $h) (i32.const 3))))
              (i32.shl (i32.const 1) (i32.and (local.get $h) (i32.const 7)))))
          (then
            (local.set $start (i32.add (local.get $start) (i32.const 1)))
            (br $next)))
        (local.set $i (i32.add (local.get $start) (i32.sub (local.get $m) (i32.const 1))))
        (local.set $g (i32.load16_u (i32.add (local.get $buf) (i32.sub (local.get $i) (i32.const 1)))))
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
            (local.set $p (i32.add (local.get $pat) (i32.shl (local.get $k) (i32.const 3))))
            (local.set $pOff (i32.load (local.get $p)))
            (local.set $pLen (i32.load offset=4 (local.get $p)))
            (if (i32.le_u (i32.add (local.get $start) (local.get $pLen)) (local.get $n))
              (then
                (local.set $j (i32.const 0))
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
                (if (i32.eq (local.get $j) (local.get $pLen))
                  (then
                    (local.set $p (i32.add (local.get $out) (i32.shl (local.get $count) (i32.const 3))))
                    (i32.store (local.get $p) (local.get $start))
                    (i32.store offset=4 (local.get $p) (local.get $k))
                    (local.set $count (i32.add (local.get $count) (i32.const 1)))))))
            (local.set $e (i32.add (local.get $e) (i32.const 1)))
            (br $entry)))
        (local.set $start (i32.add (local.get $start) (i32.const 1)))
        (br $next)))
    (global.set $resume (i32.const -1))
    (local.get $count)))
