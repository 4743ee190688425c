//! Helpers shared by the integration tests (`mod common;`).

/// Writes an artifact's checksum again after an edit (FNV-1a's step over the little-endian
/// u64 words after the 36-byte header, the last zero-padded; stored in the header's last 8
/// bytes), so that the check under test is the one that refuses, not the checksum.
pub fn restamp_checksum(artifact: &mut [u8]) {
    let step = |h: u64, w: u64| (h ^ w).wrapping_mul(0x100_0000_01b3);
    let mut h = 0xcbf2_9ce4_8422_2325u64;
    let mut words = artifact[36..].chunks_exact(8);
    for w in words.by_ref() {
        h = step(h, u64::from_le_bytes(w.try_into().unwrap()));
    }
    let mut tail = [0u8; 8];
    tail[..words.remainder().len()].copy_from_slice(words.remainder());
    h = step(h, u64::from_le_bytes(tail));
    artifact[28..36].copy_from_slice(&h.to_le_bytes());
}
