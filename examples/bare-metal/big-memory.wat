;; A module whose memory (2 MiB) is more than the board's heap: instantiating it must be an
;; error, not an abort.
(module (memory (export "memory") 32))
