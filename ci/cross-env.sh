# Linkers and qemu-user runners for the emulated targets (sourced by ci/test; a developer can
# source it too, then `cargo test --target T ...` runs under qemu).
# target  gcc-prefix  qemu
SHEAVE_CROSS_TARGETS="
aarch64-unknown-linux-gnu aarch64-linux-gnu aarch64
riscv64gc-unknown-linux-gnu riscv64-linux-gnu riscv64
s390x-unknown-linux-gnu s390x-linux-gnu s390x
armv7-unknown-linux-gnueabihf arm-linux-gnueabihf arm
"
while read -r target prefix qemu; do
    [ -n "$target" ] || continue
    var=$(echo "$target" | tr 'a-z-' 'A-Z_')
    export "CARGO_TARGET_${var}_LINKER=${prefix}-gcc"
    export "CARGO_TARGET_${var}_RUNNER=qemu-${qemu} -L /usr/${prefix}"
done <<< "$SHEAVE_CROSS_TARGETS"
